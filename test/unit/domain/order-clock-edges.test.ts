import { DEFAULT_TOP_REMINDER_BACKOFF_MINUTES, escalateOrder } from '../../../domain/orders/escalation';
import { sweepSla } from '../../../domain/orders/sla-sweep';
import { cancelOrder, claimOrder, resolveOrder, returnWishToWall, verifyOrder } from '../../../domain/orders/steps';
import { recordVisitOutcome } from '../../../domain/orders/visits';
import { SYSTEM_ACTOR } from '../../../domain/orders/deps';
import type { OrderDoc } from '../../../domain/model/order';
import { fakeOrdersWorld } from '../../helpers/fake-orders-deps';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const MIN = 60_000;

/** Runs the sweep every minute from now until `until` and counts what it did. */
const sweepEveryMinute = async (t: ReturnType<typeof fakeOrdersWorld>, until: number) => {
  const totals = { escalated: 0, reminded: 0 };
  while (t.clock.now() < until) {
    t.clock.advance(MIN);
    const r = await sweepSla(t.deps, t.clock.now());
    totals.escalated += r.escalated;
    totals.reminded += r.reminded;
  }
  return totals;
};

describe('区级督办: reminders with a back-off at the top of the ladder', () => {
  it('an unattended district order is reminded after 1 h, 4 h, then daily — not re-escalated every breach', async () => {
    const t = fakeOrdersWorld(T0);
    let o: OrderDoc = await t.submit({ category: 'repair', description: '小区围墙倒塌需要区里协调' });
    for (let i = 0; i < 4; i++) o = await escalateOrder(t.deps, o, SYSTEM_ACTOR, '测试上报', 'manual');
    expect(o).toMatchObject({ level: 'district', status: 'dispatched', escalations: 4 });
    const reached = t.clock.now();

    const totals = await sweepEveryMinute(t, reached + 3 * 24 * 60 * MIN);
    const after = t.orders.get(o._id) as OrderDoc;
    // Counted once (when it reached the district); the old behaviour re-escalated every 15 minutes (≈288 in three days).
    expect(after.escalations).toBe(4);
    expect(totals.escalated).toBe(0);
    const reminders = t.events.filter((e) => e.orderId === o._id && e.type === 'remind' && (e.data as { top?: boolean } | undefined)?.top);
    // First at the clock's breach, then +1 h, +4 h, then one a day.
    const gaps = reminders.slice(1).map((e, i) => (e.at - reminders[i].at) / MIN);
    expect(gaps.slice(0, 3)).toEqual([...DEFAULT_TOP_REMINDER_BACKOFF_MINUTES]);
    expect(gaps.slice(3).every((g) => g === 1440)).toBe(true);
    expect(reminders.length).toBeLessThanOrEqual(8);
    expect(t.sent.filter((n) => n.orderId === o._id && n.type === 'reminder' && n.title.startsWith('督办提醒')).length).toBe(reminders.length);
  });

  it('the reminders stop once the order is withdrawn', async () => {
    const t = fakeOrdersWorld(T0);
    let o: OrderDoc = await t.submit({ category: 'repair', description: '小区围墙倒塌需要区里协调' });
    for (let i = 0; i < 4; i++) o = await escalateOrder(t.deps, o, SYSTEM_ACTOR, '测试上报', 'manual');
    await sweepEveryMinute(t, t.clock.now() + 120 * MIN);
    await cancelOrder(t.deps, t.actor('demo-resident'), o._id, '已经自己解决了');
    const before = t.events.length;
    await sweepEveryMinute(t, t.clock.now() + 2 * 24 * 60 * MIN);
    expect(t.events.length).toBe(before);
  });
});

describe('every reopen and every return to a queue starts the level’s clocks', () => {
  it('a 不满意 return visit on a district order reopens it with running clocks', async () => {
    const t = fakeOrdersWorld(T0);
    let o: OrderDoc = await t.submit({ category: 'repair', description: '小区围墙倒塌需要区里协调' });
    for (let i = 0; i < 4; i++) o = await escalateOrder(t.deps, o, SYSTEM_ACTOR, '测试上报', 'manual');
    o = await claimOrder(t.deps, t.actor('demo-district-admin'), o._id, o.version);
    o = await resolveOrder(t.deps, t.actor('demo-district-admin'), o._id, '已协调修复', []);
    o = await verifyOrder(t.deps, t.actor('demo-grid-worker'), o._id, 'accept', '现场已修好');
    t.clock.advance(49 * 60 * MIN);
    await sweepSla(t.deps, t.clock.now());
    const visit = [...t.visits.values()].find((v) => v.orderId === o._id);
    expect(visit).toBeDefined();
    const closed = t.orders.get(o._id) as OrderDoc;
    const reopened = await recordVisitOutcome(t.deps, t.actor('demo-grid-worker'), visit!, closed, 'not_satisfied', '围墙又裂了');
    expect(reopened).toMatchObject({ status: 'dispatched', level: 'district' });
    expect((reopened.clocks ?? []).some((c) => c.level === 'district' && c.metAt === null && c.breachedAt === null && c.stoppedAt === null)).toBe(true);
    expect(reopened.wakeAt).not.toBeNull();
  });

  it('a wish back on the wall after its claim expires has its clocks running again', async () => {
    const t = fakeOrdersWorld(T0);
    let o: OrderDoc = await t.submit({ category: 'wish', description: '想请人帮忙读报纸' });
    o = await claimOrder(t.deps, t.actor('demo-volunteer'), o._id, o.version);
    const back = await returnWishToWall(t.deps, t.orders.get(o._id) as OrderDoc);
    expect(back).toMatchObject({ status: 'dispatched', assignee: { queue: 'wish_wall' } });
    expect(back.wakeAt).not.toBeNull();
  });
});
