import fc from 'fast-check';
import { conflicts, DUTY_ACTS, DUTY_MESSAGES, orderParties, requireSeparate } from '../../../domain/authz/duties';
import { CHANNELS, ORDER_KINDS, type OrderDoc } from '../../../domain/model/order';
import { editRating, rateOrder } from '../../../domain/orders/rating';
import { claimOrder, resolveOrder, startOrder, verifyOrder } from '../../../domain/orders/steps';
import { recordVisitOutcome } from '../../../domain/orders/visits';
import { toView } from '../../../domain/orders/views';
import { countersOf } from '../../../domain/scoring/contribution';
import { fakeOrdersWorld } from '../../helpers/fake-orders-deps';
import { refusal } from '../../helpers/refusal';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');

const person = fc.constantFrom('p1', 'p2', 'p3', 'p4');
const maybePerson = fc.option(person, { nil: null });

/** Random order parties: who filed, for whom, who held it, who resolved it. */
const partiesArb = fc.record({
  filedBy: person,
  residentOpenid: maybePerson,
  channel: fc.constantFrom(...CHANNELS),
  kind: fc.constantFrom(...ORDER_KINDS),
  handlerOpenid: maybePerson,
  handledBy: fc.array(person, { maxLength: 3 }),
  resolution: fc.option(fc.record({ note: fc.constant('好'), media: fc.constant([] as string[]), at: fc.constant(T0), by: person }), { nil: null }),
});

describe('separation of duties: the rule', () => {
  it('every act has a message that says why', () => {
    for (const act of DUTY_ACTS) expect(DUTY_MESSAGES[act]).toMatch(/^不能|需由/);
  });

  it('property: an act is refused exactly when the actor is one of its parties', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DUTY_ACTS), person, fc.array(maybePerson, { maxLength: 4 }), (act, actor, parties) => {
        const involved = parties.includes(actor);
        expect(conflicts(actor, parties)).toBe(involved);
        let error: unknown = null;
        try {
          requireSeparate(act, actor, parties);
        } catch (e) {
          error = e;
        }
        if (involved) expect(error).toMatchObject({ code: 'FORBIDDEN', message: DUTY_MESSAGES[act], details: { duty: act } });
        else expect(error).toBeNull();
      }),
    );
  });

  it('property: whoever held or resolved an order can never rate, visit or verify it; staff who filed it for someone can never visit or verify it', () => {
    fc.assert(
      fc.property(partiesArb, (order) => {
        const handlers = [...order.handledBy, order.handlerOpenid, order.resolution?.by].filter((x): x is string => !!x);
        for (const h of handlers) {
          expect(orderParties('rate', order)).toContain(h);
          expect(orderParties('visit', order)).toContain(h);
          expect(orderParties('verify', order)).toContain(h);
        }
        if (order.channel !== 'self') {
          expect(orderParties('visit', order)).toContain(order.filedBy);
          expect(orderParties('verify', order)).toContain(order.filedBy);
        }
      }),
    );
  });

  it('property: a filer never handles a paying order or their own request; staff may handle what they logged for others or found on patrol', () => {
    fc.assert(
      fc.property(partiesArb, (order) => {
        const parties = orderParties('handle', order);
        const pays = order.kind === 'wish' || order.kind === 'emergency';
        if (pays || order.channel === 'self') expect(parties).toContain(order.filedBy);
        else expect(parties).toEqual([]);
      }),
    );
  });
});

