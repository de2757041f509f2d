import { orderParties, requireSeparateOnOrder } from '../authz/duties';
import { isCommunityStaffAt } from '../authz/grants';
import { DomainError } from '../model/envelope';
import type { Assignee, OrderDoc } from '../model/order';
import { newVisit, type VisitDoc, type VisitOutcome, type VisitReason } from '../scoring/follow-up';

import { type Actor, actingRole, commitStep, makeEvent, notifyAll, type OrdersDeps, SYSTEM_ACTOR } from './deps';
import { escalateOrder, freshClocks, nextLevel, policyFor } from './escalation';
import { nextWakeAt, stopAll } from '../sla/clocks';
import { nextState } from './lifecycle';

/**
 * The grid worker who should make the visit: one of the grid's workers who neither handled the
 * order nor filed it for someone (null: the community's secretaries pick it up).
 */
const visitorFor = async (deps: OrdersDeps, order: OrderDoc): Promise<string | null> => {
  if (!order.place.gridId) return null;
  const excluded = new Set(orderParties('visit', order));
  return (await deps.people.withRole('grid_worker', order.place.gridId)).find((p) => !excluded.has(p.openid))?.openid ?? null;
};

export const scheduleVisit = async (deps: OrdersDeps, order: OrderDoc, reason: VisitReason): Promise<void> => {
  const visitor = await visitorFor(deps, order);
  await deps.visits.create(newVisit(order, reason, visitor, deps.clock.now()));
  if (visitor) {
    await notifyAll(deps, [{ to: visitor, type: 'visit', title: '有一条回访任务', body: `${order.place.label}：${order.description.slice(0, 30)}`, orderId: order._id }]);
  }
};

/** No rating within 48 h of resolution: close as unrated and owe a return visit. */
export const closeUnrated = async (deps: OrdersDeps, order: OrderDoc): Promise<OrderDoc> => {
  const to = nextState('close_unrated', order.status);
  const now = deps.clock.now();
  const event = makeEvent(deps, order, order.version + 1, 'rate', SYSTEM_ACTOR, order.status, to, { data: { summary: '48小时未评价，自动结案并安排回访', unrated: true } });
  const closed = await commitStep(deps, order, { status: to, closedAt: now, wakeAt: null }, [event]);
  await scheduleVisit(deps, closed, 'unrated');
  await deps.closed.orderClosed(closed);
  return closed;
};

/**
 * Records a visit's outcome on the order (so it counts in 满意率). "Not satisfied" reopens the
 * order to its previous handler, flags it to the secretary and escalates it one level.
 */
export const recordVisitOutcome = async (
  deps: OrdersDeps,
  actor: Actor,
  visit: VisitDoc,
  order: OrderDoc,
  outcome: VisitOutcome,
  note: string,
): Promise<OrderDoc> => {
  requireSeparateOnOrder('visit', actor.openid, order);
  const who = { openid: actor.openid, name: actor.name, role: actingRole(actor, order, ['grid_worker', 'secretary']) };
  if (outcome !== 'not_satisfied') {
    const event = makeEvent(deps, order, order.version + 1, 'visit', who, order.status, order.status, { reason: note, data: { outcome, visitId: visit._id } });
    return commitStep(deps, order, { visitOutcome: outcome }, [event]);
  }
  const to = nextState('reopen_visit', order.status);
  const previous = order.resolution?.by ?? null;
  const [name] = previous ? [...(await deps.people.names([previous])).values()] : [];
  const event = makeEvent(deps, order, order.version + 1, 'visit', who, order.status, to, {
    reason: note,
    data: { outcome, visitId: visit._id, summary: '回访不满意，重新办理' },
  });
  const assignee: Assignee = previous ? { kind: 'user', openid: previous, name: name ?? '原办理人', role: 'grid_worker' } : order.assignee;
  // Every reopen starts the level's clocks (at the district, the top, nothing else would remind anyone).
  const now = deps.clock.now();
  const policy = await policyFor(deps, order);
  const clocks = [...stopAll(order.clocks ?? [], now), ...freshClocks(policy, order.level, assignee, now)];
  const reopened = await commitStep(
    deps,
    order,
    {
      status: to,
      visitOutcome: outcome,
      reopenCount: order.reopenCount + 1,
      flaggedForSecretary: true,
      handlerOpenid: null,
      resolvedAt: null,
      closedAt: null,
      assignee,
      clocks,
      wakeAt: nextWakeAt(clocks),
    },
    [event],
  );
  if (!nextLevel(reopened.level)) return reopened;
  return escalateOrder(deps, reopened, SYSTEM_ACTOR, '回访不满意，升级处理', 'reopen');
};

export const requireVisitor = (visit: VisitDoc, actor: Actor): void => {
  const mine =
    visit.assignee === actor.openid ||
    isCommunityStaffAt(actor, visit);
  if (!mine) throw new DomainError('FORBIDDEN', '这条回访没有派给您');
  if (visit.status !== 'open') throw new DomainError('FAILED_PRECONDITION', '这条回访已经完成');
};
