import { DomainError } from '../../model/envelope';
import type { Assignee, OrderDoc } from '../../model/order';
import { meet, type SlaClock, stopAll } from '../../sla/clocks';
import { type Actor, actingRole, notifyAll, type OrdersDeps } from '../deps';
import { departmentOf, whistle } from '../escalation';
import { nextState } from '../lifecycle';
import { clocksPatch, DISPATCHER_PREFERENCE, loadOrder, refuse, requireDispatcher, STAFF_PREFERENCE, step, toFiler, viewerOf } from '../step';
import { assignmentNotices } from '../submit';
import { isDispatcher, isHandler, mayClaim } from '../views';

/** The dispatcher's steps: 审批通过, 不予受理, 改派, and 吹哨 by hand. */

/** 吹哨 by hand: the handler or a dispatcher of the order. */
export const escalateByHand = async (deps: OrdersDeps, actor: Actor, id: string, reason: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('escalate', order.status);
  const viewer = viewerOf(actor);
  if (!isHandler(order, viewer) && !isDispatcher(order, viewer) && !mayClaim(order, viewer)) refuse('只有办理人员或上级可以吹哨上报');
  return whistle(deps, actor, order, reason, actingRole(actor, order, STAFF_PREFERENCE));
};

export const approveOrder = async (deps: OrdersDeps, actor: Actor, id: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('approve', order.status);
  requireDispatcher(order, actor);
  const approved = await step(deps, order, actor, { action: 'approve', event: 'approve', patch: clocksPatch(order, (c) => meet(c, 'dispatch', deps.clock.now())), prefer: DISPATCHER_PREFERENCE });
  await notifyAll(deps, await assignmentNotices(deps, approved, approved.assignee, false));
  return approved;
};

export const rejectOrder = async (deps: OrdersDeps, actor: Actor, id: string, reason: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('reject', order.status);
  requireDispatcher(order, actor);
  const now = deps.clock.now();
  const rejected = await step(deps, order, actor, { action: 'reject', event: 'reject', patch: { closedAt: now, ...clocksPatch(order, (c) => stopAll(c, now)) }, reason, prefer: DISPATCHER_PREFERENCE });
  await notifyAll(deps, toFiler(rejected, 'rejected', '您的诉求未被受理', reason));
  return rejected;
};

/** 改派: the secretary sends it to a named person or a queue, with a reason. */
export const dispatchOrder = async (
  deps: OrdersDeps,
  actor: Actor,
  id: string,
  to: { kind: 'user'; openid: string } | { kind: 'queue'; queue: 'community' | 'department' | 'wish_wall'; orgId: string },
  reason: string,
): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('dispatch', order.status);
  requireDispatcher(order, actor);
  let assignee: Assignee;
  if (to.kind === 'user') {
    const staff = await Promise.all(
      (['grid_worker', 'secretary'] as const).flatMap((role) => [order.place.gridId, order.place.communityId].filter((x): x is string => !!x).map((org) => deps.people.withRole(role, org))),
    );
    const person = staff.flat().find((p) => p.openid === to.openid);
    if (!person) throw new DomainError('INVALID_ARGUMENT', '只能改派给本社区的网格员或书记', { fields: [{ path: 'to.openid', message: '不是本社区工作人员' }] });
    assignee = { kind: 'user', openid: person.openid, name: person.name, role: 'grid_worker' };
  } else {
    const [node] = await deps.orgs.getMany([to.orgId]);
    const fits =
      node &&
      ((to.queue === 'department' && node.type === 'department') ||
        (to.queue !== 'department' && node._id === order.place.communityId));
    if (!node || !fits) throw new DomainError('INVALID_ARGUMENT', '改派目标不正确', { fields: [{ path: 'to.orgId', message: '改派目标不正确' }] });
    assignee = { kind: 'queue', queue: to.queue, orgId: node._id, name: to.queue === 'wish_wall' ? `${node.name}心愿墙` : node.name };
  }
  const level = assignee.kind === 'queue' && assignee.queue === 'department' ? 'department' : order.level;
  const meetDispatch = (c: SlaClock[]) => (assignee.kind === 'user' ? meet(c, 'dispatch', deps.clock.now()) : c);
  const dispatched = await step(deps, order, actor, { action: 'dispatch', event: 'dispatch', patch: { assignee, handlerOpenid: null, level, ...departmentOf(assignee), ...clocksPatch(order, meetDispatch) }, reason, data: { summary: `改派给${assignee.name}` }, prefer: DISPATCHER_PREFERENCE });
  if (assignee.kind === 'user') await deps.people.markAssigned(assignee.openid, deps.clock.now());
  await notifyAll(deps, await assignmentNotices(deps, dispatched, assignee, false));
  return dispatched;
};
