import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { dryRun, formatChecks } from '../../scripts/deploy/checks';
import { collectQueries } from '../../scripts/deploy/coverage';
import { parseDeployArgs } from '../../scripts/deploy/cli';
import { FUNCTIONS_DIR, ROOT, requireBuiltFunctions } from '../helpers/test-host';

/**
 * `npm run deploy -- --dry-run` as part of `npm test`: the deploy's configuration, code
 * packages, weapp package sizes, collections, indexes and security rules are valid, and
 * every read the functions make while two days of the district run through them (plus every
 * list and dashboard) is backed by a declared index.
 */
describe('deploy dry run', () => {
  beforeAll(() => {
    requireBuiltFunctions();
    if (!existsSync(join(ROOT, 'dist', 'app.json'))) throw new Error('dist/ has no weapp build: run `npm run build:weapp` (npm test does it)');
  });

  it('passes every check, index coverage included', async () => {
    const queries = await collectQueries(FUNCTIONS_DIR);
    const result = dryRun({ root: ROOT, queries, weapp: true });
    const failed = result.checks.filter((c) => !c.ok);
    expect({ failed, report: failed.length ? formatChecks(result) : '' }).toEqual({ failed: [], report: '' });
    expect(result.coverage?.shapes.length).toBeGreaterThan(40);
    expect(result.plan.collections.every((c) => c.rule.read === false && c.rule.write === false)).toBe(true);
    expect(result.plan.functions.map((f) => f.name)).toEqual(['checkins', 'orders', 'org', 'scoring', 'sweep']);
  }, 120_000);

  it('fails loudly on an unindexed query and on an open-API call without permission', () => {
    const result = dryRun({
      root: ROOT,
      queries: [{ api: 'get', collection: 'orders', filter: ['description:$eq'], sort: [], indexed: false, examined: 50_000, returned: 3, limit: 20 }],
    });
    const coverage = result.checks.find((c) => c.name.startsWith('索引覆盖'));
    expect(coverage).toMatchObject({ ok: false });
    expect(coverage?.detail).toMatch(/orders 的查询 \{description:\$eq\} 没有可用的索引/);
  });

  it('reads the upload key from a flag or the environment, never from the repo', () => {
    expect(parseDeployArgs(['--env', 'prod-1a2b', '--dry-run'], { REDGRID_UPLOAD_KEY: '/secure/key' }, '1.0.0')).toMatchObject({ env: 'prod-1a2b', dryRun: true, key: '/secure/key' });
    expect(() => parseDeployArgs(['--key'], {}, '1.0.0')).toThrow(/需要一个值/);
    expect(() => parseDeployArgs(['--secret', 'x'], {}, '1.0.0')).toThrow(/未知参数/);
  });
});
