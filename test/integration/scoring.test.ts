import type { OrderView, SubmitResult } from '../../domain/orders/api';
import type { QrcodeView } from '../../domain/org/api';
import type { ScoresView } from '../../domain/scoring/scores';
import { startTestHost, type TestHost } from '../helpers/test-host';

/** Scores through the real functions: kept incrementally from order changes, equal to the orders behind them. */
describe('scoring: rollups from the orders, through the real functions', () => {
  let host: TestHost;
  let scene: string;
  const ok = async <T>(p: Promise<{ ok: boolean; data?: unknown; error?: unknown }>): Promise<T> => {
    const res = await p;
    if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res.error)}`);
    return res.data as T;
  };
  const loop = async (key: string, stars: number) => {
    const s = (await host.invoke('orders', { action: 'submit', idempotencyKey: key, payload: { scene, category: 'repair', description: `评分测试 ${key}` } }, 'demo-resident')) as { data: SubmitResult };
    let o = await ok<OrderView>(host.call('orders', 'claim', { id: s.data.order.id, version: s.data.order.version }, 'demo-grid-worker'));
    o = await ok<OrderView>(host.call('orders', 'resolve', { id: o.id, note: '已处理' }, 'demo-grid-worker'));
    return ok<OrderView>(host.call('orders', 'rate', { id: o.id, stars }, 'demo-resident'));
  };

  beforeAll(async () => {
    host = startTestHost();
    scene = (await ok<QrcodeView>(host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary'))).scene;
  });
  afterAll(() => host.destroy());

  it('counts each order at every level of its path, before and after the sweep folds the deltas', async () => {
    await loop('score-key-0001', 5);
    await loop('score-key-0002', 4);
    await loop('score-key-0003', 2); // reopened → dispatched again
    const before = await ok<ScoresView>(host.call('scoring', 'scores', { orgId: 'c-wh' }, 'demo-secretary'));
    expect(before).toMatchObject({ count: 3, rated: 2, satisfactionRate: 1, reopenRate: 0.3333, acceptRate: 1, gridShare: 1 });
    await host.trigger('sweep');
    expect(host.store.find('score_deltas', { applied: false })).toEqual([]);
    const after = await ok<ScoresView>(host.call('scoring', 'scores', { orgId: 'c-wh' }, 'demo-secretary'));
    expect(after).toEqual(before);
    const grid = await ok<ScoresView>(host.call('scoring', 'scores', { orgId: 'g-wh-1' }, 'demo-secretary'));
    expect(grid.count).toBe(3);
    const district = await ok<ScoresView>(host.call('scoring', 'scores', { orgId: 'd-wc' }, 'demo-district-admin'));
    expect(district.count).toBe(3);
    await host.trigger('sweep');
    expect(await ok<ScoresView>(host.call('scoring', 'scores', { orgId: 'c-wh' }, 'demo-secretary'))).toEqual(after);
  });

  it('ranks the children of a node by smoothed satisfaction; other communities and residents are refused', async () => {
    const ranking = await ok<{ rows: (ScoresView & { rank: number; name: string })[] }>(host.call('scoring', 'ranking', { orgId: 'c-wh' }, 'demo-secretary'));
    expect(ranking.rows.map((r) => r.orgId)).toEqual(['g-wh-1', 'g-wh-2', 'g-wh-3']);
    expect(ranking.rows[0]).toMatchObject({ rank: 1, name: '文汇社区第一网格', count: 3 });
    expect(await host.call('scoring', 'scores', { orgId: 'c-ms' }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('scoring', 'scores', { orgId: 'c-wh' }, 'demo-resident')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
