import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { DbEngine, DbMeter } from './store/db-engine';

/**
 * Per-call context of the local host: who is calling, which store answers the
 * database requests and what time it is. Set with AsyncLocalStorage around each
 * function invocation, so concurrent calls never see each other's identity.
 */
export interface CallContext {
  openid: string | undefined;
  /** `wx_client` for calls from the app; `wx_trigger` for the timer (as CloudBase reports them). */
  source: 'wx_client' | 'wx_trigger';
  engine: DbEngine;
  now: () => number;
  appid: string;
  env: string;
  publicUrl: string;
  qrSecret: string;
  /** This invocation's database requests and waves (server/store/db-engine.ts `DbMeter`). */
  db: DbMeter;
}

/**
 * One AsyncLocalStorage per process, not per copy of this module: the SDK is patched once
 * (PATCHED below), so every bundle that embeds the host (each bench of `npm run bench` is its
 * own esbuild bundle, loaded into one process) must set the very store the patch reads.
 * A module-level `new AsyncLocalStorage()` gave each bundle its own: after the first bench,
 * the next bench's calls ran with no identity and no engine (org.qrcode → UNAUTHENTICATED).
 */
const CONTEXT = Symbol.for('redgrid.callContext');
export const callContext: AsyncLocalStorage<CallContext> = ((globalThis as Record<symbol, unknown>)[CONTEXT] ??=
  new AsyncLocalStorage<CallContext>()) as AsyncLocalStorage<CallContext>;

const PATCHED = Symbol.for('redgrid.sdkBridge');

type Requester = { prototype: { send: (api: string, data?: Record<string, unknown>) => Promise<unknown> } };

/**
 * Swaps only the database transport of the real wx-server-sdk (the one the function
 * bundles in `functionsDir` resolve) for the embedded engine, and makes
 * `getWXContext()` answer the per-call identity. Idempotent.
 */
export const installSdkBridge = (functionsDir: string): void => {
  const load = createRequire(`${functionsDir}/_resolve.js`);
  const sdkPath = load.resolve('wx-server-sdk');
  const fromSdk = createRequire(sdkPath);
  const requesterModule = fromSdk(
    fromSdk.resolve('@cloudbase/node-sdk/dist/utils/tcbdbapirequester.js', { paths: [dirname(sdkPath)] }),
  ) as { TcbDBApiHttpRequester: Requester };
  const sdk = load('wx-server-sdk') as Record<string | symbol, unknown>;
  if (sdk[PATCHED]) return;
  requesterModule.TcbDBApiHttpRequester.prototype.send = async function send(api, data) {
    const ctx = callContext.getStore();
    if (!ctx) throw new Error(`database call ${api} outside a host invocation`);
    return ctx.engine.send(api, data, ctx.db);
  };
  sdk.getWXContext = () => {
    const ctx = callContext.getStore();
    return { OPENID: ctx?.openid, APPID: ctx?.appid, UNIONID: undefined, ENV: ctx?.env, SOURCE: ctx?.source };
  };
  (globalThis as { __REDGRID_HOST__?: unknown }).__REDGRID_HOST__ = {
    now: () => callContext.getStore()?.now() ?? Date.now(),
    publicUrl: () => callContext.getStore()?.publicUrl ?? 'http://localhost:3000',
    qrSecret: () => callContext.getStore()?.qrSecret ?? '',
  };
  sdk[PATCHED] = true;
};

/** Loads a built function bundle with the same resolver the bridge patched. */
export const loadFunction = (functionsDir: string, name: string): { main: (event: unknown, context: unknown) => Promise<unknown> } => {
  const load = createRequire(`${functionsDir}/_resolve.js`);
  return load(`${functionsDir}/${name}/index.js`) as { main: (event: unknown, context: unknown) => Promise<unknown> };
};
