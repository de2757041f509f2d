import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, truncateSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildSync } from 'esbuild';
import { DocumentStore, StoreError } from '../../server/store/document-store';
import { ROOT, startTestHost } from '../helpers/test-host';

/**
 * The store refuses to open a damaged data file, says what is wrong and how to recover, and never
 * starts empty over it (which would let the host seed a fresh demo district over real data). The
 * host process (server/main.ts) exits with that message and no stack trace, touching nothing.
 */

const FILE = 'redgrid.sqlite';
const STACK = /\n\s+at\s|\.ts:\d+|\.js:\d+/;

/** A data dir holding a seeded store, closed cleanly (the WAL folded into the file). */
const seededDir = async (): Promise<string> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'redgrid-integrity-'));
  const host = startTestHost({ dataDir });
  await host.destroy();
  return dataDir;
};

const openError = (dataDir: string): StoreError => {
  try {
    new DocumentStore({ dataDir }).close();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('the store opened');
};

const overwrite = (file: string, offset: number, bytes: Buffer) => {
  const fd = openSync(file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
};

const setRow = (dataDir: string, collection: string, id: string, text: string) => {
  const db = new Database(join(dataDir, FILE));
  db.prepare(`UPDATE "c_${collection}" SET doc = ? WHERE _id = ?`).run(text, id);
  db.close();
};

describe('store integrity', () => {
  const dirs: string[] = [];
  const track = (dir: string) => {
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('a healthy store opens again with everything in it', async () => {
    const dataDir = track(await seededDir());
    const store = new DocumentStore({ dataDir });
    try {
      expect(store.get('orgs', 'c-wh')).toMatchObject({ name: '文汇社区' });
      expect(store.size('users')).toBeGreaterThan(5);
    } finally {
      store.close();
    }
  });

  it('overwritten file header: refused as damaged, with the recovery steps, file untouched', async () => {
    const dataDir = track(await seededDir());
    const file = join(dataDir, FILE);
    overwrite(file, 0, Buffer.from('this is not a sqlite file at all'));
    const bytes = readFileSync(file);
    const error = openError(dataDir);
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/damaged/);
    expect(error.message).toMatch(/restore .* from your backup/);
    expect(error.message).toMatch(/\.recover/);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('garbage in the middle of the file (a torn page): refused, never read as an empty store', async () => {
    const dataDir = track(await seededDir());
    const file = join(dataDir, FILE);
    const size = statSync(file).size;
    for (let offset = 4096; offset < size; offset += 8192) overwrite(file, offset, Buffer.alloc(512, 0xa5));
    const error = openError(dataDir);
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toMatch(/malformed|quick_check|not a database|corrupt/i);
  });

  it('a truncated JSON document: refused, naming the document and how to drop just that row', async () => {
    const dataDir = track(await seededDir());
    setRow(dataDir, 'orgs', 'c-wh', '{"_id":"c-wh","name":"文汇');
    const error = openError(dataDir);
    expect(error.code).toBe('CORRUPT');
    expect(error.message).toContain('document orgs/c-wh cannot be read');
    expect(error.message).toContain(`DELETE FROM c_orgs WHERE _id = 'c-wh'`);
  });

  it('garbage or a foreign document in a row: refused the same way', async () => {
    const dataDir = track(await seededDir());
    setRow(dataDir, 'users', 'demo-secretary', 'garbage');
    expect(openError(dataDir).message).toContain('document users/demo-secretary cannot be read');
    setRow(dataDir, 'users', 'demo-secretary', '{"_id":"someone-else","name":"冒名"}');
    expect(openError(dataDir).message).toContain('document users/demo-secretary cannot be read (not a document with this _id)');
    setRow(dataDir, 'users', 'demo-secretary', '[1,2,3]');
    expect(openError(dataDir).code).toBe('CORRUPT');
  });

  it('an emptied or missing data file in a directory that held a store: refused, not started empty', async () => {
    const dataDir = track(await seededDir());
    const file = join(dataDir, FILE);
    truncateSync(file, 0);
    expect(openError(dataDir).message).toMatch(/redgrid\.sqlite is empty .* says this directory holds a store/);
    expect(statSync(file).size).toBe(0);
    unlinkSync(file);
    expect(openError(dataDir).message).toMatch(/redgrid\.sqlite is missing/);
    expect(existsSync(file)).toBe(false);
  });

  it('a new, untouched directory still starts a new store', () => {
    const dataDir = track(mkdtempSync(join(tmpdir(), 'redgrid-integrity-')));
    new DocumentStore({ dataDir }).close();
    new DocumentStore({ dataDir }).close();
  });

  describe('the host process (server/main.ts)', () => {
    const bundle = join(ROOT, '.tmp', 'fixtures', 'host-main.cjs');
    beforeAll(() => {
      // Built like `npm start` builds it, but resolving the repo's cloudfunctions-dist from .tmp.
      buildSync({
        entryPoints: [join(ROOT, 'server', 'main.ts')],
        outfile: bundle,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        packages: 'external',
        logLevel: 'error',
        define: { __dirname: JSON.stringify(join(ROOT, 'server-dist')) },
      });
    });

    const run = (env: Record<string, string>, until?: RegExp, waitMs = 30_000) =>
      new Promise<{ code: number | null; stdout: string; stderr: string; child: ReturnType<typeof spawn> }>((resolve, reject) => {
        const child = spawn(process.execPath, [bundle], { env: { ...process.env, PORT: '0', REDGRID_DEMO_HISTORY: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        const timer = setTimeout(() => reject(new Error(`host did not answer: ${stdout} ${stderr}`)), waitMs);
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          if (until?.test(stdout)) {
            clearTimeout(timer);
            resolve({ code: null, stdout, stderr, child });
          }
        });
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, stdout, stderr, child });
        });
      });

    it('refuses to start on a damaged file: exit 1, what and how to recover, no stack, nothing written', async () => {
      const dataDir = track(await seededDir());
      const file = join(dataDir, FILE);
      overwrite(file, 0, Buffer.from('garbage garbage garbage garbage!'));
      const before = readFileSync(file);
      const { code, stderr, stdout } = await run({ REDGRID_DATA_DIR: dataDir });
      expect(code).toBe(1);
      expect(stderr).toContain('无法启动：数据文件损坏，未做任何改动');
      expect(stderr).toContain(file);
      expect(stderr).toMatch(/To recover:[\s\S]*restore/);
      expect(stderr).not.toMatch(STACK);
      expect(stdout).not.toContain('已启动');
      expect(readFileSync(file).equals(before)).toBe(true);
    });

    it('with REDGRID_DEV=0 the dev identity header and dev routes are refused', async () => {
      const dataDir = track(mkdtempSync(join(tmpdir(), 'redgrid-prod-')));
      const started = await run({ REDGRID_DATA_DIR: dataDir, REDGRID_DEV: '0' }, /open http:\/\/localhost:(\d+)/);
      try {
        const port = Number(/open http:\/\/localhost:(\d+)/.exec(started.stdout)?.[1]);
        expect(started.stdout).toContain('dev mode: off');
        const res = await fetch(`http://127.0.0.1:${port}/api/cloud/org`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-dev-openid': 'demo-district-admin' },
          body: JSON.stringify({ action: 'whoami' }),
        });
        expect(res.status).toBe(403);
        expect(await res.json()).toMatchObject({ result: { ok: false, error: { code: 'UNAUTHENTICATED' } } });
        expect((await fetch(`http://127.0.0.1:${port}/api/dev/identities`)).status).toBe(404);
        // Without the header there is no caller at all (CloudBase vouches for OPENID; the host has none to give).
        const anonymous = await fetch(`http://127.0.0.1:${port}/api/cloud/org`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"whoami"}' });
        expect(await anonymous.json()).toMatchObject({ result: { ok: false, error: { code: 'UNAUTHENTICATED' } } });
      } finally {
        started.child.kill('SIGTERM');
        await new Promise((resolve) => started.child.once('exit', resolve));
      }
    });

    it('the first start (npm start) gives the demo communities a year of history; the second start keeps it', async () => {
      const dataDir = track(mkdtempSync(join(tmpdir(), 'redgrid-first-')));
      const ready = /open http:\/\/localhost:(\d+)/;
      const first = await run({ REDGRID_DATA_DIR: dataDir, REDGRID_DEMO_HISTORY: '' }, ready, 180_000);
      let port = Number(ready.exec(first.stdout)?.[1]);
      const ask = async (openid: string, fn: string, action: string, payload: object) =>
        (await (await fetch(`http://127.0.0.1:${port}/api/cloud/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-dev-openid': openid }, body: JSON.stringify({ action, payload }) })).json()) as {
          result: { ok: boolean; data: { count?: number; items?: unknown[] } };
        };
      try {
        expect(first.stdout).toMatch(/已生成 \d+ 条诉求/);
        const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
        const year = await ask('demo-secretary', 'scoring', 'scores', { orgId: 'c-wh', from: `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`, to: today });
        expect(year.result.data.count).toBeGreaterThan(500);
        expect((await ask('demo-resident', 'orders', 'list', { box: 'mine' })).result.data.items?.length).toBeGreaterThan(0);
      } finally {
        first.child.kill('SIGTERM');
        await new Promise((resolve) => first.child.once('exit', resolve));
      }
      const second = await run({ REDGRID_DATA_DIR: dataDir, REDGRID_DEMO_HISTORY: '' }, ready);
      port = Number(ready.exec(second.stdout)?.[1]);
      try {
        expect(second.stdout).not.toContain('首次启动');
      } finally {
        second.child.kill('SIGTERM');
        await new Promise((resolve) => second.child.once('exit', resolve));
      }
    }, 240_000);
  });
});