describe('separation of duties: through the order use cases', () => {
  it('a volunteer cannot fulfil the 微心愿 he posted himself (no points for his own wish)', async () => {
    const t = fakeOrdersWorld(T0);
    const wish = await t.submit({ category: 'wish', description: '想请人帮忙修一下收音机' }, 'demo-volunteer');
    expect(wish.assignee).toMatchObject({ kind: 'queue', queue: 'wish_wall' });
    const asHim = { openid: 'demo-volunteer', grants: t.actor('demo-volunteer').grants };
    expect(toView(wish, asHim, (c) => c, null, T0).can.claim).toBe(false);
    expect(await refusal(claimOrder(t.deps, t.actor('demo-volunteer'), wish._id, wish.version))).toEqual({ code: 'FORBIDDEN', message: '不能办理自己提交的诉求' });
    expect(t.orders.get(wish._id)).toMatchObject({ status: 'dispatched', handlerOpenid: null });
  });

  it('a grid worker filing in his own grid reports a patrol: he may handle it, never verify or rate it, and it never counts in 满意率', async () => {
    const t = fakeOrdersWorld(T0);
    let o = await t.submit({ category: 'repair', description: '巡查发现3单元楼道灯不亮' }, 'demo-grid-worker');
    expect(o).toMatchObject({ channel: 'patrol', residentOpenid: null, needsReturnVisit: false });
    o = await claimOrder(t.deps, t.actor('demo-grid-worker'), o._id, o.version);
    o = await startOrder(t.deps, t.actor('demo-grid-worker'), o._id);
    o = await resolveOrder(t.deps, t.actor('demo-grid-worker'), o._id, '已更换灯泡', []);
    expect(o.status).toBe('verifying');
    expect(await refusal(verifyOrder(t.deps, t.actor('demo-grid-worker'), o._id, 'accept', undefined))).toEqual({ code: 'FORBIDDEN', message: '不能验收自己办理或上报的诉求' });
    expect(await refusal(rateOrder(t.deps, t.actor('demo-grid-worker'), { id: o._id, stars: 5 }))).toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(t.visits.size).toBe(0);
    // The secretary was told and accepts it; the handler hears back.
    expect(t.sent.some((n) => n.to === 'demo-secretary' && n.type === 'verify')).toBe(true);
    const closed = await verifyOrder(t.deps, t.actor('demo-secretary'), o._id, 'accept', '现场看过，灯亮了');
    expect(closed).toMatchObject({ status: 'closed', verification: { by: 'demo-secretary', at: T0 } });
    expect(countersOf(closed)).toMatchObject({ rated: 0, satisfied: 0, visited: 0, closed: 1 });
  });

  it('验收退回 sends a patrol order back to its handler with the reason', async () => {
    const t = fakeOrdersWorld(T0);
    let o = await t.submit({ category: 'repair', description: '巡查发现消防通道堆放杂物' }, 'demo-grid-worker');
    o = await claimOrder(t.deps, t.actor('demo-grid-worker'), o._id, o.version);
    o = await resolveOrder(t.deps, t.actor('demo-grid-worker'), o._id, '已清理', []);
    expect(await refusal(verifyOrder(t.deps, t.actor('demo-secretary-2'), o._id, 'accept', undefined))).toMatchObject({ code: 'FORBIDDEN' });
    const back = await verifyOrder(t.deps, t.actor('demo-secretary'), o._id, 'return', '杂物还在');
    expect(back).toMatchObject({ status: 'in_progress', handlerOpenid: 'demo-grid-worker', resolution: null });
    expect(t.events.filter((e) => e.orderId === o._id).at(-1)).toMatchObject({ type: 'verify', reason: '杂物还在', to: 'in_progress' });
  });

  it('a grid worker who files for a neighbour (帮办代办) and handles it cannot rate it, and its return visit goes to someone else', async () => {
    const t = fakeOrdersWorld(T0);
    const { submitOrder } = await import('../../../domain/orders/submit');
    const { encodeScene } = await import('../../../domain/qr/scene');
    const scene = encodeScene({ kind: 'building', id: 'b-wh-1-1' }, t.deps.sign);
    let o = (await submitOrder(t.deps, t.actor('demo-grid-worker'), { scene, category: 'repair', description: '替独居老人反映水管漏水', proxyFor: { name: '刘奶奶' } }, 'proxy-1')).order;
    expect(o).toMatchObject({ channel: 'proxy', filedBy: 'demo-grid-worker' });
    o = await claimOrder(t.deps, t.actor('demo-grid-worker'), o._id, o.version);
    o = await resolveOrder(t.deps, t.actor('demo-grid-worker'), o._id, '已修好', []);
    const asHim = { openid: 'demo-grid-worker', grants: t.actor('demo-grid-worker').grants };
    expect(toView(o, asHim, (c) => c, null, T0).can.rate).toBe(false);
    expect(await refusal(rateOrder(t.deps, t.actor('demo-grid-worker'), { id: o._id, stars: 5 }))).toEqual({ code: 'FORBIDDEN', message: '不能评价自己办理的诉求' });
    const [visit] = [...t.visits.values()];
    expect(visit).toBeDefined();
    // The grid has one worker and he handled it: the community's secretaries pick the visit up.
    expect(visit.assignee).toBeNull();
    expect(await refusal(recordVisitOutcome(t.deps, t.actor('demo-grid-worker'), visit, t.orders.get(o._id) as OrderDoc, 'satisfied', '满意'))).toEqual({
      code: 'FORBIDDEN',
      message: '不能回访自己办理或代为提交的诉求',
    });
    expect(t.orders.get(o._id)?.status).toBe('resolved');
    expect(t.orders.get(o._id)?.visitOutcome ?? null).toBeNull();
  });

  it('a rater who later handles the reopened order can no longer change the rating', async () => {
    const t = fakeOrdersWorld(T0);
    let o = await t.submit({ category: 'repair' }, 'demo-resident');
    o = await claimOrder(t.deps, t.actor('demo-grid-worker'), o._id, o.version);
    o = await resolveOrder(t.deps, t.actor('demo-grid-worker'), o._id, '已修好', []);
    o = await rateOrder(t.deps, t.actor('demo-resident'), { id: o._id, stars: 4 });
    // Forge the situation: the resident appears among the handlers (e.g. a later role change).
    t.orders.set(o._id, { ...o, handledBy: ['demo-grid-worker', 'demo-resident'] });
    expect(await refusal(editRating(t.deps, t.actor('demo-resident'), { id: o._id, stars: 5 }))).toEqual({ code: 'FORBIDDEN', message: '不能评价自己办理的诉求' });
  });
});
