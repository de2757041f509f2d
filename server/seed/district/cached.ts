import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The whole generated district (`npm run seed -- --scale district`) for the benchmarks and the
 * district-scale browser test: generated once by the real CLI in its own process (its own heap,
 * the flags `npm run seed` uses) and kept under `.tmp/district-<stamp>`, where the stamp hashes
 * every source the generated documents depend on (the generator, the domain, the store and the
 * collections), so a change to any of them generates it anew. Callers that write to the store
 * copy it first (see copyStore).
 */

const SOURCES = ['domain', join('server', 'seed'), join('server', 'store'), join('cloudfunctions', '_shared')];

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []))
    .sort();

export const districtStamp = (root: string, nowMs: number, seed: string): string => {
  const hash = createHash('sha256').update(`${nowMs}\0${seed}\0`);
  for (const file of SOURCES.flatMap((d) => filesUnder(join(root, d)))) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
};

/** The node flags `npm run seed` runs the generator with (a larger young generation: it allocates a lot of short-lived objects). */
export const SEED_NODE_FLAGS = ['--max-semi-space-size=64', '--max-old-space-size=8192'];

export interface CachedDistrict {
  dir: string;
  /** How long generating took, or null when it came from the cache. */
  generatedMs: number | null;
  /** What the CLI printed (its summary line: documents, orders, time). */
  output: string;
}

export const cachedDistrict = async (root: string, options: { nowMs: number; seed?: string; log?: (line: string) => void }): Promise<CachedDistrict> => {
  const seed = options.seed ?? 'weicheng-2026';
  const dir = join(root, '.tmp', `district-${districtStamp(root, options.nowMs, seed)}`);
  const done = join(dir, 'done.json');
  if (existsSync(done)) return { dir, generatedMs: null, output: (JSON.parse(readFileSync(done, 'utf8')) as { output: string }).output };
  const building = `${dir}.partial`;
  rmSync(building, { recursive: true, force: true });
  const t0 = performance.now();
  const args = [...SEED_NODE_FLAGS, join(root, 'scripts', 'seed.mjs'), '--scale', 'district', '--data-dir', building, '--now', new Date(options.nowMs).toISOString(), '--seed', seed];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let partial = '';
    // Decoded as UTF-8 by the streams (a character split across chunks stays whole); lines told as they complete.
    const take = (text: string) => {
      out += text;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('完成') || line.startsWith('生成')) options.log?.(line.trim());
    };
    child.stdout.setEncoding('utf8').on('data', take);
    child.stderr.setEncoding('utf8').on('data', take);
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`generating the district failed (exit ${code}):\n${out.slice(-2000)}`))));
  });
  const generatedMs = performance.now() - t0;
  const summary = output.split('\n').filter((l) => l.startsWith('完成')).join('\n');
  writeFileSync(join(building, 'done.json'), JSON.stringify({ generatedMs, output: summary }));
  // One district at a time: an older generation (another stamp) is 931 MB of nothing.
  for (const old of readdirSync(join(root, '.tmp'))) {
    if (old.startsWith('district-') && join(root, '.tmp', old) !== building) rmSync(join(root, '.tmp', old), { recursive: true, force: true });
  }
  renameSync(building, dir);
  return { dir, generatedMs, output: summary };
};

/** A copy of the cached store in `to`, for a host that will write to it (the cache stays as generated). */
export const copyStore = (from: string, to: string): void => {
  cpSync(from, to, { recursive: true, filter: (src) => !src.endsWith('done.json') });
};
