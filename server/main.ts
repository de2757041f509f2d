import { resolve } from 'node:path';
import { createHost, type Host } from './host';
import { StoreError } from './store/document-store';

/** `npm start`: the local cloud host with the H5 app, the real function bundles and a durable store. */
const env = process.env;
const root = resolve(__dirname, '..');
const port = Number(env.PORT ?? 3000);
const dev = env.REDGRID_DEV !== '0';
const seed = env.REDGRID_SEED === 'none' ? 'none' : 'demo';
const dataDir = resolve(env.REDGRID_DATA_DIR ?? resolve(root, '.data'));
const bind = env.HOST ?? '127.0.0.1';

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
