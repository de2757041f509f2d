import { createRequire } from 'node:module';
import type { DeployPlan } from './plan';

/**
 * The live deploy through miniprogram-ci (the upload key of the mini-program, never in the
 * repo): uploads the mini-program, each cloud function (its config.json travels with it:
 * open-API permissions), creates the sweep's timer trigger, and declares the database —
 * each collection, its indexes and its security rule — through the same signed cloud API
 * miniprogram-ci uses for functions and triggers (flexdb CreateTable / UpdateTable, tcb
 * ModifySafeRule). The database calls could not be exercised against a live environment
 * from here; when one fails, the step reports it and database.json (written beside) has
 * everything to declare by hand in the CloudBase console.
 */

export interface ApplyOptions {
  env: string;
  appid: string;
  privateKeyPath: string;
  version: string;
  desc: string;
  log: (line: string) => void;
}

type CiModule = {
  Project: new (o: Record<string, unknown>) => unknown;
  upload(o: Record<string, unknown>): Promise<unknown>;
  cloud: {
    uploadFunction(o: Record<string, unknown>): Promise<{ filesCount: number; packSize: number }>;
    createTimeTrigger(o: Record<string, unknown>): Promise<string>;
  };
};
type CloudApi = Record<string, (input: Record<string, unknown>, options: Record<string, unknown>) => Promise<Record<string, unknown>>> & { TransactType: { IDE: unknown } };

const load = createRequire(__filename);

export const applyPlan = async (plan: DeployPlan, options: ApplyOptions): Promise<void> => {
  const ci = load('miniprogram-ci') as CiModule;
  const project = new ci.Project({ appid: options.appid, type: 'miniProgram', projectPath: plan.miniprogramRoot, privateKeyPath: options.privateKeyPath, ignores: ['node_modules/**/*'] });

  options.log(`上传小程序 ${options.version}…`);
  await ci.upload({ project, version: options.version, desc: options.desc, setting: { es6: false, minify: true }, robot: 1 });

  for (const fn of plan.functions) {
    options.log(`上传云函数 ${fn.name}（云端安装依赖）…`);
    const res = await ci.cloud.uploadFunction({ project, env: options.env, name: fn.name, path: fn.dir, remoteNpmInstall: true });
    options.log(`  ${res.filesCount} 个文件，${(res.packSize / 1024).toFixed(1)} KB`);
    if (fn.config?.triggers?.length) {
      const answer = await ci.cloud.createTimeTrigger({ project, envId: options.env, functionName: fn.name, triggersConfig: fn.config.triggers });
      options.log(`  触发器：${answer}`);
    }
  }

  const cloudapi = load('miniprogram-ci/dist/ci/cloud/cloudapi') as { initCloudAPI(appid: string): void; boundTransactRequest(p: unknown): unknown };
  const api = load('miniprogram-ci/dist/common/cloud-api') as CloudApi;
  cloudapi.initCloudAPI(options.appid);
  const call = { request: cloudapi.boundTransactRequest(project), transactType: api.TransactType.IDE };
  const { envList } = (await api.tcbGetEnvironments({}, call)) as { envList: { envId: string; databases?: { instanceId: string }[] }[] };
  const tag = envList.find((e) => e.envId === options.env)?.databases?.[0]?.instanceId;
  if (!tag) throw new Error(`云环境 ${options.env} 没有数据库实例（或上传密钥无权访问）`);
  for (const c of plan.collections) {
    try {
      await api.flexdbCreateTable({ tag, tableName: c.name }, call);
    } catch (error) {
      if (!/exist/i.test(String(error))) throw error;
    }
    if (c.indexes.length > 0) {
      await api.flexdbUpdateTable(
        { tag, tableName: c.name, createIndexes: c.indexes.map((i) => ({ indexName: i.name, mgoKeySchema: { mgoIsUnique: false, mgoIndexKeys: i.keys.map((k) => ({ name: k.field, direction: String(k.direction) })) } })) },
        call,
      );
    }
    await api.tcbModifySafeRule({ envId: options.env, collectionName: c.name, aclTag: 'CUSTOM', rule: JSON.stringify(c.rule) }, call);
    options.log(`集合 ${c.name}：${c.indexes.length} 个索引，安全规则 ${JSON.stringify(c.rule)}`);
  }
};
