import type { OrderView, SubmitResult } from '../../domain/orders/api';
import type { QrcodeView } from '../../domain/org/api';
import type { ScoresView } from '../../domain/scoring/scores';
import { startTestHost, type TestHost, ok } from '../helpers/test-host';

/** Scores through the real functions: kept incrementally from order changes, equal to the orders behind them. */
describe('scoring: rollups from the orders, through the real functions', () => {
  let host: TestHost;
  let scene: string;
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
    await loop('score-key-0003', 2); // reopened → dispatched again; its 2 stars still count until re-rated
    const before = await ok<ScoresView>(host.call('scoring', 'scores', { orgId: 'c-wh' }, 'demo-secretary'));
    expect(before).toMatchObject({ count: 3, rated: 3, satisfactionRate: 0.6667, reopenRate: 0.3333, acceptRate: 1, gridShare: 1 });
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

describe('scoring: return visits (回访)', () => {
  let host: TestHost;
  let scene: string;
  type Visit = { id: string; orderId: string; reason: string; overdue: boolean; contact: { name: string; phone: string | null } | null };
  const resolved = async (key: string, payload: Record<string, unknown> = {}, by = 'demo-resident') => {
    const s = (await host.invoke('orders', { action: 'submit', idempotencyKey: key, payload: { scene, category: 'repair', description: `回访测试 ${key}`, ...payload } }, by)) as {
      data: SubmitResult;
    };
    let o = await ok<OrderView>(host.call('orders', 'claim', { id: s.data.order.id, version: s.data.order.version }, 'demo-grid-worker'));
    o = await ok<OrderView>(host.call('orders', 'resolve', { id: o.id, note: '已处理' }, 'demo-grid-worker'));
    return o;
  };
  // The grid's only worker handled every order here, so their visits are the secretary's (nobody visits their own work).
  const todo = (who = 'demo-secretary') => ok<Visit[]>(host.call('scoring', 'visits', { box: 'todo' }, who));

  beforeAll(async () => {
    host = startTestHost();
    scene = (await ok<QrcodeView>(host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary'))).scene;
  });
  afterAll(() => host.destroy());

  it('proxy-filed orders get a visit at resolution; ≤2 stars get one; unrated ones after 48 h', async () => {
    const proxy = await resolved('visit-key-0001', { channel: 'proxy', proxyFor: { name: '王奶奶' } });
    const low = await resolved('visit-key-0002');
    await ok(host.call('orders', 'rate', { id: low.id, stars: 1, comment: '没修好' }, 'demo-resident'));
    const silent = await resolved('visit-key-0003');
    expect((await todo()).map((v) => [v.orderId, v.reason])).toEqual(
      expect.arrayContaining([
        [proxy.id, 'channel'],
        [low.id, 'low_rating'],
      ]),
    );
    expect((await todo()).some((v) => v.orderId === silent.id)).toBe(false);
    // the visitor gets what the call needs: what was asked and done, the stars, whom to call
    type Task = Visit & { reasonLabel: string; order: { categoryName: string; handlerName: string | null; stars: number | null; resolutionNote: string | null } };
    const tasks = (await todo()) as Task[];
    expect(tasks.find((v) => v.orderId === proxy.id)).toMatchObject({ reasonLabel: '代办/电话登记', overdue: false, contact: { name: '王奶奶', byProxy: true }, order: { handlerName: '赵敏', resolutionNote: '已处理' } });
    expect(tasks.find((v) => v.orderId === low.id)).toMatchObject({ reasonLabel: '居民差评', contact: { name: '张桂兰', phone: expect.stringMatching(/^1\d{10}$/) }, order: { stars: 1 } });
    expect(await ok<Visit[]>(host.call('scoring', 'visits', { box: 'todo' }, 'demo-secretary-2'))).toEqual([]);
    host.clock.advance(49 * 3_600_000);
    await host.trigger('sweep');
    const closed = await ok<OrderView>(host.call('orders', 'get', { id: silent.id }, 'demo-resident'));
    expect(closed.status).toBe('closed');
    expect((await todo()).some((v) => v.orderId === silent.id && v.reason === 'unrated')).toBe(true);
    expect(host.store.find('visits', { orderId: silent.id })).toHaveLength(1);
    expect(host.store.find('visits', { orderId: proxy.id })).toHaveLength(1);
    await host.trigger('sweep');
    expect(host.store.find('visits', { orderId: silent.id })).toHaveLength(1);
  });

  it('a satisfied visit counts in 满意率; not satisfied reopens and escalates; a visit is recorded once', async () => {
    const visits = await todo();
    const unrated = visits.find((v) => v.reason === 'unrated')!;
    expect(await todo('demo-grid-worker')).toEqual([]);
    expect(await host.call('scoring', 'recordVisit', { id: unrated.id, outcome: 'satisfied', method: 'phone', note: '我自己回访自己' }, 'demo-grid-worker')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '不能回访自己办理或代为提交的诉求' },
    });
    const res = await ok<{ order: OrderView }>(
      host.call('scoring', 'recordVisit', { id: unrated.id, outcome: 'satisfied', method: 'phone', note: '电话回访，居民表示满意' }, 'demo-secretary'),
    );
    expect(res.order.status).toBe('closed');
    expect(await host.call('scoring', 'recordVisit', { id: unrated.id, outcome: 'satisfied', method: 'phone', note: '再记一次' }, 'demo-secretary')).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION' },
    });
    const proxyVisit = visits.find((v) => v.reason === 'channel')!;
    expect(await host.call('scoring', 'recordVisit', { id: proxyVisit.id, outcome: 'not_satisfied', method: 'door', note: '不满意' }, 'demo-secretary-2')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const reopened = await ok<{ order: OrderView }>(
      host.call('scoring', 'recordVisit', { id: proxyVisit.id, outcome: 'not_satisfied', method: 'door', note: '上门回访：问题依旧' }, 'demo-secretary'),
    );
    expect(reopened.order).toMatchObject({ status: 'dispatched', level: 'community', reopenCount: 1, flaggedForSecretary: true });
    await host.trigger('sweep');
    const scores = await ok<ScoresView>(host.call('scoring', 'scores', { orgId: 'c-wh' }, 'demo-secretary'));
    // rated: one 1-star; visited: one satisfied (unrated order) + one not satisfied (proxy order)
    expect(scores.satisfactionRate).toBe(0.3333);
  });
});

describe('scoring: one rating per order, changed once within 24 h (through orders + scoring)', () => {
  let host: TestHost;
  let scene: string;
  const resolved = async (key: string) => {
    const s = (await host.invoke('orders', { action: 'submit', idempotencyKey: key, payload: { scene, category: 'repair', description: `评价测试 ${key}` } }, 'demo-resident')) as {
      data: SubmitResult;
    };
    const o = await ok<OrderView>(host.call('orders', 'claim', { id: s.data.order.id, version: s.data.order.version }, 'demo-grid-worker'));
    return ok<OrderView>(host.call('orders', 'resolve', { id: o.id, note: '已处理' }, 'demo-grid-worker'));
  };
  const scores = async () => {
    await host.trigger('sweep');
    return ok<ScoresView>(host.call('scoring', 'scores', { orgId: 'g-wh-1' }, 'demo-grid-worker'));
  };

  beforeAll(async () => {
    host = startTestHost();
    scene = (await ok<QrcodeView>(host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary'))).scene;
  });
  afterAll(() => host.destroy());

  it('once: a second rating is refused; the change goes through editRating, once, and the scores follow it', async () => {
    const o = await resolved('rate-key-0001');
    const rated = await ok<OrderView>(host.call('orders', 'rate', { id: o.id, stars: 3 }, 'demo-resident'));
    expect(rated.can).toMatchObject({ rate: false, editRating: true });
    expect(await scores()).toMatchObject({ count: 1, satisfactionRate: 0 });
    expect(await host.call('orders', 'rate', { id: o.id, stars: 5 }, 'demo-resident')).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    expect(await host.call('orders', 'editRating', { id: o.id, stars: 5 }, 'demo-resident-2')).toMatchObject({ ok: false });
    host.clock.advance(20 * 3_600_000);
    const edited = await ok<OrderView>(host.call('orders', 'editRating', { id: o.id, stars: 5, comment: '后来又来看过了' }, 'demo-resident'));
    expect(edited).toMatchObject({ status: 'closed', rating: { stars: 5, firstStars: 3, editableUntil: null }, can: { editRating: false } });
    expect(await scores()).toMatchObject({ count: 1, satisfactionRate: 1 });
    expect(await host.call('orders', 'editRating', { id: o.id, stars: 4 }, 'demo-resident')).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '评价只能修改一次' } });
  });

  it('after 24 h the rating is final; lowering it within 24 h reopens the order', async () => {
    const late = await resolved('rate-key-0002');
    await ok(host.call('orders', 'rate', { id: late.id, stars: 4 }, 'demo-resident'));
    const early = await resolved('rate-key-0003');
    await ok(host.call('orders', 'rate', { id: early.id, stars: 4 }, 'demo-resident'));
    host.clock.advance(3_600_000);
    const reopened = await ok<OrderView>(host.call('orders', 'editRating', { id: early.id, stars: 2, comment: '又坏了' }, 'demo-resident'));
    expect(reopened).toMatchObject({ status: 'dispatched', reopenCount: 1, flaggedForSecretary: true, rating: null });
    expect(host.store.find('visits', { orderId: early.id, reason: 'low_rating' })).toHaveLength(1);
    host.clock.advance(24 * 3_600_000);
    expect(await host.call('orders', 'editRating', { id: late.id, stars: 5 }, 'demo-resident')).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: '评价已超过24小时，不能再修改' },
    });
  });
});

