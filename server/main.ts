import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHost, type Host } from './host';
import { StoreError } from './store/document-store';
import { existingDocuments } from './seed/district/cli';
import { generateDistrict } from './seed/district/generate';
import { scaleOf } from './seed/district/scale';

/** `npm start`: the local cloud host with the H5 app, the real function bundles and a durable store. */
const env = process.env;
const root = resolve(__dirname, '..');
const port = Number(env.PORT ?? 3000);
const dev = env.REDGRID_DEV !== '0';
const seed = env.REDGRID_SEED === 'none' ? 'none' : 'demo';
const dataDir = resolve(env.REDGRID_DATA_DIR ?? resolve(root, '.data'));
const bind = env.HOST ?? '127.0.0.1';

/**
 * First start on an empty store: the four demo communities get a year of history from the
 * district generator (orders, ratings, visits, 双报到, check-ins — about half a minute), so the
 * dashboards, the half-year review and the lists have something real to show. REDGRID_DEMO_HISTORY=0
 * starts with the bare demo district instead; if generating fails, the bare demo is seeded.
 */
const demoHistory = async (): Promise<void> => {
  if (seed !== 'demo' || env.REDGRID_DEMO_HISTORY === '0' || existingDocuments(dataDir) > 0) return;
  console.log('[host] 首次启动：为演示社区生成一年的办理记录（约半分钟）…');
  const t0 = Date.now();
  let last = -1;
  try {
    const result = await generateDistrict(dataDir, scaleOf('demo', 4, 365, 2), {
      nowMs: Math.floor(Date.now() / 60_000) * 60_000,
      onProgress: (phase, done, total) => {
        const pct = total ? Math.floor((done / total) * 10) * 10 : 0;
        if (phase === 'simulate' && pct !== last) console.log(`[host]   ${(last = pct)}%`);
      },
    });
    console.log(`[host] 已生成 ${result.stats.orders.submitted} 条诉求（${((Date.now() - t0) / 1000).toFixed(0)} 秒）`);
  } catch (error) {
    console.error(`[host] 演示历史没有生成（${error instanceof Error ? error.message : String(error)}），改用基础演示数据`);
    for (const f of ['redgrid.sqlite', 'redgrid.sqlite-wal', 'redgrid.sqlite-shm', 'redgrid-store.json']) rmSync(join(dataDir, f), { force: true });
  }
};

const start = async (): Promise<void> => {
  await demoHistory();
  let host: Host;
  try {
    host = createHost({
      dataDir,
      functionsDir: resolve(root, 'cloudfunctions-dist'),
      h5Dir: resolve(root, 'dist-h5'),
      dev,
      seed,
      sweepEveryMs: 60_000,
      synchronous: env.REDGRID_SYNC === 'FULL' ? 'FULL' : 'NORMAL',
      log: (line) => console.log(`[host] ${line}`),
    });
  } catch (error) {
    // A damaged store is the operator's to repair: say what and how, start nothing (never an empty store over it).
    if (error instanceof StoreError && error.code === 'CORRUPT') {
      console.error(`[host] 无法启动：数据文件损坏，未做任何改动。\n[host] ${error.message.split('\n').join('\n[host] ')}`);
    } else {
      console.error(`[host] 无法启动 (cannot start): ${error instanceof Error ? error.message : String(error)}`);
    }
    process.exit(1);
  }

  host.listen(port, bind).then(
    (actual) => {
      console.log(`[host] 红色网格 RedGrid 本地云开发宿主已启动`);
      console.log(`[host] store: ${dataDir}  dev mode: ${dev ? 'on (X-Dev-Openid, /api/dev/*)' : 'off'}`);
      console.log(`[host] open http://localhost:${actual}`);
    },
    (error: unknown) => {
      console.error(`[host] cannot listen on ${bind}:${port}: ${String(error)}`);
      process.exit(1);
    },
  );

  const stop = () => {
    host.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
};

void start();
