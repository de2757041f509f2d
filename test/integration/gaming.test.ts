import type { PointsView } from '../../domain/checkins/api';
import type { OrderView, SubmitResult } from '../../domain/orders/api';
import type { QrcodeView } from '../../domain/org/api';
import type { ScoresView } from '../../domain/scoring/scores';
import { ok, startTestHost, type TestHost } from '../helpers/test-host';

/**
 * Gaming the marks (orders): each attack an insider could try to write their own 满意率, 按时办结率
 * or points, played through the real functions. Every test checks the outcome, not only the
 * answer: points, scores and evidence unchanged, no notice sent, nothing stored where refused.
 * (Check-in and org attacks live in gaming-checkins.test.ts and gaming-org.test.ts.)
 */
describe('gaming the marks: orders', () => {
  let host: TestHost;
  let scene: string;
  let keys = 0;

  const submit = async (openid: string, payload: Record<string, unknown>): Promise<OrderView> => {
    const res = (await host.invoke('orders', { action: 'submit', idempotencyKey: `gaming-${++keys}`, payload: { scene, ...payload } }, openid)) as {
      ok: boolean;
      data: SubmitResult;
      error?: unknown;
    };
    if (!res.ok) throw new Error(`submit as ${openid}: ${JSON.stringify(res.error)}`);
    return res.data.order;
  };
  const act = (action: string, payload: Record<string, unknown>, openid: string) =>
    host.invoke('orders', { action, idempotencyKey: `gaming-${++keys}`, payload }, openid) as Promise<{ ok: boolean; data?: OrderView; error?: { code: string; message: string } }>;
  const mustOk = async (action: string, payload: Record<string, unknown>, openid: string): Promise<OrderView> => {
    const res = await act(action, payload, openid);
    if (!res.ok || !res.data) throw new Error(`${action} as ${openid}: ${JSON.stringify(res.error)}`);
    return res.data;
  };
  const scores = (orgId: string, who = 'demo-district-admin') => ok<ScoresView>(host.call('scoring', 'scores', { orgId }, who));
  const balance = async (openid: string) => (await ok<PointsView>(host.call('checkins', 'points', {}, openid))).balance;

  /** What a refused act must leave alone. */
  const snapshot = (orderId: string) => ({
    order: JSON.stringify(host.store.get('orders', orderId)),
    events: host.store.find('order_events', { orderId }).length,
    notices: host.store.size('notifications'),
    ledger: host.store.size('ledger_tx'),
    visits: host.store.size('visits'),
    deltas: host.store.size('score_deltas'),
  });

  beforeAll(async () => {
    host = startTestHost();
    scene = (await ok<QrcodeView>(host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary'))).scene;
  });
  afterAll(() => host.destroy());

  it('a volunteer cannot fulfil his own 微心愿 for points: the claim is refused and nothing changes', async () => {
    const before = await balance('demo-volunteer');
    const wish = await submit('demo-volunteer', { category: 'wish', description: '想要一台旧收音机听戏' });
    expect(wish.can.claim).toBe(false);
    const untouched = snapshot(wish.id);
    const res = await act('claim', { id: wish.id, version: wish.version }, 'demo-volunteer');
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '不能办理自己提交的诉求' } });
    expect(snapshot(wish.id)).toEqual(untouched);
    expect(await balance('demo-volunteer')).toBe(before);
  });

  it('nor answer his own emergency broadcast', async () => {
    const sos = await submit('demo-volunteer', { category: 'emergency', description: '家里老人摔倒了需要帮忙' });
    const untouched = snapshot(sos.id);
    expect(await act('claim', { id: sos.id, version: sos.version }, 'demo-volunteer')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(snapshot(sos.id)).toEqual(untouched);
  });

  it('a grid worker reporting in his own grid files a patrol: handled by him, verified by someone else, never rated, never in 满意率', async () => {
    const before = await scores('g-wh-1');
    let o = await submit('demo-grid-worker', { category: 'repair', description: '巡查发现2单元门禁损坏' });
    expect(o).toMatchObject({ channel: 'patrol', status: 'dispatched' });
    o = await mustOk('claim', { id: o.id, version: o.version }, 'demo-grid-worker');
    o = await mustOk('resolve', { id: o.id, note: '已联系维修更换门禁' }, 'demo-grid-worker');
    expect(o).toMatchObject({ status: 'verifying', can: { rate: false, verify: false } });
    const untouched = snapshot(o.id);
    expect(await act('rate', { id: o.id, stars: 5 }, 'demo-grid-worker')).toMatchObject({ ok: false });
    expect(await act('verify', { id: o.id, outcome: 'accept' }, 'demo-grid-worker')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '不能验收自己办理或上报的诉求' },
    });
    expect(snapshot(o.id)).toEqual(untouched);
    const closed = await mustOk('verify', { id: o.id, outcome: 'accept', note: '现场已核实' }, 'demo-secretary');
    expect(closed.status).toBe('closed');
    await host.trigger('sweep');
    const after = await scores('g-wh-1');
    expect(after).toMatchObject({ rated: before.rated, satisfactionRate: before.satisfactionRate });
  });

  it('a secretary who logs a call and handles it herself cannot rate it, visit it, or let it count in 满意率', async () => {
    const before = await scores('c-wh');
    let o = await submit('demo-secretary', { category: 'repair', channel: 'phone', contactPhone: '13912340000', description: '居民来电：楼顶漏水' });
    o = await mustOk('dispatch', { id: o.id, to: { kind: 'user', openid: 'demo-secretary' }, reason: '我来处理' }, 'demo-secretary');
    o = await mustOk('claim', { id: o.id, version: o.version }, 'demo-secretary');
    o = await mustOk('resolve', { id: o.id, note: '已处理' }, 'demo-secretary');
    expect(o.can.rate).toBe(false);
    const untouched = snapshot(o.id);
    expect(await act('rate', { id: o.id, stars: 5 }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '不能评价自己办理的诉求' } });
    expect(snapshot(o.id)).toEqual(untouched);
    // The phone order's return visit is owed to someone who neither logged nor handled it.
    const visit = host.store.find('visits', { orderId: o.id })[0] as { _id: string; assignee: string | null };
    expect(visit.assignee).toBe('demo-grid-worker');
    const visitsBefore = JSON.stringify(host.store.get('visits', visit._id));
    expect(await host.call('scoring', 'recordVisit', { id: visit._id, outcome: 'satisfied', method: 'phone', note: '我自己回访' }, 'demo-secretary')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: '不能回访自己办理或代为提交的诉求' },
    });
    expect(JSON.stringify(host.store.get('visits', visit._id))).toBe(visitsBefore);
    // 48 h later it closes unrated: no rating appears and 满意率 is untouched.
    host.clock.advance(49 * 3_600_000);
    await host.trigger('sweep');
    expect(host.store.get('orders', o.id)).toMatchObject({ status: 'closed', rating: null });
    const after = await scores('c-wh');
    expect(after.rated).toBe(before.rated);
    expect(after.satisfactionRate).toBe(before.satisfactionRate);
  });

  it('a grid worker’s 帮办代办 order routes back to him: his proxy rating and his own return visit are refused', async () => {
    let o = await submit('demo-grid-worker', { category: 'repair', channel: 'proxy', proxyFor: { name: '刘奶奶' }, description: '替刘奶奶反映厨房水管漏水' });
    o = await mustOk('claim', { id: o.id, version: o.version }, 'demo-grid-worker');
    o = await mustOk('resolve', { id: o.id, note: '已修好' }, 'demo-grid-worker');
    const untouched = snapshot(o.id);
    expect(await act('rate', { id: o.id, stars: 5 }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(snapshot(o.id)).toEqual(untouched);
    const visit = host.store.find('visits', { orderId: o.id })[0] as { _id: string; assignee: string | null };
    expect(visit.assignee).not.toBe('demo-grid-worker');
    expect(await host.call('scoring', 'recordVisit', { id: visit._id, outcome: 'satisfied', method: 'door', note: '满意' }, 'demo-grid-worker')).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(snapshot(o.id)).toEqual(untouched);
  });

  it('an order outside one’s scope answers exactly like a made-up id, for reads and changes alike', async () => {
    const o = await submit('demo-resident', { category: 'repair', description: '楼下路灯不亮已经三天了' });
    for (const [action, payload] of [
      ['get', { id: o.id }],
      ['claim', { id: o.id, version: o.version }],
      ['approve', { id: o.id }],
      ['escalate', { id: o.id, reason: '试探一下' }],
    ] as const) {
      const real = await act(action, payload, 'demo-secretary-2');
      const fake = await act(action, { ...payload, id: 'ord_doesnotexist000000000000' }, 'demo-secretary-2');
      expect(real).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(real.error).toEqual(fake.error);
    }
  });

  it('merging across communities names nothing of the other community', async () => {
    const ours = await submit('demo-resident', { category: 'repair', description: '单元门口的台阶破损了' });
    const theirScene = (await ok<QrcodeView>(host.call('org', 'qrcode', { orgId: 'b-ms-1-1' }, 'demo-secretary-2'))).scene;
    const res = (await host.invoke('orders', { action: 'submit', idempotencyKey: `gaming-${++keys}`, payload: { scene: theirScene, category: 'repair', description: '单元门口台阶也破了' } }, 'demo-resident-2')) as {
      data: SubmitResult;
    };
    const theirs = res.data.order;
    const merged = await act('merge', { id: ours.id, childIds: [theirs.id], reason: '同类问题' }, 'demo-secretary');
    const madeUp = await act('merge', { id: ours.id, childIds: ['ord_doesnotexist000000000000'], reason: '同类问题' }, 'demo-secretary');
    expect(merged).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(merged.error).toEqual(madeUp.error);
    expect(JSON.stringify(merged)).not.toContain(theirs.no);
    expect(host.store.get('orders', theirs.id)).toMatchObject({ status: theirs.status, version: theirs.version });
  });
});
