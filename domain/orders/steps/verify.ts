import { requireSeparateOnOrder } from '../../authz/duties';
import type { OrderDoc } from '../../model/order';
import { ACCEPTANCE_NOTICE, ACCEPTANCE_RETURNS_BEFORE_ESCALATION, acceptanceOf } from '../acceptance';
import { type Actor, notifyAll, type OrdersDeps, requireCleanText } from '../deps';
import { escalateOrder, nextLevel, policyFor } from '../escalation';
import { clocksForLevel, nextWakeAt, stopAll } from '../../sla/clocks';
import { nextState } from '../lifecycle';
import { loadOrder, refuse, step, toHandler, viewerOf } from '../step';
import { mayVerify } from '../views';
import { afterResolved } from './resolve';

const PREFER = ['grid_worker', 'secretary'];

/**
 * 验收. Accepting a patrol order closes it (it is never rated); accepting a street's or
 * department's resolution hands it to the resident to rate. A return sends it back to its
 * handler at that level with the reason (双向反馈); the second return of a resolution above the
 * community climbs the ladder.
 */
export const verifyOrder = async (deps: OrdersDeps, actor: Actor, id: string, outcome: 'accept' | 'return', note: string | undefined): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  const kind = acceptanceOf(order) ?? 'patrol';
  nextState(outcome === 'return' ? 'verify_return' : kind === 'patrol' ? 'verify_close' : 'verify_accept', order.status);
  requireSeparateOnOrder('verify', actor.openid, order);
  if (!mayVerify(order, viewerOf(actor))) refuse('只有本社区书记或本网格的其他网格员可以验收');
  if (note) await requireCleanText(deps, actor, 'note', note);
  const now = deps.clock.now();
  const verification = { by: actor.openid, at: now, note: note ?? '' };
  if (outcome === 'accept' && kind === 'patrol') {
    const closed = await step(deps, order, actor, {
      action: 'verify_close',
      event: 'verify',
      patch: { closedAt: now, verification },
      ...(note ? { reason: note } : {}),
      data: { outcome, summary: '验收通过' },
      prefer: PREFER,
    });
    await deps.closed.orderClosed(closed);
    await notifyAll(deps, toHandler(order, 'verified', ACCEPTANCE_NOTICE.patrol.accepted, note ?? ''));
    return closed;
  }
  if (outcome === 'accept') {
    const accepted = await step(deps, order, actor, {
      action: 'verify_accept',
      event: 'verify',
      patch: { verification },
      ...(note ? { reason: note } : {}),
      data: { outcome, summary: '网格员现场验收通过' },
      prefer: PREFER,
    });
    await notifyAll(deps, toHandler(order, 'verified', ACCEPTANCE_NOTICE.grid.accepted, note ?? ''));
    return afterResolved(deps, accepted, order.resolution?.note ?? '');
  }
  const returns = (order.acceptanceReturns ?? 0) + 1;
  // Back to the handler: a fresh resolve clock at its level, so the redo has a deadline and someone is reminded.
  const policy = await policyFor(deps, order);
  const redo = policy ? clocksForLevel(policy, order.level, ['resolve'], now) : [];
  const clocks = [...stopAll(order.clocks ?? [], now), ...redo];
  const back = await step(deps, order, actor, {
    action: 'verify_return',
    event: 'verify',
    patch: { resolution: null, resolvedAt: null, acceptanceReturns: returns, clocks, wakeAt: nextWakeAt(clocks) },
    reason: note ?? '',
    data: { outcome, summary: '验收退回', returns },
    prefer: PREFER,
  });
  await notifyAll(deps, toHandler(order, 'verify_returned', ACCEPTANCE_NOTICE[kind].returned, note ?? ''));
  if (kind === 'grid' && returns >= ACCEPTANCE_RETURNS_BEFORE_ESCALATION && nextLevel(back.level)) {
    const who = { openid: actor.openid, name: actor.name, role: 'grid_worker' };
    return escalateOrder(deps, back, who, `验收${returns}次未通过，升级处理：${note ?? ''}`, 'bounce');
  }
  return back;
};
