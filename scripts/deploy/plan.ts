import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import { type FunctionConfig, functionConfigSchema } from './schemas';

/**
 * What `npm run deploy` puts on CloudBase, as data: the mini-program (dist/), each cloud
 * function (cloudfunctions-dist/<fn>, with its config.json: open-API permissions and
 * triggers), every database collection with its indexes (collections.ts) and its security
 * rule (clients read and write nothing directly: everything goes through the functions,
 * whose server SDK is not bound by the rules).
 */

export interface IndexSpec {
  /** CloudBase index name: idx_<field with dots as underscores>. */
  name: string;
  keys: { field: string; direction: 1 }[];
  unique: false;
}

export interface CollectionSpec {
  name: string;
  indexes: IndexSpec[];
  rule: { read: false; write: false };
}

export interface FunctionSpec {
  name: string;
  dir: string;
  config: FunctionConfig | undefined;
  configError?: string;
  bundleBytes: number;
}

export interface DeployPlan {
  root: string;
  miniprogramRoot: string;
  functionsRoot: string;
  functions: FunctionSpec[];
  collections: CollectionSpec[];
}

export const indexName = (field: string): string => `idx_${field.replace(/\./g, '_')}`;

export const collectionSpecs = (declared: Readonly<Record<string, readonly string[]>> = COLLECTIONS): CollectionSpec[] =>
  Object.entries(declared).map(([name, fields]) => ({
    name,
    indexes: fields.map((field) => ({ name: indexName(field), keys: [{ field, direction: 1 as const }], unique: false as const })),
    rule: { read: false, write: false },
  }));

export const functionNames = (root: string): string[] =>
  readdirSync(join(root, 'cloudfunctions'))
    .filter((n) => !n.startsWith('_') && existsSync(join(root, 'cloudfunctions', n, 'index.ts')))
    .sort();

export const buildPlan = (root: string): DeployPlan => {
  const project = JSON.parse(readFileSync(join(root, 'project.config.json'), 'utf8')) as { miniprogramRoot: string; cloudfunctionRoot: string };
  const functionsRoot = join(root, project.cloudfunctionRoot);
  const functions = functionNames(root).map((name): FunctionSpec => {
    const dir = join(functionsRoot, name);
    const source = join(root, 'cloudfunctions', name, 'config.json');
    let config: FunctionConfig | undefined;
    let configError: string | undefined;
    try {
      const parsed = functionConfigSchema.safeParse(JSON.parse(readFileSync(source, 'utf8')));
      if (parsed.success) config = parsed.data;
      else configError = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    } catch (error) {
      configError = `config.json 读不出来：${String(error)}`;
    }
    const bundle = join(dir, 'index.js');
    return { name, dir, config, ...(configError ? { configError } : {}), bundleBytes: existsSync(bundle) ? statSync(bundle).size : 0 };
  });
  return { root, miniprogramRoot: join(root, project.miniprogramRoot), functionsRoot, functions, collections: collectionSpecs() };
};
