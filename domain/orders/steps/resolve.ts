import { orderParties, requireSeparateOnOrder } from '../../authz/duties';
import type { OrderDoc } from '../../model/order';
import { meet, resume, stopAll } from '../../sla/clocks';
import { type Actor, commitStep, notifyAll, type OrdersDeps } from '../deps';
import { nextState } from '../lifecycle';
import { clocksPatch, loadOrder, requireHandler, step, toFiler } from '../step';
import { scheduleVisit } from '../visits';
import { unratedDeadline, visitsOnResolve } from '../../scoring/follow-up';

/** 办结: proof (a note, optional photos) is required. A patrol order then waits for someone else's 验收. */
export const resolveOrder = async (deps: OrdersDeps, actor: Actor, id: string, note: string, media: string[]): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  const patrol = order.channel === 'patrol';
  nextState(patrol ? 'resolve_to_verify' : 'resolve', order.status);
  requireHandler(order, actor);
  requireSeparateOnOrder('handle', actor.openid, order);
  const now = deps.clock.now();
  const patch = {
    resolution: { note, media, at: now, by: actor.openid },
    resolvedAt: now,
    awaitingInfo: null,
    ...clocksPatch(order, (c) => stopAll(meet(resume(c, 'resolve', now), 'resolve', now), now)),
  };
  if (patrol) return resolvePatrol(deps, actor, order, patch, note);
  const resolved = await step(deps, order, actor, { action: 'resolve', event: 'resolve', patch, reason: note });
  // The clocks are done; the order wakes the sweep again when its 48 h rating window ends.
  await commitStep(deps, resolved, { wakeAt: unratedDeadline(now) }, []);
  for (const reason of visitsOnResolve(resolved)) await scheduleVisit(deps, resolved, reason);
  await notifyAll(deps, [
    ...toFiler(resolved, 'resolved', '您的诉求已办结，请评价', note.slice(0, 40)),
    ...(resolved.followers ?? []).map((to) => ({ to, type: 'resolved', title: '您关注的共性诉求已办结', body: note.slice(0, 40), orderId: resolved._id })),
  ]);
  return resolved;
};

/** Who may accept a patrol order's work: the community's secretaries and the grid's workers, less its handlers and reporter. */
const verifiersOf = async (deps: OrdersDeps, order: OrderDoc): Promise<string[]> => {
  const people = await Promise.all([
    deps.people.withRole('secretary', order.place.communityId),
    order.place.gridId ? deps.people.withRole('grid_worker', order.place.gridId) : Promise.resolve([]),
  ]);
  const excluded = new Set(orderParties('verify', order));
  return [...new Set(people.flat().map((p) => p.openid))].filter((p) => !excluded.has(p));
};

const resolvePatrol = async (deps: OrdersDeps, actor: Actor, order: OrderDoc, patch: Partial<OrderDoc>, note: string): Promise<OrderDoc> => {
  const verifying = await step(deps, order, actor, { action: 'resolve_to_verify', event: 'resolve', patch: { ...patch, wakeAt: null }, reason: note });
  const verifiers = await verifiersOf(deps, verifying);
  await notifyAll(
    deps,
    verifiers.map((to) => ({ to, type: 'verify', title: '有巡查上报待您验收', body: `${order.place.label}：${order.description.slice(0, 30)}`, orderId: order._id })),
  );
  return verifying;
};
