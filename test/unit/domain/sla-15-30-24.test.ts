import type { OrderDoc } from '../../../domain/model/order';
import { sweepSla } from '../../../domain/orders/sla-sweep';
import { claimOrder, contactResident, requestInfo, resolveOrder } from '../../../domain/orders/steps';
import { countersOf } from '../../../domain/scoring/contribution';
import { scoresFrom } from '../../../domain/scoring/scores';
import { fakeOrdersWorld } from '../../helpers/fake-orders-deps';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const MIN = 60_000;

const sweepUntil = async (t: ReturnType<typeof fakeOrdersWorld>, until: number) => {
  while (t.clock.now() < until) {
    t.clock.advance(MIN);
    await sweepSla(t.deps, t.clock.now());
  }
};
const clock = (o: OrderDoc, kind: string) => (o.clocks ?? []).find((c) => c.kind === kind && c.level === o.level);

/** 渭城: "15分钟快速响应、30分钟及时回复、24小时圆满解决", on hand-computed timelines. */
describe('15-30-24 as three clocks', () => {
  it('a repair routed to the grid worker promises 接单 in 15 min, a reply in 30, resolution in 24 h', async () => {
    const t = fakeOrdersWorld(T0);
    const o = await t.submit({ category: 'repair' });
    expect(o.promise).toBe('15分钟响应、30分钟回复、24小时解决');
    expect(clock(o, 'respond')?.dueAt).toBe(T0 + 15 * MIN);
    expect(clock(o, 'reply')?.dueAt).toBe(T0 + 30 * MIN);
    expect(clock(o, 'resolve')?.dueAt).toBe(T0 + 24 * 60 * MIN);
  });

  it('unclaimed: reminded at 12 min, 督办 at 15 (the secretary is told, the order stays), 吹哨 to the community at 30', async () => {
    const t = fakeOrdersWorld(T0);
    const o = await t.submit({ category: 'repair' });
    await sweepUntil(t, T0 + 12 * MIN);
    expect(t.sent.some((n) => n.orderId === o._id && n.to === 'demo-grid-worker' && n.type === 'reminder')).toBe(true);
    await sweepUntil(t, T0 + 15 * MIN);
    const supervised = t.orders.get(o._id) as OrderDoc;
    expect(supervised).toMatchObject({ level: 'grid', status: 'dispatched', escalations: 0 });
    expect(clock(supervised, 'respond')?.breachedAt).toBe(T0 + 15 * MIN);
    expect(t.sent.some((n) => n.orderId === o._id && n.to === 'demo-secretary' && n.type === 'supervise')).toBe(true);
    const superviseEvent = t.events.find((e) => e.orderId === o._id && e.type === 'remind' && (e.data as { supervise?: boolean }).supervise);
    expect(superviseEvent?.data).toMatchObject({ breached: ['respond'] });
    await sweepUntil(t, T0 + 29 * MIN);
    expect((t.orders.get(o._id) as OrderDoc).level).toBe('grid');
    await sweepUntil(t, T0 + 30 * MIN);
    const up = t.orders.get(o._id) as OrderDoc;
    expect(up).toMatchObject({ level: 'community', escalations: 1 });
    expect(t.events.filter((e) => e.orderId === o._id && e.type === 'escalate').at(-1)?.reason).toBe('网格回复超时，自动上报');
  });

  it('claimed at 10 min, a call logged at 20, resolved at 2 h: all three met, counted in 接单率, 及时回复率 and 按时办结率', async () => {
    const t = fakeOrdersWorld(T0);
    let o = await t.submit({ category: 'repair' });
    t.clock.advance(10 * MIN);
    o = await claimOrder(t.deps, t.actor('demo-grid-worker'), o._id, o.version);
    t.clock.advance(10 * MIN);
    o = await contactResident(t.deps, t.actor('demo-grid-worker'), o._id, 'call', '已电话联系，下午上门');
    expect(clock(o, 'reply')?.metAt).toBe(T0 + 20 * MIN);
    expect(t.events.filter((e) => e.orderId === o._id).at(-1)).toMatchObject({ type: 'contact', data: { how: 'call' } });
    expect(t.sent.some((n) => n.to === 'demo-resident' && n.type === 'contact')).toBe(true);
    await sweepUntil(t, T0 + 2 * 60 * MIN);
    o = await resolveOrder(t.deps, t.actor('demo-grid-worker'), o._id, '已修好', []);
    const c = countersOf(o);
    expect(c).toMatchObject({ respondDecided: 1, respondMet: 1, replyDecided: 1, replyMet: 1, resolved: 1, resolvedOnTime: 1 });
    expect(scoresFrom({ orgId: 'g-wh-1', from: '2026-03-01', to: '2026-03-31' }, c, { mean: 4, weight: 10 })).toMatchObject({ acceptRate: 1, replyRate: 1, onTimeResolveRate: 1 });
    expect((t.orders.get(o._id) as OrderDoc).escalations ?? 0).toBe(0);
  });

  it('asking the resident a question is hearing back too', async () => {
    const t = fakeOrdersWorld(T0);
    let o = await t.submit({ category: 'repair' });
    o = await claimOrder(t.deps, t.actor('demo-grid-worker'), o._id, o.version);
    t.clock.advance(5 * MIN);
    o = await requestInfo(t.deps, t.actor('demo-grid-worker'), o._id, '请问是几单元？');
    expect(clock(o, 'reply')?.metAt).toBe(T0 + 5 * MIN);
  });
});
