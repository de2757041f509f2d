import { claimOrder, resolveOrder } from '../../../domain/orders/steps';
import { editRating, rateOrder } from '../../../domain/orders/rating';
import { RATING_EDIT_WINDOW_MS } from '../../../domain/scoring/follow-up';
import { toView } from '../../../domain/orders/views';
import { countersOf } from '../../../domain/scoring/contribution';
import { fakeOrdersWorld } from '../../helpers/fake-orders-deps';
import { refusal } from '../../helpers/refusal';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const HOUR = 3_600_000;

const resolvedOrder = async () => {
  const t = fakeOrdersWorld(T0);
  let o = await t.submit({ category: 'repair' });
  o = await claimOrder(t.deps, t.actor('demo-grid-worker'), o._id, o.version);
  o = await resolveOrder(t.deps, t.actor('demo-grid-worker'), o._id, '已修好', []);
  return { t, o };
};

const view = (t: ReturnType<typeof fakeOrdersWorld>, id: string, openid: string) =>
  toView(t.orders.get(id)!, { openid, grants: t.actor(openid).grants }, (c) => c, null, t.clock.now());

describe('一单一打分: rating rules', () => {
  it('rates once; a second rating is refused', async () => {
    const { t, o } = await resolvedOrder();
    await rateOrder(t.deps, t.actor('demo-resident'), { id: o._id, stars: 4 });
    expect(await refusal(rateOrder(t.deps, t.actor('demo-resident'), { id: o._id, stars: 5 }))).toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('the rater may change it once within 24 h; the scores follow the new stars', async () => {
    const { t, o } = await resolvedOrder();
    await rateOrder(t.deps, t.actor('demo-resident'), { id: o._id, stars: 3, comment: '一般' });
    expect(countersOf(t.orders.get(o._id)!)).toMatchObject({ rated: 1, satisfied: 0, starsSum: 3 });
    expect(view(t, o._id, 'demo-resident')).toMatchObject({ can: { editRating: true }, rating: { editableUntil: T0 + RATING_EDIT_WINDOW_MS } });
    expect(view(t, o._id, 'demo-grid-worker')).toMatchObject({ can: { editRating: false }, rating: { editableUntil: null } });

    t.clock.advance(23 * HOUR);
    const edited = await editRating(t.deps, t.actor('demo-resident'), { id: o._id, stars: 5, comment: '后来又来看过，很好' });
    expect(edited).toMatchObject({ status: 'closed', rating: { stars: 5, firstStars: 3, editedAt: T0 + 23 * HOUR, at: T0 } });
    expect(countersOf(edited)).toMatchObject({ rated: 1, satisfied: 1, starsSum: 5 });
    expect(view(t, o._id, 'demo-resident')).toMatchObject({ can: { editRating: false }, rating: { editedAt: T0 + 23 * HOUR, firstStars: 3 } });
    expect(await refusal(editRating(t.deps, t.actor('demo-resident'), { id: o._id, stars: 4 }))).toMatchObject({ message: '评价只能修改一次' });
    expect(t.events.filter((e) => e.orderId === o._id && e.type === 'rate').map((e) => e.data)).toEqual([{ stars: 3 }, { edited: true, from: 3, stars: 5 }]);
  });

  it('after 24 h, or by anyone but the rater, the change is refused', async () => {
    const { t, o } = await resolvedOrder();
    await rateOrder(t.deps, t.actor('demo-resident'), { id: o._id, stars: 4 });
    expect(await refusal(editRating(t.deps, t.actor('demo-resident-2'), { id: o._id, stars: 5 }))).toMatchObject({ code: 'FORBIDDEN' });
    t.clock.advance(24 * HOUR);
    expect(view(t, o._id, 'demo-resident').can.editRating).toBe(false);
    expect(await refusal(editRating(t.deps, t.actor('demo-resident'), { id: o._id, stars: 5 }))).toMatchObject({ message: '评价已超过24小时，不能再修改' });
  });

  it('an order not rated yet cannot be "changed"', async () => {
    const { t, o } = await resolvedOrder();
    expect(await refusal(editRating(t.deps, t.actor('demo-resident'), { id: o._id, stars: 5 }))).toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('lowering it to ≤2 stars reopens the closed order to the same handler, flagged, with a return visit', async () => {
    const { t, o } = await resolvedOrder();
    await rateOrder(t.deps, t.actor('demo-resident'), { id: o._id, stars: 4 });
    t.clock.advance(2 * HOUR);
    const reopened = await editRating(t.deps, t.actor('demo-resident'), { id: o._id, stars: 1, comment: '又漏水了' });
    expect(reopened).toMatchObject({
      status: 'dispatched',
      rating: null,
      lastStars: 1,
      closedAt: null,
      reopenCount: 1,
      flaggedForSecretary: true,
      assignee: { kind: 'user', openid: 'demo-grid-worker' },
    });
    expect([...t.visits.values()].some((v) => v.orderId === o._id)).toBe(true);
    expect(t.sent.some((m) => m.to === 'demo-secretary' && m.type === 'low_rating')).toBe(true);
    expect(countersOf(reopened)).toMatchObject({ closed: 0, reopened: 1 });
  });

  it('a proxy filer rates on behalf, and it is marked', async () => {
    const t = fakeOrdersWorld(T0);
    let o = await t.submit({ category: 'repair' });
    t.orders.set(o._id, { ...t.orders.get(o._id)!, channel: 'proxy' });
    o = await claimOrder(t.deps, t.actor('demo-grid-worker'), o._id, t.orders.get(o._id)!.version);
    o = await resolveOrder(t.deps, t.actor('demo-grid-worker'), o._id, '已修好', []);
    const rated = await rateOrder(t.deps, t.actor('demo-resident'), { id: o._id, stars: 5 });
    expect(rated.rating).toMatchObject({ byProxy: true, by: 'demo-resident' });
  });
});
