/**
 * The real local cloud host (server-dist/main.cjs) as a child process on 127.0.0.1, for the soak:
 * start on a data dir, SIGKILL, restart on the same dir, stop. Calls wait while it is down.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export type Envelope = { ok: true; data: any } | { ok: false; error: { code: string; message: string; details?: unknown } }; // eslint-disable-line @typescript-eslint/no-explicit-any -- the driver reads answers loosely

/** A free loopback port (the OS picks one, we let it go and the host takes it). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });

/**
 * Copies the built host and functions into `runDir` (under the build lock when `flock` exists), so
 * a rebuild by someone else during the run cannot pull the bundles away between two restarts.
 * node_modules still resolve from the repository (runDir is inside it).
 */
export const snapshotBuild = (root: string, runDir: string): void => {
  for (const dir of ['server-dist', 'cloudfunctions-dist']) {
    if (!existsSync(join(root, dir))) throw new Error(`${dir}/ is missing: run \`node scripts/build-backend.mjs all\` first`);
  }
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const copy = () => {
    cpSync(join(root, 'server-dist'), join(runDir, 'server-dist'), { recursive: true });
    cpSync(join(root, 'cloudfunctions-dist'), join(runDir, 'cloudfunctions-dist'), { recursive: true });
  };
  try {
    execFileSync('flock', ['/tmp/redgrid-build.lock', 'cp', '-r', join(root, 'server-dist'), join(root, 'cloudfunctions-dist'), runDir], { stdio: 'ignore' });
  } catch {
    copy();
  }
};

export interface SoakHostOptions {
  runDir: string;
  dataDir: string;
  port: number;
  /** Extra environment for the host (rate limits…). */
  env?: Record<string, string>;
  /** Runs once the host is healthy, before waiting calls go (the soak puts the clock back). */
  beforeOpen?: () => Promise<void>;
}

export class SoakHost {
  private child: ChildProcess | undefined;
  private upNow = false;
  private upWaiters: (() => void)[] = [];
  private tail: string[] = [];
  readonly base: string;
  starts = 0;
  kills = 0;
  /** Real milliseconds the host was down (kill → healthy again). */
  downMs = 0;

  constructor(private readonly options: SoakHostOptions) {
    this.base = `http://127.0.0.1:${options.port}`;
  }

  get up(): boolean {
    return this.upNow;
  }

  /** The host's last output lines (for a failure message). */
  lastLines(): string {
    return this.tail.join('\n');
  }

  /** Resolves when the host answers /healthz (immediately when it does now). */
  waitUp(): Promise<void> {
    if (this.upNow) return Promise.resolve();
    return new Promise((resolve) => this.upWaiters.push(resolve));
  }

  async start(timeoutMs = 90_000): Promise<void> {
    const child = spawn(process.execPath, [join(this.options.runDir, 'server-dist', 'main.cjs')], {
      cwd: this.options.runDir,
      env: {
        ...process.env,
        ...this.options.env,
        PORT: String(this.options.port),
        HOST: '127.0.0.1',
        REDGRID_DATA_DIR: this.options.dataDir,
        REDGRID_SEED: 'demo',
        REDGRID_DEV: '1',
        REDGRID_DEMO_HISTORY: '0',
        REDGRID_SYNC: 'NORMAL',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.starts++;
    const keep = (chunk: Buffer) => {
      this.tail.push(...chunk.toString().split('\n').filter(Boolean));
      if (this.tail.length > 40) this.tail.splice(0, this.tail.length - 40);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const t0 = Date.now();
    while (Date.now() - t0 < timeoutMs) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`host exited while starting (${child.exitCode ?? child.signalCode}):\n${this.lastLines()}`);
      try {
        const res = await fetch(`${this.base}/healthz`, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) {
          await this.options.beforeOpen?.();
          this.upNow = true;
          for (const w of this.upWaiters.splice(0)) w();
          return;
        }
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`host not healthy after ${timeoutMs} ms:\n${this.lastLines()}`);
  }

  private exited(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  /** kill -9, then start again on the same data dir. */
  async killAndRestart(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const t0 = Date.now();
    this.upNow = false;
    child.kill('SIGKILL');
    this.kills++;
    await this.exited(child);
    await this.start();
    this.downMs += Date.now() - t0;
  }

  /** A clean stop (SIGTERM: the host closes its store), SIGKILL after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.upNow = false;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited(child);
    clearTimeout(timer);
    this.child = undefined;
  }

  /** One HTTP call of a cloud function; throws on a network failure (host down or killed mid-call). */
  async call(fn: string, event: Record<string, unknown>, openid: string, timeoutMs = 30_000): Promise<Envelope> {
    const res = await fetch(`${this.base}/api/cloud/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dev-openid': openid },
      body: JSON.stringify(event),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json()) as { result: Envelope };
    return body.result;
  }

  async clockNow(): Promise<number> {
    const res = await fetch(`${this.base}/api/dev/clock`, { signal: AbortSignal.timeout(10_000) });
    return Date.parse(((await res.json()) as { now: string }).now);
  }

  async advanceClock(ms: number): Promise<number> {
    const res = await fetch(`${this.base}/api/dev/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: Math.max(0, Math.round(ms)) }),
      signal: AbortSignal.timeout(10_000),
    });
    return Date.parse(((await res.json()) as { now: string }).now);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
