import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readFlags } from '../../server/cli-flags';
import { applyPlan } from './apply';
import { dryRun, formatChecks } from './checks';
import { collectQueries } from './coverage';

/**
 * `npm run deploy -- --env <cloudEnvId> [--dry-run] [--key <path>] [--appid <id>] [--version x.y.z] [--desc text]`
 * The upload key: --key or REDGRID_UPLOAD_KEY (a file path; never commit the key).
 */
export interface DeployArgs {
  env?: string;
  dryRun: boolean;
  key?: string;
  appid?: string;
  version: string;
  desc: string;
}

export const USAGE = '用法: npm run deploy -- --env <云环境ID> [--dry-run] [--key 上传密钥路径] [--appid 小程序AppID] [--version 1.0.0] [--desc 说明]';

export const parseDeployArgs = (argv: readonly string[], env: NodeJS.ProcessEnv, version: string): DeployArgs => {
  const flags = readFlags(argv, ['--env', '--dry-run', '--key', '--appid', '--version', '--desc'], USAGE);
  const get = flags.value;
  return {
    env: get('--env'),
    dryRun: flags.has('--dry-run'),
    key: get('--key') ?? env.REDGRID_UPLOAD_KEY,
    appid: get('--appid') ?? env.REDGRID_APPID,
    version: get('--version') ?? version,
    desc: get('--desc') ?? `红色网格 ${version}`,
  };
};

export const runDeploy = async (root: string, args: DeployArgs, log: (line: string) => void): Promise<boolean> => {
  log('检查部署内容（离线）：配置、代码包、小程序分包、集合与索引、安全规则、索引覆盖…');
  const queries = await collectQueries(join(root, 'cloudfunctions-dist'));
  const result = dryRun({ root, queries, weapp: true });
  const out = join(root, '.tmp', 'deploy');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'database.json'), `${JSON.stringify({ collections: result.plan.collections }, null, 2)}\n`);
  if (result.coverage) writeFileSync(join(out, 'query-coverage.json'), `${JSON.stringify(result.coverage, null, 2)}\n`);
  log(formatChecks(result));
  log(`集合、索引与安全规则：${join(out, 'database.json')}；查询与索引对照：${join(out, 'query-coverage.json')}`);
  if (!result.ok || args.dryRun) return result.ok;

  if (!args.env) throw new Error(`缺少 --env\n${USAGE}`);
  if (!args.appid) throw new Error('缺少小程序 AppID：--appid 或环境变量 REDGRID_APPID');
  if (!args.key || !existsSync(resolve(args.key))) throw new Error('缺少上传密钥：--key <路径> 或环境变量 REDGRID_UPLOAD_KEY（在 mp.weixin.qq.com 开发管理 → 开发设置 → 小程序代码上传 下载，不要放进仓库）');
  await applyPlan(result.plan, { env: args.env, appid: args.appid, privateKeyPath: resolve(args.key), version: args.version, desc: args.desc, log });
  log(`✔ 已部署到云环境 ${args.env}`);
  return true;
};
