import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { COLLECTIONS } from '../cloudfunctions/_shared/collections';
import { fail } from '../domain/model/envelope';
import { listIdentities } from './dev-identities';
import { type CallContext, callContext, installSdkBridge, loadFunction } from './sdk-bridge';
import { seedDemo } from './seed/demo';
import { hostSecret } from './secrets';
import { serveStatic } from './static-files';
import { MAX_UPLOAD_BYTES, saveUpload, serveUpload } from './uploads';
import { checkUploadQuota, recordUpload } from './upload-records';
import { type DbLatency, type DbStats, DbEngine, latencyFromEnv, newDbMeter, type QueryRecord } from './store/db-engine';
import { DocumentStore } from './store/document-store';

export const FUNCTION_NAMES = ['orders', 'checkins', 'scoring', 'org', 'sweep'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

export const MAX_BODY_BYTES = 256 * 1024;
const OPENID_HEADER = /^[A-Za-z0-9_-]{1,64}$/;

export interface HostOptions {
  dataDir: string;
  functionsDir: string;
  /** Folder of the H5 build served at `/`; omitted = API only. */
  h5Dir?: string;
  /** Dev mode: X-Dev-Openid header and /api/dev/* routes. */
  dev: boolean;
  seed: 'demo' | 'none';
  /** Start of the injected clock (ms); defaults to the wall clock. */
  clockStartMs?: number;
  /** Run the `sweep` timer function this often (0 = never, as in tests). */
  sweepEveryMs?: number;
  synchronous?: 'NORMAL' | 'FULL';
  /** Base URL printed into QR codes (default http://localhost:<port> once listening). */
  publicUrl?: string;
  log?: (line: string) => void;
  /** Injected round trip of every database request; default from REDGRID_DB_RTT_MS / REDGRID_DB_RTT_JITTER_MS (0). */
  dbLatency?: DbLatency;
}

export interface HostClock {
  now(): number;
  advance(ms: number): void;
}

/** Wall clock plus an offset that dev tools move forward; frozen when a start is given. */
const hostClock = (startMs: number | undefined): HostClock => {
  let offset = 0;
  return {
    now: () => (startMs ?? Date.now()) + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
};

export interface Host {
  store: DocumentStore;
  clock: HostClock;
  /** Calls a function exactly as CloudBase would, as `openid` (undefined = anonymous / timer). */
  invoke(fn: FunctionName, event: unknown, openid?: string): Promise<unknown>;
  /** `invoke`, answering also the invocation's database requests and waves (server/store/db-engine.ts `DbStats`). */
  invokeMeasured(fn: FunctionName, event: unknown, openid?: string): Promise<{ result: unknown; db: DbStats }>;
  /** The database requests and waves of the invocation (or trigger) that finished last; undefined before any. */
  lastDbStats(): DbStats | undefined;
  /** The injected database round trip, live: change `rttMs` / `jitterMs` and the next request sees it. */
  dbLatency: DbLatency;
  /** Fires a function's timer trigger, as CloudBase does on its cron (no caller, SOURCE wx_trigger). */
  trigger(fn: FunctionName): Promise<unknown>;
  /** Listens on `bind` (default 127.0.0.1); resolves with the actual port (0 = any free port). */
  listen(port: number, bind?: string): Promise<number>;
  /** Runs `fn` as if inside a function invocation by `openid` (tests use the real SDK through it). */
  runAs<T>(openid: string | undefined, fn: () => Promise<T>): Promise<T>;
  /** Scan report: records every read the functions make (collection, filter shape, sort, index or scan, documents examined). */
  queryLog: { start(): void; stop(): QueryRecord[] };
  close(): Promise<void>;
}

export const createHost = (options: HostOptions): Host => {
  const log = options.log ?? (() => undefined);
  const store = new DocumentStore({ dataDir: options.dataDir, indexes: COLLECTIONS, synchronous: options.synchronous });
  for (const name of Object.keys(COLLECTIONS)) store.ensureCollection(name);
  const engine = new DbEngine(store, () => randomBytes(16).toString('hex'), options.dbLatency ?? latencyFromEnv());
  if (engine.latency.rttMs > 0 || engine.latency.jitterMs > 0) {
    log(`database round trip injected: ${engine.latency.rttMs} ms + jitter up to ${engine.latency.jitterMs} ms per request`);
  }
  const clock = hostClock(options.clockStartMs);
  installSdkBridge(options.functionsDir);
  const functions = new Map(FUNCTION_NAMES.map((name) => [name, loadFunction(options.functionsDir, name)]));
  if (options.seed === 'demo' && store.size('orgs') === 0) {
    seedDemo(store, clock.now());
    log('seeded the demo district (渭城区)');
  }

  let publicUrl = options.publicUrl ?? 'http://localhost:3000';
  const qrSecret = hostSecret(options.dataDir, 'qr');
  const runAs = <T>(openid: string | undefined, fn: () => Promise<T>, source: CallContext['source'] = 'wx_client', db = newDbMeter()): Promise<T> =>
    callContext.run({ openid, source, engine, now: clock.now, appid: 'wx-local-host', env: 'local', publicUrl, qrSecret, db }, fn);

  let invocations = 0;
  let lastDbStats: DbStats | undefined;
  /** One invocation with its own meter: the answer and what it asked of the database. */
  const run = async (fn: FunctionName, event: unknown, openid: string | undefined, source: CallContext['source']): Promise<{ result: unknown; db: DbStats }> => {
    const handler = functions.get(fn);
    if (!handler) return { result: fail('NOT_FOUND', `没有这个云函数：${String(fn).slice(0, 32)}`), db: { requests: 0, waves: 0 } };
    const context = { function_name: fn, request_id: `req-${++invocations}`, environ: '' };
    const meter = newDbMeter();
    try {
      return { result: await runAs(openid, () => handler.main(event, context), source, meter), db: { requests: meter.requests, waves: meter.waves } };
    } finally {
      lastDbStats = { requests: meter.requests, waves: meter.waves };
    }
  };
  const invokeMeasured: Host['invokeMeasured'] = (fn, event, openid) => run(fn, event, openid, 'wx_client');
  const invoke: Host['invoke'] = async (fn, event, openid) => (await invokeMeasured(fn, event, openid)).result;
  const trigger: Host['trigger'] = async (fn) =>
    (await run(fn, { Type: 'Timer', TriggerName: `${fn}-timer`, Time: new Date(clock.now()).toISOString() }, undefined, 'wx_trigger')).result;

  const sweepTimer =
    options.sweepEveryMs && options.sweepEveryMs > 0
      ? setInterval(() => {
          trigger('sweep').catch(
            (error: unknown) => log(`sweep failed: ${String(error)}`),
          );
        }, options.sweepEveryMs)
      : undefined;
  sweepTimer?.unref();

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`request failed: ${String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { result: fail('INTERNAL', '系统繁忙，请稍后再试') });
      else res.end();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/healthz') return sendJson(res, 200, { ok: true });
    if (path.startsWith('/api/cloud/')) return handleCall(req, res, path.slice('/api/cloud/'.length));
    if (path === '/api/upload') return handleUpload(req, res);
    if (path.startsWith('/uploads/') && (req.method === 'GET' || req.method === 'HEAD')) {
      if (serveUpload(options.dataDir, path.slice('/uploads/'.length), res)) return;
      return sendJson(res, 404, { error: 'not found' });
    }
    if (path.startsWith('/api/dev/')) {
      if (!options.dev) return sendJson(res, 404, { error: 'not found' });
      return handleDev(req, res, path.slice('/api/dev/'.length));
    }
    if (path.startsWith('/api/')) return sendJson(res, 404, { error: 'not found' });
    if (options.h5Dir && (req.method === 'GET' || req.method === 'HEAD')) return serveStatic(options.h5Dir, path, req, res);
    return sendJson(res, 404, { error: 'not found' });
  };

  const handleCall = async (req: IncomingMessage, res: ServerResponse, fn: string): Promise<void> => {
    if (req.method !== 'POST') return sendJson(res, 405, { result: fail('INVALID_ARGUMENT', '只支持 POST 请求') });
    if (!(FUNCTION_NAMES as readonly string[]).includes(fn)) {
      return sendJson(res, 404, { result: fail('NOT_FOUND', `没有这个云函数：${fn.slice(0, 32)}`) });
    }
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/json(\s*;|$)/i.test(type)) {
      return sendJson(res, 415, { result: fail('INVALID_ARGUMENT', '请求格式应为 application/json') });
    }
    const devOpenid = req.headers['x-dev-openid'];
    if (devOpenid !== undefined && !options.dev) {
      return sendJson(res, 403, { result: fail('UNAUTHENTICATED', '生产模式不接受开发身份') });
    }
    if (devOpenid !== undefined && (typeof devOpenid !== 'string' || !OPENID_HEADER.test(devOpenid))) {
      return sendJson(res, 400, { result: fail('UNAUTHENTICATED', '身份标识格式不正确') });
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) return sendJson(res, 413, { result: fail('INVALID_ARGUMENT', '请求内容过大') });
    let event: unknown;
    try {
      event = JSON.parse(body);
    } catch {
      return sendJson(res, 400, { result: fail('INVALID_ARGUMENT', '请求内容不是合法的 JSON') });
    }
    const { result, db } = await invokeMeasured(fn as FunctionName, event, devOpenid);
    // Dev mode only: what this call asked of the database (bench/README.md, "Round trips").
    return sendJson(res, 200, { result }, options.dev ? { 'x-redgrid-db': `requests=${db.requests}; waves=${db.waves}` } : {});
  };

  const handleUpload = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return sendJson(res, 405, { error: '只支持 POST 请求' });
    const devOpenid = req.headers['x-dev-openid'];
    if (!options.dev || typeof devOpenid !== 'string' || !OPENID_HEADER.test(devOpenid)) {
      return sendJson(res, 401, { error: '请先登录' });
    }
    const body = await readBytes(req, MAX_UPLOAD_BYTES);
    if (body === undefined) return sendJson(res, 413, { error: '图片不能超过 5 MB' });
    // Per-person daily quota, checked before anything is written; check, save and record run without an await between them.
    const now = clock.now();
    const quota = checkUploadQuota(store, devOpenid, body.length, now);
    if (!quota.ok) return sendJson(res, 429, { error: quota.message, code: quota.code });
    const saved = saveUpload(options.dataDir, String(req.headers['content-type'] ?? ''), body);
    if (!saved.ok) return sendJson(res, saved.status, { error: saved.message });
    recordUpload(store, devOpenid, saved.fileID, body.length, now);
    return sendJson(res, 200, { fileID: saved.fileID });
  };

  const handleDev = async (req: IncomingMessage, res: ServerResponse, route: string): Promise<void> => {
    if (route === 'identities' && req.method === 'GET') return sendJson(res, 200, listIdentities(store));
    if (route === 'clock' && req.method === 'GET') return sendJson(res, 200, { now: new Date(clock.now()).toISOString() });
    if (route === 'clock' && req.method === 'POST') {
      const body = await readBody(req, 4096);
      let advanceMs: unknown;
      try {
        advanceMs = (JSON.parse(body ?? '') as { advanceMs?: unknown }).advanceMs;
      } catch {
        advanceMs = undefined;
      }
      if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0 || advanceMs > 366 * 86_400_000) {
        return sendJson(res, 400, { error: 'advanceMs must be a number of milliseconds between 0 and one year' });
      }
      clock.advance(advanceMs);
      return sendJson(res, 200, { now: new Date(clock.now()).toISOString() });
    }
    return sendJson(res, 404, { error: 'not found' });
  };

  return {
    store,
    clock,
    invoke,
    invokeMeasured,
    lastDbStats: () => lastDbStats,
    dbLatency: engine.latency,
    trigger,
    runAs: (openid, fn) => runAs(openid, fn),
    queryLog: { start: () => engine.startQueryLog(), stop: () => engine.stopQueryLog() },
    listen: (port, bind = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, bind, () => {
          const address = server.address();
          const actual = typeof address === 'object' && address ? address.port : port;
          if (!options.publicUrl) publicUrl = `http://localhost:${actual}`;
          resolve(actual);
        });
      }),
    close: async () => {
      if (sweepTimer) clearInterval(sweepTimer);
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      store.close();
    },
  };
};

const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
};

/** Reads the body as UTF-8, or undefined when it exceeds `limit` bytes (the rest is discarded). */
const readBody = async (req: IncomingMessage, limit: number): Promise<string | undefined> => (await readBytes(req, limit))?.toString('utf8');

const readBytes = (req: IncomingMessage, limit: number): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
