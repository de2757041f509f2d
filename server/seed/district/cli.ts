import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readFlags } from '../../cli-flags';
import { DocumentStore } from '../../store/document-store';
import { DEFAULT_SEED, generateDistrict, type Progress } from './generate';
import { SCALE_NAMES, SCALES } from './scale';

/**
 * `npm run seed -- --scale district [--data-dir DIR] [--seed S] [--now ISO] [--force]`:
 * generates a district into the host's data dir (the one `npm start` uses by default).
 * Refuses to touch a store that already holds documents unless --force is given; with
 * --force the store's database files are replaced (secrets.json and uploads are kept,
 * so printed QR codes stay valid).
 */

export interface CliOptions {
  scale: string;
  dataDir: string;
  seed: string;
  nowMs: number;
  force: boolean;
}

export const USAGE = `用法: npm run seed -- --scale <${SCALE_NAMES.join('|')}> [--data-dir 目录] [--seed 种子] [--now ISO时间] [--force]`;

export const parseArgs = (argv: readonly string[], env: NodeJS.ProcessEnv, root: string): CliOptions => {
  const flags = readFlags(argv, ['--scale', '--data-dir', '--seed', '--now', '--force'], USAGE);
  const get = flags.value;
  const scale = get('--scale') ?? 'district';
  if (!SCALES[scale]) throw new Error(`未知规模 ${scale}\n${USAGE}`);
  const now = get('--now');
  const nowMs = now ? Date.parse(now) : Math.floor(Date.now() / 60_000) * 60_000;
  if (!Number.isFinite(nowMs)) throw new Error(`--now 不是合法时间：${now}`);
  return {
    scale,
    dataDir: resolve(get('--data-dir') ?? env.REDGRID_DATA_DIR ?? join(root, '.data')),
    seed: get('--seed') ?? DEFAULT_SEED,
    nowMs,
    force: flags.has('--force'),
  };
};

const STORE_FILES = ['redgrid.sqlite', 'redgrid.sqlite-wal', 'redgrid.sqlite-shm', 'redgrid-store.json'];

/** Documents already in the store at `dataDir` (0 when there is none). */
export const existingDocuments = (dataDir: string): number => {
  if (!existsSync(join(dataDir, 'redgrid.sqlite'))) return 0;
  const store = new DocumentStore({ dataDir });
  try {
    return store.collectionNames().reduce((n, c) => n + store.size(c), 0);
  } finally {
    store.close();
  }
};

export const runCli = async (options: CliOptions, progress: Progress, log: (line: string) => void): Promise<void> => {
  const existing = existingDocuments(options.dataDir);
  if (existing > 0 && !options.force) {
    throw new Error(`${options.dataDir} 已有 ${existing} 条数据；确认覆盖请加 --force（会保留 secrets.json 与上传的图片）`);
  }
  if (existing > 0) for (const f of STORE_FILES) rmSync(join(options.dataDir, f), { force: true });
  const scale = SCALES[options.scale];
  log(`生成 ${scale.name}: ${scale.communities} 个社区 ${scale.grids} 个网格，${scale.days} 天 ${scale.orders} 条诉求，种子 ${options.seed}，截至 ${new Date(options.nowMs).toISOString()}`);
  {
    const t0 = performance.now();
    const result = await generateDistrict(options.dataDir, scale, { seed: options.seed, nowMs: options.nowMs, onProgress: progress });
    const s = result.stats;
    log(
      `完成：${result.documents} 条文档，用时 ${((performance.now() - t0) / 1000).toFixed(1)} 秒（模拟 ${(result.ms.simulate / 1000).toFixed(1)} 秒，写入 ${(result.ms.write / 1000).toFixed(1)} 秒）；` +
        `诉求 ${s.orders.submitted}，调用 ${s.orders.calls + s.checkins.calls}，清扫 ${result.sweeps} 次；双报到 ${s.checkins.approved}/${s.checkins.registered}，签到 ${s.checkins.sessions}`,
    );
    const refused = { ...s.orders.refused, ...s.checkins.refused };
    if (Object.keys(refused).length > 0) log(`被拒绝的操作（如接单上限、名额已满）：${JSON.stringify(refused)}`);
  }
  const bytes = STORE_FILES.map((f) => join(options.dataDir, f)).filter(existsSync).reduce((n, f) => n + statSync(f).size, 0);
  log(`数据目录 ${options.dataDir}（${(bytes / 1048576).toFixed(0)} MB，${readdirSync(options.dataDir).length} 个文件）；npm start 即可使用`);
};
