import { requireSeparateOnOrder } from '../../authz/duties';
import type { OrderDoc } from '../../model/order';
import { type Actor, notifyAll, type OrdersDeps, requireCleanText } from '../deps';
import { nextState } from '../lifecycle';
import { loadOrder, refuse, step, toHandler, viewerOf } from '../step';
import { mayVerify } from '../views';

/** 验收: accept closes a patrol order (it is never rated); return sends it back to its handler with the reason. */
export const verifyOrder = async (deps: OrdersDeps, actor: Actor, id: string, outcome: 'accept' | 'return', note: string | undefined): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState(outcome === 'accept' ? 'verify_close' : 'verify_return', order.status);
  requireSeparateOnOrder('verify', actor.openid, order);
  if (!mayVerify(order, viewerOf(actor))) refuse('只有本社区书记或本网格的其他网格员可以验收');
  if (note) await requireCleanText(deps, actor, 'note', note);
  const now = deps.clock.now();
  const prefer = ['secretary', 'grid_worker'];
  if (outcome === 'accept') {
    const closed = await step(deps, order, actor, { action: 'verify_close', event: 'verify', patch: { closedAt: now, verification: { by: actor.openid, at: now, note: note ?? '' } }, ...(note ? { reason: note } : {}),
      data: { outcome, summary: '验收通过' }, prefer });
    await deps.closed.orderClosed(closed);
    await notifyAll(deps, toHandler(order, 'verified', '您办理的巡查上报已验收通过', note ?? ''));
    return closed;
  }
  const back = await step(deps, order, actor, { action: 'verify_return', event: 'verify', patch: { resolution: null, resolvedAt: null }, reason: note ?? '', data: { outcome, summary: '验收退回' }, prefer });
  await notifyAll(deps, toHandler(order, 'verify_returned', '巡查上报验收未通过，请继续办理', note ?? ''));
  return back;
};
