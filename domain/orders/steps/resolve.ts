import { orderParties, requireSeparateOnOrder } from '../../authz/duties';
import type { OrderDoc } from '../../model/order';
import { meet, resume, stopAll } from '../../sla/clocks';
import { ACCEPTANCE_NOTICE, acceptanceOf, type AcceptanceKind } from '../acceptance';
import { type Actor, commitStep, notifyAll, type OrdersDeps } from '../deps';
import { nextState } from '../lifecycle';
import { clocksPatch, loadOrder, requireHandler, step, toFiler } from '../step';
import { scheduleVisit } from '../visits';
import { unratedDeadline, visitsOnResolve } from '../../scoring/follow-up';

/**
 * 办结: proof (a note, optional photos) is required. A patrol order, or a resolution above the
 * community, first waits for someone else's 验收 (./acceptance.ts); the rest go to the resident.
 */
export const resolveOrder = async (deps: OrdersDeps, actor: Actor, id: string, note: string, media: string[]): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  const acceptance = acceptanceOf(order);
  nextState(acceptance ? 'resolve_to_verify' : 'resolve', order.status);
  requireHandler(order, actor);
  requireSeparateOnOrder('handle', actor.openid, order);
  const now = deps.clock.now();
  const patch = {
    resolution: { note, media, at: now, by: actor.openid },
    resolvedAt: now,
    awaitingInfo: null,
    // Resolving is also getting back to the resident: the reply clock is met, not just stopped.
    ...clocksPatch(order, (c) => stopAll(meet(meet(resume(c, 'resolve', now), 'resolve', now), 'reply', now), now)),
  };
  if (acceptance) return awaitAcceptance(deps, actor, order, acceptance, patch, note);
  const resolved = await step(deps, order, actor, { action: 'resolve', event: 'resolve', patch, reason: note });
  return afterResolved(deps, resolved, note);
};

/** The resident's turn: the rating window (the sweep wakes the order when it ends), owed visits, the notices. */
export const afterResolved = async (deps: OrdersDeps, resolved: OrderDoc, note: string): Promise<OrderDoc> => {
  const at = resolved.resolution?.at ?? deps.clock.now();
  const woken = await commitStep(deps, resolved, { wakeAt: unratedDeadline(Math.max(at, deps.clock.now())) }, []);
  for (const reason of visitsOnResolve(woken)) await scheduleVisit(deps, woken, reason);
  await notifyAll(deps, [
    ...toFiler(woken, 'resolved', '您的诉求已办结，请评价', note.slice(0, 40)),
    ...(woken.followers ?? []).map((to) => ({ to, type: 'resolved', title: '您关注的共性诉求已办结', body: note.slice(0, 40), orderId: woken._id })),
  ]);
  return woken;
};

/** Who may accept the resolution: the grid's workers and the community's secretaries, less its handlers and reporter. */
const verifiersOf = async (deps: OrdersDeps, order: OrderDoc, kind: AcceptanceKind): Promise<string[]> => {
  const [workers, secretaries] = await Promise.all([
    order.place.gridId ? deps.people.withRole('grid_worker', order.place.gridId) : Promise.resolve([]),
    deps.people.withRole('secretary', order.place.communityId),
  ]);
  const excluded = new Set(orderParties('verify', order));
  const eligible = (people: { openid: string }[]) => people.map((p) => p.openid).filter((p) => !excluded.has(p));
  // 网格员确认验收: the grid's own worker first; the secretary when the grid has nobody else.
  const people = kind === 'grid' && eligible(workers).length > 0 ? eligible(workers) : [...eligible(workers), ...eligible(secretaries)];
  return [...new Set(people)];
};

const awaitAcceptance = async (deps: OrdersDeps, actor: Actor, order: OrderDoc, kind: AcceptanceKind, patch: Partial<OrderDoc>, note: string): Promise<OrderDoc> => {
  const verifying = await step(deps, order, actor, { action: 'resolve_to_verify', event: 'resolve', patch: { ...patch, wakeAt: null }, reason: note });
  const verifiers = await verifiersOf(deps, verifying, kind);
  await notifyAll(
    deps,
    verifiers.map((to) => ({ to, type: 'verify', title: ACCEPTANCE_NOTICE[kind].ask, body: `${order.place.label}：${order.description.slice(0, 30)}`, orderId: order._id })),
  );
  return verifying;
};
