import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import type { QueryRecord } from '../../server/store/db-engine';
import { checkCoverage, type CoverageReport } from './coverage';
import { analysedPackageSizes, BUDGETS, type PackageSizes, weappPackageSizes } from './packages';
import { buildPlan, type DeployPlan } from './plan';
import { functionPackageSchema, indexDeclSchema, MAX_INDEXES_PER_COLLECTION, OPENAPI_PERMISSIONS, projectConfigSchema, securityRuleSchema } from './schemas';

/**
 * `npm run deploy -- --dry-run`: everything a deploy would put on CloudBase, validated
 * offline. Each check answers ok or what is wrong, in words the IT team can act on.
 */

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface DryRunResult {
  ok: boolean;
  checks: Check[];
  plan: DeployPlan;
  packages?: PackageSizes;
  coverage?: CoverageReport;
}

/**
 * A function bundle larger than this fails the deploy: a guard far below CloudBase's own
 * limit on a function's code package, so a runaway dependency is caught here. The tighter
 * goal (≤ 300 KB, for cold starts) is bench p2's, reported beside it.
 */
export const FUNCTION_BUNDLE_LIMIT_KB = 2048;
export const FUNCTION_BUNDLE_GOAL_KB = 300;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The open-API calls a bundle can make: `openapi.<namespace>.<method>` in its code. */
export const openapiCallsIn = (code: string): string[] => {
  const known = new Set<string>(OPENAPI_PERMISSIONS);
  const found = new Set<string>();
  for (const m of code.matchAll(/openapi\.([A-Za-z]+)\.([A-Za-z]+)/g)) {
    const name = `${m[1]}.${m[2]}`;
    found.add(known.has(name) ? name : `${name}（未知）`);
  }
  return [...found].sort();
};

export interface DryRunOptions {
  root: string;
  /** Reads the functions made while running the flows (see coverage.ts); omitted = coverage not checked. */
  queries?: readonly QueryRecord[];
  /** Check the built weapp in dist/ (needs `npm run build:weapp`). */
  weapp?: boolean;
}

