import type { OrderView, SubmitResult } from '../../domain/orders/api';
import type { QrcodeView } from '../../domain/org/api';
import type { DashboardView } from '../../domain/scoring/dashboard-view';
import type { ScoresView } from '../../domain/scoring/scores';
import { startTestHost, type TestHost, ok } from '../helpers/test-host';

/**
 * scoring.dashboard through the real functions: orders filed, handled and rated through
 * `orders`, the dashboard read from the rollups — and every number equal to scoring.scores
 * for the same node and period.
 */
describe('scoring.dashboard through the real scoring and orders functions', () => {
  let host: TestHost;
  const scenes: Record<string, string> = {};
  let openOrder: OrderView;

  const submit = async (key: string, building: string, category: string, by = 'demo-resident') => {
    const res = (await host.invoke('orders', { action: 'submit', idempotencyKey: key, payload: { scene: scenes[building], category, description: `看板测试 ${key}` } }, by)) as {
      ok: boolean;
      data: SubmitResult;
      error?: unknown;
    };
    if (!res.ok) throw new Error(`submit failed: ${JSON.stringify(res.error)}`);
    return res.data.order;
  };
  /** File → claim → resolve → rate, by the handler of that grid. */
  const loop = async (key: string, building: string, category: string, stars: number, handler: string, resident = 'demo-resident') => {
    const s = await submit(key, building, category, resident);
    let o = await ok<OrderView>(host.call('orders', 'claim', { id: s.id, version: s.version }, handler));
    o = await ok<OrderView>(host.call('orders', 'resolve', { id: o.id, note: '已处理完毕' }, handler));
    return ok<OrderView>(host.call('orders', 'rate', { id: o.id, stars }, resident));
  };
  const dashboard = (orgId: string, openid: string, period: { from?: string; to?: string } = {}) =>
    host.call<DashboardView>('scoring', 'dashboard', { orgId, ...period }, openid);
  const scores = (orgId: string, openid: string, period: { from?: string; to?: string } = {}) => ok<ScoresView>(host.call('scoring', 'scores', { orgId, ...period }, openid));

  beforeAll(async () => {
    host = startTestHost();
    for (const b of ['b-wh-1-1', 'b-wh-2-1', 'b-ms-1-1']) {
      scenes[b] = (await ok<QrcodeView>(host.call('org', 'qrcode', { orgId: b }, b.startsWith('b-ms') ? 'demo-secretary-2' : 'demo-secretary'))).scene;
    }
    await loop('dash-key-0001', 'b-wh-1-1', 'repair', 5, 'demo-grid-worker');
    await loop('dash-key-0002', 'b-wh-1-1', 'repair', 4, 'demo-grid-worker');
    await loop('dash-key-0003', 'b-wh-1-1', 'elderly', 2, 'demo-grid-worker'); // reopened: counts in 重办率
    await loop('dash-key-0004', 'b-wh-2-1', 'environment', 5, 'demo-secretary', 'demo-volunteer');
    await loop('dash-key-0005', 'b-ms-1-1', 'repair', 3, 'demo-grid-worker-2', 'demo-resident-2');
    openOrder = await submit('dash-key-0006', 'b-wh-2-1', 'dispute', 'demo-volunteer');
    host.clock.advance(3 * 86_400_000); // 2 March → 5 March: the open dispute and the reopened order are past their promise
    await host.trigger('sweep'); // records the breaches (and folds what is pending)
    await loop('dash-key-0007', 'b-wh-1-1', 'policy', 5, 'demo-grid-worker'); // on 5 March, not folded yet
  }, 60_000);
  afterAll(() => host.destroy());

  it('the secretary sees her community with its grids side by side, every number equal to scoring.scores', async () => {
    const view = await ok<DashboardView>(dashboard('c-wh', 'demo-secretary'));
    expect(view).toMatchObject({ org: { id: 'c-wh', name: '文汇社区', type: 'community' }, from: '2026-03-01', to: '2026-03-05', today: '2026-03-05', childLabel: '网格', departments: [] });
    expect(view.totals).toEqual(await scores('c-wh', 'demo-secretary'));
    expect(host.store.find('score_deltas', { applied: false }).length).toBeGreaterThan(0); // read from rollups + pending deltas
    expect(view.totals).toMatchObject({ count: 6, rated: 5 });
    expect(view.rows.map((r) => r.orgId).sort()).toEqual(['g-wh-1', 'g-wh-2', 'g-wh-3']);
    for (const row of view.rows) {
      const { name, type, rank, ...numbers } = row;
      expect([name.startsWith('文汇社区'), type, rank]).toEqual([true, 'grid', expect.any(Number)]);
      expect(numbers).toEqual(await scores(row.orgId, 'demo-secretary'));
    }
    // Sorted by smoothed satisfaction (prior: the district mean 4.0, weight 10): 第二网格 (one 5) above
    // 第一网格 (5, 4, 2, 5 = mean 4.0); 第三网格 (no ratings) last.
    expect(view.rows.map((r) => [r.rank, r.orgId, r.count])).toEqual([
      [1, 'g-wh-2', 2],
      [2, 'g-wh-1', 4],
      [3, 'g-wh-3', 0],
    ]);
    expect(view.rows[0].smoothedSatisfaction!).toBeGreaterThan(view.rows[1].smoothedSatisfaction!);
    // Trend per week adds up to the total; categories from the rollups.
    expect(view.trend.map((t) => t.label)).toEqual(['3/1', '3/2']);
    expect(view.trend.reduce((n, t) => n + t.count, 0)).toBe(view.totals.count);
    expect(view.categories.map((c) => [c.name, c.count])).toEqual([
      ['维修报修', 2],
      ['矛盾纠纷', 1], // ties by category id: dispute, elderly, environment, policy
      ['养老助老', 1],
      ['环境卫生', 1],
      ['政策咨询', 1],
    ]);
    // The open dispute (第二网格) and the reopened 2-star order (第一网格) are past the resident's promise.
    expect(view.overdue.total).toBe(2);
    expect(view.overdue.rows.map((r) => [r.orgId, r.name, r.overdue]).sort()).toEqual([
      ['g-wh-1', '文汇社区第一网格', 1],
      ['g-wh-2', '文汇社区第二网格', 1],
    ]);
    for (const row of view.overdue.rows) expect(row.worstHours).toBeGreaterThan(0);
  });

  it('the same numbers once the sweep has folded the deltas into the rollups', async () => {
    const before = await ok<DashboardView>(dashboard('c-wh', 'demo-secretary'));
    await host.trigger('sweep');
    expect(host.store.find('score_deltas', { applied: false })).toEqual([]);
    expect(await ok<DashboardView>(dashboard('c-wh', 'demo-secretary'))).toEqual(before);
  });

  it('the street admin compares communities; the district admin streets and departments, with the heat list by community', async () => {
    const street = await ok<DashboardView>(dashboard('s-wy', 'demo-street-admin'));
    expect(street.childLabel).toBe('社区');
    expect(street.totals).toEqual(await scores('s-wy', 'demo-street-admin'));
    const wh = street.rows.find((r) => r.orgId === 'c-wh')!;
    const ms = street.rows.find((r) => r.orgId === 'c-ms')!;
    expect([wh.count, ms.count]).toEqual([6, 1]);
    expect(street.rows.every((r) => r.type === 'community')).toBe(true);
    for (const row of street.rows) expect(row.count).toBe((await scores(row.orgId, 'demo-street-admin')).count);

    const district = await ok<DashboardView>(dashboard('d-wc', 'demo-district-admin'));
    expect(district.childLabel).toBe('街道');
    expect(district.totals).toEqual(await scores('d-wc', 'demo-district-admin'));
    expect(district.rows.map((r) => r.type)).toEqual(district.rows.map(() => 'street'));
    expect(district.rows.reduce((n, r) => n + r.count, 0)).toBe(district.totals.count);
    expect(district.departments.length).toBeGreaterThan(0);
    expect(district.departments.every((r) => r.type === 'department')).toBe(true);
    for (const row of district.departments) expect(row).toMatchObject({ count: (await scores(row.orgId, 'demo-district-admin')).count });
    expect(district.categories[0]).toMatchObject({ category: 'repair', count: 3 });
    expect(district.overdue.rows).toEqual([{ orgId: 'c-wh', name: '文汇社区', parentName: '渭阳街道', overdue: 2, worstHours: expect.any(Number) }]);
  });

  it('any period up to 366 days: last month is empty with every week there', async () => {
    const feb = await ok<DashboardView>(dashboard('c-wh', 'demo-secretary', { from: '2026-02-01', to: '2026-02-28' }));
    expect(feb.totals.count).toBe(0);
    expect(feb.rows.every((r) => r.count === 0)).toBe(true);
    expect(feb.trend.map((t) => t.label)).toEqual(['2/1', '2/2', '2/9', '2/16', '2/23']);
    expect(feb.categories).toEqual([]);
    expect(feb.overdue.total).toBe(2); // 超时 is about now, not the period
    const bad = [
      { from: '2026-03-05', to: '2026-03-01' },
      { from: '2024-01-01', to: '2026-03-05' },
      { from: '2026-02-30' },
      { from: '2026/03/01' },
    ];
    for (const period of bad) expect(await dashboard('c-wh', 'demo-secretary', period)).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await host.call('scoring', 'dashboard', { orgId: 'c-wh', extra: 1 }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await host.call('scoring', 'dashboard', { orgId: 'x'.repeat(65) }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('a secretary cannot open another community’s dashboard; a resident none; unknown nodes are NOT_FOUND', async () => {
    expect(await dashboard('c-ms', 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await dashboard('s-wy', 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await dashboard('c-wh', 'demo-resident')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await dashboard('s-xx', 'demo-street-admin')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await dashboard('c-nowhere', 'demo-district-admin')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Her own grids she may open (subtree).
    expect((await ok<DashboardView>(dashboard('g-wh-1', 'demo-secretary'))).totals.count).toBe(4);
    expect(openOrder.status).not.toBe('closed');
  });
});