describe('scoring: the sampled return visit (configurable share of satisfied ratings)', () => {
  let host: TestHost;
  let scene: string;
  const before = process.env.REDGRID_VISIT_SAMPLE_PERCENT;
  const ratedFive = async (key: string, extra: Record<string, unknown> = {}) => {
    const s = (await host.invoke('orders', { action: 'submit', idempotencyKey: key, payload: { scene, category: 'repair', description: `抽样回访 ${key}`, ...extra } }, 'demo-resident')) as { data: SubmitResult };
    await ok(host.call('orders', 'claim', { id: s.data.order.id, version: s.data.order.version }, 'demo-grid-worker'));
    await ok(host.call('orders', 'resolve', { id: s.data.order.id, note: '已处理' }, 'demo-grid-worker'));
    return ok<OrderView>(host.call('orders', 'rate', { id: s.data.order.id, stars: 5 }, 'demo-resident'));
  };

  beforeAll(async () => {
    host = startTestHost();
    scene = (await ok<QrcodeView>(host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary'))).scene;
  });
  afterAll(async () => {
    if (before === undefined) delete process.env.REDGRID_VISIT_SAMPLE_PERCENT;
    else process.env.REDGRID_VISIT_SAMPLE_PERCENT = before;
    await host.destroy();
  });

  it('100% samples every satisfied rating, 0% none', async () => {
    process.env.REDGRID_VISIT_SAMPLE_PERCENT = '100';
    const sampled = await ratedFive('sample-key-0001');
    expect(host.store.find('visits', { orderId: sampled.id })).toMatchObject([{ reason: 'sample', status: 'open' }]);
    process.env.REDGRID_VISIT_SAMPLE_PERCENT = '0';
    const skipped = await ratedFive('sample-key-0002');
    expect(host.store.find('visits', { orderId: skipped.id })).toHaveLength(0);
  });

  it('a proxy filer rates on behalf (marked 代办人评价); the order keeps its one visit, not a second sampled one', async () => {
    process.env.REDGRID_VISIT_SAMPLE_PERCENT = '100';
    const rated = await ratedFive('sample-key-0003', { channel: 'proxy', proxyFor: { name: '王奶奶' } });
    expect(rated.rating).toMatchObject({ stars: 5, byProxy: true });
    expect(host.store.find('visits', { orderId: rated.id })).toMatchObject([{ reason: 'channel' }]);
  });
});
