import { DEFAULT_TOP_REMINDER_BACKOFF_MINUTES, escalateOrder } from '../../../domain/orders/escalation';
import { sweepSla } from '../../../domain/orders/sla-sweep';
import { cancelOrder } from '../../../domain/orders/steps';
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
