/**
 * P1 (bench/README.md): the weapp's main package and each subpackage, beside an empty Taro
 * weapp of the same version (4.2.1) built in the same run from the repo's own config/ with
 * one empty page and the repo's node_modules — so what is ours and what is Taro's is plain.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUDGETS, weappPackageSizes } from '../scripts/deploy/packages';

type Line = Record<string, unknown>;

const build = (cwd: string, taro: string): number => {
  const t0 = performance.now();
  const res = spawnSync(taro, ['build', '--type', 'weapp'], { cwd, env: { ...process.env, NODE_ENV: 'production' }, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`taro build failed in ${cwd}: ${(res.stderr || res.stdout).slice(-2000)}`);
  return performance.now() - t0;
};

/** An empty Taro app beside the repo: its config, one empty page, the same node_modules. */
export const writeEmptyApp = (root: string, dir: string): void => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src', 'pages', 'index'), { recursive: true });
  cpSync(join(root, 'config'), join(dir, 'config'), { recursive: true });
  for (const f of ['babel.config.js', 'project.config.json', 'package.json']) cpSync(join(root, f), join(dir, f));
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...tsconfig, include: ['src'] }, null, 2));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'src', 'app.ts'), "import type { PropsWithChildren } from 'react'\n\nfunction App({ children }: PropsWithChildren) {\n  return children\n}\n\nexport default App\n");
  writeFileSync(join(dir, 'src', 'app.scss'), '');
  writeFileSync(join(dir, 'src', 'app.config.ts'), "export default defineAppConfig({\n  pages: ['pages/index/index'],\n})\n");
  writeFileSync(join(dir, 'src', 'pages', 'index', 'index.config.ts'), "export default definePageConfig({ navigationBarTitleText: '空' })\n");
  writeFileSync(join(dir, 'src', 'pages', 'index', 'index.tsx'), "import { View } from '@tarojs/components'\n\nexport default function Index() {\n  return <View />\n}\n");
  mkdirSync(join(dir, 'types'), { recursive: true });
  if (existsSync(join(root, 'types'))) cpSync(join(root, 'types'), join(dir, 'types'), { recursive: true });
};

export const p1Package = (root: string): Line[] => {
  const taro = join(root, 'node_modules', '.bin', 'taro');
  const emptyDir = join(root, '.tmp', 'bench', 'empty-weapp');
  writeEmptyApp(root, emptyDir);
  const emptyMs = build(emptyDir, taro);
  const appMs = build(root, taro);
  const empty = weappPackageSizes(join(emptyDir, 'dist'));
  const app = weappPackageSizes(join(root, 'dist'));
  const taroVersion = (JSON.parse(readFileSync(join(root, 'node_modules', '@tarojs', 'taro', 'package.json'), 'utf8')) as { version: string }).version;
  const k = (b: number) => Number((b / 1024).toFixed(1));
  const lines: Line[] = [
    {
      bench: 'p1-package',
      fn: 'main',
      value: k(app.main),
      unit: 'KB',
      goal: `main ≤ ${BUDGETS.mainKB} KB`,
      pass: app.main <= BUDGETS.mainKB * 1024,
      emptyMainKB: k(empty.main),
      ratio: Number((app.main / empty.main).toFixed(2)),
      oursKB: k(app.main - empty.main),
      taro: taroVersion,
      buildMs: Math.round(appMs),
      emptyBuildMs: Math.round(emptyMs),
    },
  ];
  for (const [pkg, bytes] of Object.entries(app.subpackages)) {
    const budget = BUDGETS.overrides[pkg] ?? BUDGETS.subpackageKB;
    lines.push({
      bench: 'p1-package',
      fn: pkg.replace(/^packages\//, ''),
      value: k(bytes),
      unit: 'KB',
      goal: `subpackage ≤ ${BUDGETS.subpackageKB} KB${budget !== BUDGETS.subpackageKB ? ` (own budget ${budget} KB: chart library)` : ''}`,
      pass: bytes <= BUDGETS.subpackageKB * 1024,
      withinOwnBudget: bytes <= budget * 1024,
      emptyMainKB: k(empty.main),
      ratioToEmptyMain: Number((bytes / empty.main).toFixed(2)),
    });
  }
  lines.push({ bench: 'p1-package', fn: 'total', value: k(app.total), unit: 'KB', goal: `total ≤ ${BUDGETS.wechatTotalKB / 1024} MB (WeChat)`, pass: app.total <= BUDGETS.wechatTotalKB * 1024, emptyTotalKB: k(empty.total) });
  return lines;
};
