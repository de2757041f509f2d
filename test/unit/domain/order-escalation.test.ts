import { escalateOrder, LADDER, nextLevel } from '../../../domain/orders/escalation';
import { claimOrder, mergeOrders, resolveOrder } from '../../../domain/orders/steps';
import { rateOrder } from '../../../domain/orders/rating';
import { sweepSla } from '../../../domain/orders/sla-sweep';
import { SYSTEM_ACTOR } from '../../../domain/orders/deps';
import { fakeOrdersWorld } from '../../helpers/fake-orders-deps';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const MIN = 60_000;

const setup = () => fakeOrdersWorld(T0);

describe('the ladder with a fixed clock', () => {
  it('levels in order, with nothing above the district', () => {
    expect(LADDER).toEqual(['grid', 'community', 'street', 'department', 'district']);
    expect(nextLevel('grid')).toBe('community');
    expect(nextLevel('district')).toBeNull();
  });

  it('escalation gives the new level fresh clocks and stops the old ones; the promise keeps running from submission', async () => {
    const t = setup();
    const o = await t.submit({ category: 'repair' });
    t.clock.advance(10 * MIN);
    const up = await escalateOrder(t.deps, o, SYSTEM_ACTOR, '测试上报', 'manual');
    const grid = up.clocks!.filter((c) => c.level === 'grid');
    const community = up.clocks!.filter((c) => c.level === 'community');
    expect(grid.every((c) => c.stoppedAt === T0 + 10 * MIN)).toBe(true);
    expect(community.map((c) => [c.kind, c.startedAt, c.dueAt - c.startedAt])).toEqual([
      ['dispatch', T0 + 10 * MIN, 15 * MIN],
      ['respond', T0 + 10 * MIN, 15 * MIN],
      ['reply', T0 + 10 * MIN, 30 * MIN],
      ['resolve', T0 + 10 * MIN, 1440 * MIN],
    ]);
    expect(up.promiseDueAt).toBe(o.promiseDueAt);
    expect(t.sent.some((m) => m.to === 'demo-secretary' && m.type === 'escalated')).toBe(true);
  });

  it('the sweep escalates exactly at breach, not before, and reminds at 80%', async () => {
    const t = setup();
    const o = await t.submit({ category: 'repair' });
    // 15-30-24: the 接单 clock reminds at 12 min and is 督办 at 15; the reply clock reminds at 24 and escalates at 30.
    t.clock.set(T0 + 12 * MIN);
    expect(await sweepSla(t.deps, t.clock.now())).toMatchObject({ reminded: 1, escalated: 0 });
    t.clock.set(T0 + 15 * MIN);
    expect(await sweepSla(t.deps, t.clock.now())).toMatchObject({ reminded: 1, escalated: 0 });
    t.clock.set(T0 + 24 * MIN - 1);
    expect((await sweepSla(t.deps, t.clock.now())).processed).toBe(0);
    t.clock.set(T0 + 24 * MIN);
    expect(await sweepSla(t.deps, t.clock.now())).toMatchObject({ reminded: 1, escalated: 0 });
    t.clock.set(T0 + 30 * MIN - 1);
    expect((await sweepSla(t.deps, t.clock.now())).escalated).toBe(0);
    t.clock.set(T0 + 30 * MIN);
    expect((await sweepSla(t.deps, t.clock.now())).escalated).toBe(1);
    expect(t.orders.get(o._id)?.level).toBe('community');
    expect((await sweepSla(t.deps, t.clock.now())).processed).toBe(0);
  });

  it('emergency: broadcast at grid level to every responder, 5-minute clock, escalates to the community after it', async () => {
    const t = setup();
    const o = await t.submit({ category: 'emergency' });
    expect(o).toMatchObject({ priority: 'emergency', level: 'grid', assignee: { queue: 'broadcast', candidates: ['demo-grid-worker', 'demo-volunteer'] } });
    t.clock.set(T0 + 5 * MIN);
    await sweepSla(t.deps, t.clock.now());
    expect(t.orders.get(o._id)?.level).toBe('community');
  });

  it('reopen rules: a low rating reopens to the same handler; the second one escalates', async () => {
    const t = setup();
    let o = await t.submit({ category: 'repair' });
    const cycle = async () => {
      o = await claimOrder(t.deps, t.actor('demo-grid-worker'), o._id, o.version);
      o = await resolveOrder(t.deps, t.actor('demo-grid-worker'), o._id, '已处理', []);
      return (o = await rateOrder(t.deps, t.actor('demo-resident'), { id: o._id, stars: 1 }));
    };
    await cycle();
    expect(o).toMatchObject({ status: 'dispatched', level: 'grid', reopenCount: 1, assignee: { kind: 'user', openid: 'demo-grid-worker' } });
    await cycle();
    expect(o).toMatchObject({ reopenCount: 2, level: 'community', assignee: { kind: 'queue', queue: 'community' } });
  });

  it('merge: children follow the parent and their filers are told', async () => {
    const t = setup();
    const parent = await t.submit({ category: 'repair', description: '楼道灯坏了' });
    const child = await t.submit({ category: 'repair', description: '楼道灯坏了晚上很黑' }, 'demo-volunteer');
    expect(child.suggestions?.map((s) => s.id)).toEqual([parent._id]);
    await mergeOrders(t.deps, t.actor('demo-secretary'), parent._id, [child._id], '同一盏灯');
    expect(t.orders.get(child._id)).toMatchObject({ status: 'merged', parentId: parent._id });
    expect(t.orders.get(parent._id)).toMatchObject({ childIds: [child._id], followers: ['demo-volunteer'] });
  });
});
