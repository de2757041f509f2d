import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHost, type FunctionName, type Host, type HostOptions } from '../../server/host';

export const ROOT = resolve(__dirname, '..', '..');
export const FUNCTIONS_DIR = join(ROOT, 'cloudfunctions-dist');

/** Monday 2 March 2026, 09:00 Beijing time: a working day, inside opening hours. */
export const FIXED_NOW = Date.parse('2026-03-02T09:00:00+08:00');

export const requireBuiltFunctions = (): void => {
  if (!existsSync(join(FUNCTIONS_DIR, 'org', 'index.js'))) {
    throw new Error('cloudfunctions-dist/ is missing: run `npm run build:functions` (npm test does it for you)');
  }
};

export interface TestHost extends Host {
  dataDir: string;
  /** Calls a function as `openid` and returns the envelope. */
  call<T = unknown>(fn: FunctionName, action: string, payload?: unknown, openid?: string): Promise<Envelope<T>>;
  /** The real wx-server-sdk the bundles use (patched by the host), for contract tests. */
  sdk(): WxServerSdk;
  destroy(): Promise<void>;
}

type Envelope<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

// The SDK's own typings are callback-overloaded; tests use the promise shapes they pin themselves.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WxServerSdk = any;

/**
 * Rate limits in tests: the limiter runs (every counted call writes its counter) with every
 * budget ×1000, because tests act as one demo person many times at one frozen instant. A test
 * of the limits themselves sets REDGRID_RATE_LIMITS before its calls (the functions read it per call).
 */
export const TEST_RATE_LIMITS = '{"scale":1000}';

/** A host over a fresh data dir with a fixed clock; call destroy() in afterEach/afterAll. */
export const startTestHost = (options: Partial<HostOptions> = {}): TestHost => {
  requireBuiltFunctions();
  process.env.REDGRID_RATE_LIMITS ??= TEST_RATE_LIMITS;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'redgrid-test-'));
  const host = createHost({
    dataDir,
    functionsDir: FUNCTIONS_DIR,
    dev: true,
    seed: 'demo',
    clockStartMs: FIXED_NOW,
    sweepEveryMs: 0,
    ...options,
  });
  const load = createRequire(join(FUNCTIONS_DIR, '_resolve.js'));
  return {
    ...host,
    dataDir,
    call: async <T>(fn: FunctionName, action: string, payload?: unknown, openid?: string) =>
      (await host.invoke(fn, { action, payload }, openid)) as Envelope<T>,
    sdk: () => load('wx-server-sdk'),
    destroy: async () => {
      await host.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

/** The data of an ok envelope; anything else fails the test with the error it carried. */
export const ok = async <T>(p: Promise<{ ok: boolean; data?: unknown; error?: unknown }>): Promise<T> => {
  const res = await p;
  if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res.error)}`);
  return res.data as T;
};
