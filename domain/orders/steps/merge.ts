import { DEFAULT_MESSAGES, DomainError } from '../../model/envelope';
import { stopAll } from '../../sla/clocks';
import { type Actor, notifyAll, type OrdersDeps } from '../deps';
import { nextState } from '../lifecycle';
import { clocksPatch, DISPATCHER_PREFERENCE, loadOrder, requireDispatcher, step } from '../step';
import type { OrderDoc } from '../../model/order';

/**
 * 共性诉求: the secretary merges similar orders of their community into one parent. Each child
 * becomes `merged` and follows the parent; their filers are told now and again on resolution.
 */
export const mergeOrders = async (deps: OrdersDeps, actor: Actor, parentId: string, childIds: readonly string[], reason: string): Promise<OrderDoc> => {
  const parent = await loadOrder(deps, parentId);
  nextState('absorb', parent.status);
  requireDispatcher(parent, actor);
  const ids = [...new Set(childIds)].filter((id) => id !== parent._id);
  if (ids.length === 0) throw new DomainError('INVALID_ARGUMENT', '请选择要合并的其他诉求', { fields: [{ path: 'childIds', message: '不能只合并自己' }] });
  const children = await Promise.all(ids.map((id) => loadOrder(deps, id)));
  for (const child of children) {
    // Another community's order answers exactly like a made-up id: nothing about it is named.
    if (child.place.communityId !== parent.place.communityId) throw new DomainError('NOT_FOUND', DEFAULT_MESSAGES.NOT_FOUND);
    nextState('merge_into', child.status);
  }
  const followers = new Set(parent.followers ?? []);
  for (const child of children) {
    const now = deps.clock.now();
    await step(deps, child, actor, { action: 'merge_into', event: 'merge', patch: { parentId: parent._id, closedAt: now, handlerOpenid: null, ...clocksPatch(child, (c) => stopAll(c, now)) }, reason, data: { summary: `并入共性诉求 ${parent.no}`, parentId: parent._id }, prefer: DISPATCHER_PREFERENCE });
    for (const who of [child.filedBy, child.residentOpenid]) if (who) followers.add(who);
  }
  const merged = await step(deps, parent, actor, { action: 'absorb', event: 'merge', patch: { childIds: [...(parent.childIds ?? []), ...ids], followers: [...followers] }, reason, data: { summary: `合并了${ids.length}条相同诉求`, childIds: ids }, prefer: DISPATCHER_PREFERENCE });
  await notifyAll(
    deps,
    [...followers].map((to) => ({ to, type: 'merged', title: '您的诉求已并入共性诉求统一办理', body: parent.description.slice(0, 40), orderId: parent._id })),
  );
  return merged;
};
