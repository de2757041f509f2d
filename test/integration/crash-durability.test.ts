import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { DocumentStore } from '../../server/store/document-store';
import { FUNCTIONS_DIR, ROOT, requireBuiltFunctions } from '../helpers/test-host';

/** Acknowledged writes survive a SIGKILL of the host in the middle of a write burst; nothing is half-applied. */
describe('crash durability', () => {
  const bundle = join(ROOT, '.tmp', 'fixtures', 'write-burst.cjs');
  let dataDir: string;

  beforeAll(() => {
    requireBuiltFunctions();
    buildSync({
      entryPoints: [join(ROOT, 'test', 'fixtures', 'write-burst.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      logLevel: 'error',
    });
    dataDir = mkdtempSync(join(tmpdir(), 'redgrid-crash-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('finds every acknowledged write after kill -9 and restart', async () => {
    const child = spawn(process.execPath, [bundle, dataDir, FUNCTIONS_DIR], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await new Promise<void>((resolve, reject) => {
      let buffer = '';
      const timer = setTimeout(() => reject(new Error(`too few acks: ${acked.length} ${stderr}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
        if (acked.length >= 400 && !child.killed) {
          child.kill('SIGKILL');
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code, signal) => {
        if (signal !== 'SIGKILL') reject(new Error(`child exited early (${code}): ${stderr}`));
      });
    });
    await new Promise((resolve) => child.once('close', resolve));

    const store = new DocumentStore({ dataDir });
    try {
      const missing = acked.filter((id) => !store.get('burst', id));
      expect(missing).toEqual([]);
      for (const doc of store.all('burst')) {
        if (doc.kind === 'order') expect(store.get('burst_events', `${doc._id}-e`)).toBeDefined();
      }
      for (const event of store.all('burst_events')) expect(store.get('burst', String(event.orderId))).toBeDefined();
      expect(store.size('burst')).toBeGreaterThanOrEqual(acked.length);
    } finally {
      store.close();
    }
  }, 60_000);
});
