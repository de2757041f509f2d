import { requireSeparateOnOrder } from '../authz/duties';
import { DomainError } from '../model/envelope';
import type { Assignee, OrderDoc, Rating } from '../model/order';
import { stopAll } from '../sla/clocks';
import { type Actor, notifyAll, type OrdersDeps, requireCleanText, SYSTEM_ACTOR } from './deps';
import { escalateOrder, freshClocks, nextLevel, policyFor } from './escalation';
import { nextState } from './lifecycle';
import { clocksPatch, loadOrder, refuse, step, toHandler, viewerOf } from './step';
import { isFiler } from './views';
import { RATING_EDIT_WINDOW_MS , visitsOnRating } from '../scoring/follow-up';
import { scheduleVisit } from './visits';

/** The second reopen escalates one level. */
export const REOPENS_BEFORE_ESCALATION = 2;

/**
 * 一单一打分: one rating per order, by the filer (a proxy filer rates on behalf, and it is
 * marked). ≥3 stars closes the loop; ≤2 reopens it to the same handler and flags it to the
 * secretary. The rater may change their mind once, within 24 hours of rating.
 */

export interface RateFields {
  stars: number;
  dims?: Rating['dims'];
  tags?: string[];
  comment?: string;
}

const checkText = async (deps: OrdersDeps, actor: Actor, input: RateFields): Promise<void> => {
  await requireCleanText(deps, actor, 'comment', input.comment);
  for (const tag of input.tags ?? []) await requireCleanText(deps, actor, 'tags', tag);
};

const ratingOf = (input: RateFields, order: OrderDoc, actor: Actor, at: number): Rating => ({
  stars: input.stars,
  ...(input.dims ? { dims: input.dims } : {}),
  ...(input.tags ? { tags: input.tags } : {}),
  ...(input.comment ? { comment: input.comment } : {}),
  at,
  by: actor.openid,
  byProxy: order.channel !== 'self' && order.filedBy === actor.openid,
});

/** ≤2 stars (first rating or a changed one): back to the previous handler, flagged; the second reopen escalates. */
const reopenOnLowRating = async (
  deps: OrdersDeps,
  actor: Actor,
  order: OrderDoc,
  action: 'rate_reopen' | 'rate_edit_reopen',
  rating: Rating,
  data: Record<string, unknown>,
): Promise<OrderDoc> => {
  const now = deps.clock.now();
  const reopenPolicy = await policyFor(deps, order);
  const previous = order.resolution?.by ?? order.handlerOpenid;
  const [name] = previous ? [...(await deps.people.names([previous])).values()] : [];
  const assignee: Assignee = previous
    ? { kind: 'user', openid: previous, name: name ?? '原办理人', role: order.assignee.kind === 'user' ? order.assignee.role : 'grid_worker' }
    : order.assignee;
  const reopened = await step(deps, order, actor, { action, event: 'rate', patch: {
      rating: null,
      lastStars: rating.stars,
      handlerOpenid: null,
      assignee,
      reopenCount: order.reopenCount + 1,
      flaggedForSecretary: true,
      resolvedAt: null,
      closedAt: null,
      ...clocksPatch(order, (c) => [...stopAll(c, now), ...freshClocks(reopenPolicy, order.level, assignee, now)]),
    }, data: { ...data, stars: rating.stars, reopened: true, rating }, ...(rating.comment ? { reason: rating.comment } : {}), prefer: ['resident'] });
  for (const reason of visitsOnRating(reopened, rating.stars, deps.visitSamplePercent)) await scheduleVisit(deps, reopened, reason);
  const secretaries = await deps.people.withRole('secretary', order.place.communityId);
  if (reopened.reopenCount >= REOPENS_BEFORE_ESCALATION && nextLevel(reopened.level)) {
    return escalateOrder(deps, reopened, SYSTEM_ACTOR, `居民第${reopened.reopenCount}次不满意，升级处理`, 'reopen');
  }
  await notifyAll(deps, [
    ...secretaries.map((s) => ({ to: s.openid, type: 'low_rating', title: `差评提醒：${rating.stars}星，已重新派单`, body: `${order.place.label}：${order.description.slice(0, 30)}`, orderId: order._id })),
    ...(assignee.kind === 'user' ? [{ to: assignee.openid, type: 'reopened', title: '居民不满意，诉求已退回给您', body: rating.comment ?? '', orderId: order._id }] : []),
  ]);
  return reopened;
};

/** 评单 on a resolved order. */
export const rateOrder = async (deps: OrdersDeps, actor: Actor, input: RateFields & { id: string }): Promise<OrderDoc> => {
  const order = await loadOrder(deps, input.id);
  const reopen = input.stars <= 2;
  nextState(reopen ? 'rate_reopen' : 'rate_close', order.status);
  if (!isFiler(order, viewerOf(actor))) refuse('只有提交人可以评价');
  requireSeparateOnOrder('rate', actor.openid, order);
  if (order.rating) throw new DomainError('FAILED_PRECONDITION', '这条诉求已经评价过了');
  await checkText(deps, actor, input);
  const now = deps.clock.now();
  const rating = ratingOf(input, order, actor, now);
  if (reopen) return reopenOnLowRating(deps, actor, order, 'rate_reopen', rating, {});
  const closed = await step(deps, order, actor, { action: 'rate_close', event: 'rate', patch: { rating, lastStars: input.stars, closedAt: now, wakeAt: null }, data: { stars: input.stars }, prefer: ['resident'] });
  await deps.closed.orderClosed(closed);
  for (const reason of visitsOnRating(closed, input.stars, deps.visitSamplePercent)) await scheduleVisit(deps, closed, reason);
  await notifyAll(deps, toHandler(order, 'rated', `居民评价：${input.stars}星`, input.comment ?? ''));
  return closed;
};

/**
 * 修改评价: once, within 24 h, by whoever rated. Lowering it to ≤2 stars reopens the order
 * exactly like a first low rating (a closed 微心愿's points stay with the volunteer).
 */
export const editRating = async (deps: OrdersDeps, actor: Actor, input: RateFields & { id: string }): Promise<OrderDoc> => {
  const order = await loadOrder(deps, input.id);
  const reopen = input.stars <= 2;
  nextState(reopen ? 'rate_edit_reopen' : 'rate_edit', order.status);
  const before = order.rating;
  if (!before) throw new DomainError('FAILED_PRECONDITION', '这条诉求还没有评价，请直接评价');
  if (before.by !== actor.openid) refuse('只有评价人可以修改评价');
  requireSeparateOnOrder('rate', actor.openid, order);
  if (before.editedAt) throw new DomainError('FAILED_PRECONDITION', '评价只能修改一次');
  const now = deps.clock.now();
  if (now >= before.at + RATING_EDIT_WINDOW_MS) throw new DomainError('FAILED_PRECONDITION', '评价已超过24小时，不能再修改');
  await checkText(deps, actor, input);
  const rating: Rating = { ...ratingOf(input, order, actor, before.at), editedAt: now, firstStars: before.stars };
  const data = { edited: true, from: before.stars };
  if (reopen) return reopenOnLowRating(deps, actor, order, 'rate_edit_reopen', rating, data);
  const edited = await step(deps, order, actor, { action: 'rate_edit', event: 'rate', patch: { rating, lastStars: input.stars }, data: { ...data, stars: input.stars }, prefer: ['resident'] });
  if (input.stars !== before.stars) await notifyAll(deps, toHandler(order, 'rated', `居民修改了评价：${before.stars}星 → ${input.stars}星`, input.comment ?? ''));
  return edited;
};
