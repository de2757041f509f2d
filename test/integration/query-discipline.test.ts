import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import { checkCoverage } from '../../scripts/deploy/coverage';
import { readCalls } from '../../scripts/deploy/read-actions';
import { createHost, type Host } from '../../server/host';
import { generateDistrict } from '../../server/seed/district/generate';
import { scaleOf } from '../../server/seed/district/scale';
import type { QueryRecord } from '../../server/store/db-engine';
import { FIXED_NOW, FUNCTIONS_DIR, requireBuiltFunctions } from '../helpers/test-host';

/**
 * Query discipline on a district-scale store: four communities at 渭城区's density with half
 * a year of history (thousands of orders, their events, visits, 双报到, check-ins and
 * ledgers) from the generator, then every list and dashboard of every role through the
 * real functions with the host's scan report on. Every read must be chosen by an index
 * (or the primary key), and no read may return more than CloudBase's 1000 documents.
 */
describe('query discipline at district density', () => {
  let dir: string;
  let host: Host;
  let records: QueryRecord[] = [];
  const failures: string[] = [];

  beforeAll(async () => {
    requireBuiltFunctions();
    dir = mkdtempSync(join(tmpdir(), 'redgrid-discipline-'));
    await generateDistrict(dir, scaleOf('discipline', 4, 180, 2), { seed: 'discipline', nowMs: FIXED_NOW });
    host = createHost({ dataDir: dir, functionsDir: FUNCTIONS_DIR, dev: true, seed: 'none', clockStartMs: FIXED_NOW, sweepEveryMs: 0 });
    const someOrders = host.store.find('orders', { 'place.communityId': 'c-wh' }).slice(0, 3);
    host.queryLog.start();
    for (const call of readCalls(FIXED_NOW)) {
      const res = (await host.invoke(call.fn, { action: call.action, payload: call.payload }, call.openid)) as { ok: boolean; error?: { code: string; message: string } };
      if (!res.ok) failures.push(`${call.openid} ${call.fn}.${call.action} ${JSON.stringify(call.payload)} → ${res.error?.code} ${res.error?.message}`);
    }
    for (const o of someOrders) {
      for (const action of ['get', 'timeline']) await host.invoke('orders', { action, payload: { id: o._id } }, 'demo-secretary');
    }
    records = host.queryLog.stop();
  }, 240_000);

  afterAll(async () => {
    await host?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the store is at district density', () => {
    expect(host.store.size('orders')).toBeGreaterThan(2000);
    expect(host.store.size('order_events')).toBeGreaterThan(10_000);
    expect(host.store.size('users')).toBeGreaterThan(1000);
  });

  it('every list and dashboard answers', () => {
    expect(failures).toEqual([]);
    expect(records.length).toBeGreaterThan(200);
  });

  it('every read is chosen by an index or the primary key (bounded configuration excepted)', () => {
    const report = checkCoverage(records, COLLECTIONS);
    expect(report.problems).toEqual([]);
  });

  it('no get() returns more than 1000 documents', () => {
    const over = records.filter((r) => r.returned > 1000 || (r.limit ?? 0) > 1000);
    expect(over).toEqual([]);
  });
});