export const dryRun = (options: DryRunOptions): DryRunResult => {
  const { root } = options;
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  const project = projectConfigSchema.safeParse(JSON.parse(readFileSync(join(root, 'project.config.json'), 'utf8')));
  check('project.config.json', project.success, project.success ? `miniprogramRoot ${project.data.miniprogramRoot}, cloudfunctionRoot ${project.data.cloudfunctionRoot}` : project.error.message);
  const plan = buildPlan(root);

  for (const fn of plan.functions) {
    check(`云函数 ${fn.name} config.json`, !fn.configError, fn.configError ?? `openapi: ${fn.config?.permissions.openapi.join(', ') || '无'}${fn.config?.triggers ? `；触发器 ${fn.config.triggers.map((t) => `${t.name} ${t.config}`).join(', ')}` : ''}`);
    const bundle = join(fn.dir, 'index.js');
    if (!existsSync(bundle)) {
      check(`云函数 ${fn.name} 代码包`, false, `${bundle} 不存在：先运行 node scripts/build-backend.mjs functions`);
      continue;
    }
    check(
      `云函数 ${fn.name} 代码包大小`,
      fn.bundleBytes <= FUNCTION_BUNDLE_LIMIT_KB * 1024,
      `${kb(fn.bundleBytes)}（上限 ${FUNCTION_BUNDLE_LIMIT_KB} KB；冷启动目标 ${FUNCTION_BUNDLE_GOAL_KB} KB${fn.bundleBytes > FUNCTION_BUNDLE_GOAL_KB * 1024 ? '，已超出，见 bench p2' : ''}）`,
    );
    const pkgFile = join(fn.dir, 'package.json');
    const pkg = existsSync(pkgFile) ? functionPackageSchema.safeParse(JSON.parse(readFileSync(pkgFile, 'utf8'))) : undefined;
    check(`云函数 ${fn.name} package.json`, !!pkg?.success, pkg?.success ? `wx-server-sdk ${pkg.data.dependencies['wx-server-sdk']}（云端安装）` : (pkg?.error.message ?? '缺少 package.json'));
    const builtConfig = join(fn.dir, 'config.json');
    const same = existsSync(builtConfig) && readFileSync(builtConfig, 'utf8') === readFileSync(join(root, 'cloudfunctions', fn.name, 'config.json'), 'utf8');
    check(`云函数 ${fn.name} 构建里的 config.json 与源码一致`, same, same ? '一致' : '不一致：重新构建云函数');
    const calls = openapiCallsIn(readFileSync(bundle, 'utf8'));
    const declared = new Set(fn.config?.permissions.openapi ?? []);
    const missing = calls.filter((c) => !declared.has(c as (typeof OPENAPI_PERMISSIONS)[number]));
    check(`云函数 ${fn.name} 开放接口权限覆盖代码中的调用`, missing.length === 0, missing.length === 0 ? `代码调用 ${calls.join(', ') || '无'}` : `代码调用了未声明的 ${missing.join(', ')}：加到 cloudfunctions/${fn.name}/config.json 的 permissions.openapi`);
  }
  const sweep = plan.functions.find((f) => f.name === 'sweep');
  const timer = sweep?.config?.triggers?.find((t) => t.type === 'timer');
  check('sweep 定时触发器', !!timer, timer ? `${timer.name}: ${timer.config}（每分钟清扫：时限、提醒、自动签退、评分汇总）` : 'cloudfunctions/sweep/config.json 缺少 timer 触发器');

  const decl = indexDeclSchema.safeParse(COLLECTIONS);
  check('集合与索引声明', decl.success, decl.success ? `${plan.collections.length} 个集合，共 ${plan.collections.reduce((n, c) => n + c.indexes.length, 0)} 个索引，每个集合 ≤ ${MAX_INDEXES_PER_COLLECTION}（含 _id）` : decl.error.message);
  const badRules = plan.collections.filter((c) => !securityRuleSchema.safeParse(c.rule).success);
  check('数据库安全规则：客户端不能直接读写任何集合', badRules.length === 0, badRules.length === 0 ? `${plan.collections.length} 个集合均为 {"read": false, "write": false}，一切读写经云函数` : `规则不对：${badRules.map((c) => c.name).join(', ')}`);

  let packages: PackageSizes | undefined;
  if (options.weapp) {
    try {
      const counted = weappPackageSizes(plan.miniprogramRoot);
      const analysed = analysedPackageSizes(plan.miniprogramRoot, root);
      packages = analysed ?? counted;
      check(
        '小程序包体分析',
        true,
        analysed ? `miniprogram-ci 代码分析（离线）：主包 ${kb(analysed.main)}，按文件统计 ${kb(counted.main)}` : `miniprogram-ci 代码分析不可用，按文件统计：主包 ${kb(counted.main)}`,
      );
      check('小程序主包大小', packages.main <= BUDGETS.mainKB * 1024, `${kb(packages.main)}（预算 ${BUDGETS.mainKB} KB，微信上限 ${BUDGETS.wechatPackageKB} KB）`);
      for (const [root_, bytes] of Object.entries(packages.subpackages)) {
        check(`小程序分包 ${root_} 大小`, bytes <= BUDGETS.wechatPackageKB * 1024, `${kb(bytes)}（目标 ${BUDGETS.overrides[root_] ?? BUDGETS.subpackageKB} KB，微信上限 ${BUDGETS.wechatPackageKB} KB）`);
      }
      check('小程序总包大小', packages.total <= BUDGETS.wechatTotalKB * 1024, `${kb(packages.total)}（微信上限 ${BUDGETS.wechatTotalKB / 1024} MB）`);
    } catch (error) {
      check('小程序构建', false, String(error instanceof Error ? error.message : error));
    }
  }

  let coverage: CoverageReport | undefined;
  if (options.queries) {
    coverage = checkCoverage(options.queries, COLLECTIONS);
    const scans = coverage.shapes.filter((s) => !s.indexed);
    check(
      '索引覆盖：云函数的每个查询都有索引',
      coverage.problems.length === 0,
      coverage.problems.length === 0
        ? `${options.queries.length} 次查询，${coverage.shapes.length} 种形状，均走索引或主键${scans.length > 0 ? `（整表读取的仅有小型配置集合：${[...new Set(scans.map((s) => s.collection))].join(', ')}）` : ''}`
        : coverage.problems.join('；'),
    );
    const over = options.queries.filter((q) => q.returned > 1000 || (q.limit ?? 0) > 1000);
    check('单次读取不超过 1000 条（CloudBase 上限）', over.length === 0, over.length === 0 ? `最多一次 ${Math.max(0, ...options.queries.map((q) => q.returned))} 条` : `${over.length} 次读取超过 1000 条`);
  }
  return { ok: checks.every((c) => c.ok), checks, plan, packages, coverage };
};

export const formatChecks = (result: DryRunResult): string =>
  [...result.checks.map((c) => `${c.ok ? '✔' : '✖'} ${c.name}：${c.detail}`), '', result.ok ? '✔ dry run 通过：可以部署' : '✖ dry run 未通过'].join('\n');
