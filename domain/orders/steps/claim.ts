import { requireSeparateOnOrder } from '../../authz/duties';
import { DomainError } from '../../model/envelope';
import type { Assignee, OrderDoc } from '../../model/order';
import { meet, nextWakeAt, stopAll } from '../../sla/clocks';
import { freshClocks, policyFor } from '../escalation';
import { type Actor, actingRole, commitStep, makeEvent, notifyAll, type OrdersDeps, SYSTEM_ACTOR } from '../deps';
import { nextState } from '../lifecycle';
import { clocksPatch, loadOrder, refuse, STAFF_PREFERENCE, step, toFiler, viewerOf } from '../step';
import { assignmentNotices } from '../submit';
import { mayClaim } from '../views';

const CLAIMED_BY_OTHER = '已被他人接单';

/** A claimed 微心愿 goes back to the wall if it is not fulfilled within this time. */
export const WISH_CLAIM_EXPIRY_MS = 7 * 86_400_000;

/** Clocks after a claim: dispatch and respond met; a wish also wakes the sweep when its claim expires. */
const claimClocks = (order: OrderDoc, now: number): Pick<OrderDoc, 'clocks' | 'wakeAt'> => {
  const patch = clocksPatch(order, (c) => meet(meet(c, 'dispatch', now), 'respond', now));
  if (order.kind !== 'wish') return patch;
  const expiry = now + WISH_CLAIM_EXPIRY_MS;
  return { ...patch, wakeAt: patch.wakeAt == null ? expiry : Math.min(patch.wakeAt, expiry) };
};

/** 微心愿认领过期: not fulfilled in time, the wish returns to the community wall for others. */
export const returnWishToWall = async (deps: OrdersDeps, order: OrderDoc): Promise<OrderDoc> => {
  const [community] = await deps.orgs.getMany([order.place.communityId]);
  const assignee: Assignee = { kind: 'queue', queue: 'wish_wall', orgId: order.place.communityId, name: `${community?.name ?? '社区'}心愿墙` };
  const to = nextState('bounce', order.status);
  const event = makeEvent(deps, order, order.version + 1, 'bounce', SYSTEM_ACTOR, order.status, to, { reason: '认领后7天未完成，心愿回到心愿墙' });
  // Back in a queue: the level's clocks start again (dispatch included), so someone is reminded.
  const now = deps.clock.now();
  const clocks = [...stopAll(order.clocks ?? [], now), ...freshClocks(await policyFor(deps, order), order.level, assignee, now)];
  const back = await commitStep(deps, order, { status: to, assignee, handlerOpenid: null, clocks, wakeAt: nextWakeAt(clocks) }, [event]);
  await notifyAll(deps, [
    ...(order.handlerOpenid ? [{ to: order.handlerOpenid, type: 'wish_expired', title: '您认领的微心愿已回到心愿墙', body: order.description.slice(0, 30), orderId: order._id }] : []),
    ...(await assignmentNotices(deps, back, assignee, false)),
  ]);
  return back;
};

/** 接单 / 抢单: exactly one of many concurrent claims wins; the rest get CONFLICT. */
export const claimOrder = async (deps: OrdersDeps, actor: Actor, id: string, version: number): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  if (order.status !== 'dispatched' && order.handlerOpenid && order.handlerOpenid !== actor.openid) {
    throw new DomainError('CONFLICT', CLAIMED_BY_OTHER, { state: order.status });
  }
  nextState('claim', order.status);
  if (order.version !== version) throw new DomainError('CONFLICT', '诉求刚刚有了变化，请刷新后重试', { version: order.version });
  if (!mayClaim(order, viewerOf(actor))) refuse('这条诉求没有派给您');
  requireSeparateOnOrder('handle', actor.openid, order);
  const holding = await deps.orders.countHandling(actor.openid);
  if (holding >= deps.handlerCap) {
    throw new DomainError('FAILED_PRECONDITION', `您手上在办的诉求已达上限（${deps.handlerCap}件），请先办结再接新单`, { holding, cap: deps.handlerCap });
  }
  const role = actingRole(actor, order, STAFF_PREFERENCE);
  const assignee: Assignee = { kind: 'user', openid: actor.openid, name: actor.name, role };
  const claimed = await step(deps, order, actor, { action: 'claim', event: 'claim', patch: {
      handlerOpenid: actor.openid,
      handledBy: [...new Set([...(order.handledBy ?? []), actor.openid])],
      assignee,
      claimedAt: deps.clock.now(),
      ...claimClocks(order, deps.clock.now()),
    }, conflictMessage: CLAIMED_BY_OTHER });
  await notifyAll(deps, toFiler(claimed, 'claimed', '您的诉求已有人接单', `${actor.name}已接单，将尽快为您办理`));
  return claimed;
};
