import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Sizes of a built weapp: the main package and each subpackage (by the roots in the built
 * app.json), the way WeChat counts them (every file under the package's folder; the main
 * package is everything outside the subpackage roots).
 */
export interface PackageSizes {
  main: number;
  subpackages: Record<string, number>;
  total: number;
}

const walk = (dir: string, out: string[] = []): string[] => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
};

export const weappPackageSizes = (distDir: string): PackageSizes => {
  const appJson = join(distDir, 'app.json');
  if (!existsSync(appJson)) throw new Error(`${distDir} 里没有 app.json：请先构建小程序（npm run build:weapp）`);
  const app = JSON.parse(readFileSync(appJson, 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] };
  const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''));
  const sizes: PackageSizes = { main: 0, subpackages: Object.fromEntries(roots.map((r) => [r, 0])), total: 0 };
  for (const file of walk(distDir)) {
    const rel = relative(distDir, file).split(sep).join('/');
    if (rel === 'project.config.json' || rel === 'project.private.config.json' || rel.endsWith('.map')) continue;
    const bytes = statSync(file).size;
    sizes.total += bytes;
    const root = roots.find((r) => rel.startsWith(`${r}/`));
    if (root) sizes.subpackages[root] += bytes;
    else sizes.main += bytes;
  }
  return sizes;
};

/** The project's package budgets (bench P1 and the deploy dry run); WeChat's own hard limits below them. */
export const BUDGETS = {
  mainKB: 600,
  subpackageKB: 500,
  /** 数据看板 carries the chart library (AntV F2, ~455 KB): its own, larger budget. */
  overrides: { 'packages/dashboard': 600 } as Record<string, number>,
  wechatPackageKB: 2048,
  wechatTotalKB: 30 * 1024,
};

/**
 * The same sizes as miniprogram-ci's own code analysis counts them (what WeChat DevTools shows
 * as 代码依赖分析), offline. Run in a child process: the analysis leaves a file watcher
 * running. Undefined when the analysis cannot run (the caller falls back to weappPackageSizes).
 */
export const analysedPackageSizes = (distDir: string, root: string): PackageSizes | undefined => {
  const script = `
    const ci = require('miniprogram-ci');
    (async () => {
      const project = new ci.Project({ appid: 'touristappid', type: 'miniProgram', projectPath: ${JSON.stringify(distDir)}, privateKey: 'offline-analysis', ignores: ['node_modules/**/*'] });
      const res = await ci.analyseCode(project, { silent: true });
      const by = {};
      for (const f of res.files) by[f.subPackage || ''] = (by[f.subPackage || ''] || 0) + f.size;
      process.stdout.write('@@' + JSON.stringify(by) + '@@');
      process.exit(0);
    })().catch((e) => { process.stdout.write('@@ERR' + String(e && e.message) + '@@'); process.exit(0); });`;
  const res = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  const m = /@@(\{.*\})@@/.exec(res.stdout ?? '');
  if (!m) return undefined;
  const by = JSON.parse(m[1]) as Record<string, number>;
  const sizes: PackageSizes = { main: by[''] ?? 0, subpackages: {}, total: 0 };
  for (const [k, v] of Object.entries(by)) {
    sizes.total += v;
    if (k !== '') sizes.subpackages[k.replace(/\/$/, '')] = v;
  }
  return sizes;
};
