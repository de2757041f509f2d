import type { OrderDoc } from '../../model/order';
import { DomainError } from '../../model/envelope';
import { meet, pause, resume, stopAll } from '../../sla/clocks';
import { type Actor, actingRole, commitStep, makeEvent, notifyAll, type OrdersDeps, requireCleanText } from '../deps';
import { assigneeAt, escalateOrder, freshClocks, policyFor } from '../escalation';
import { nextState } from '../lifecycle';
import { clocksPatch, loadOrder, refuse, requireHandler, STAFF_PREFERENCE, step, toFiler, toHandler, viewerOf } from '../step';
import { assignmentNotices } from '../submit';
import { isDispatcher, isFiler, isHandler } from '../views';

/** The handler's steps between claim and resolution: 退单, 开始办理, notes, asking the resident and the answer, 撤回. */

/** After this many bounce-backs the order goes up the ladder instead of back to the same dispatcher. */
export const BOUNCES_BEFORE_ESCALATION = 2;
/** 退单: back to the dispatcher of this level (the community queue) with a reason. */
export const bounceOrder = async (deps: OrdersDeps, actor: Actor, id: string, reason: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('bounce', order.status);
  requireHandler(order, actor);
  const bounceCount = (order.bounceCount ?? 0) + 1;
  if (bounceCount >= BOUNCES_BEFORE_ESCALATION) {
    const role = actingRole(actor, order, STAFF_PREFERENCE);
    const withCount = await commitStep(deps, order, { bounceCount }, [
      makeEvent(deps, order, order.version + 1, 'bounce', { openid: actor.openid, name: actor.name, role }, order.status, order.status, { reason }),
    ]);
    return escalateOrder(deps, withCount, { openid: actor.openid, name: actor.name, role }, `多次退单（${bounceCount}次），自动上报：${reason}`, 'bounce');
  }
  const assignee = await assigneeAt(deps, order, 'community');
  const now = deps.clock.now();
  const policy = await policyFor(deps, order);
  const bounced = await step(deps, order, actor, { action: 'bounce', event: 'bounce', patch: { handlerOpenid: null, assignee, level: 'community', bounceCount, ...clocksPatch(order, (c) => [...stopAll(c, now), ...freshClocks(policy, 'community', assignee, now)]) }, reason });
  await notifyAll(deps, await assignmentNotices(deps, bounced, assignee, false));
  return bounced;
};

export const startOrder = async (deps: OrdersDeps, actor: Actor, id: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('start', order.status);
  requireHandler(order, actor);
  return step(deps, order, actor, { action: 'start', event: 'start', patch: {} });
};

export const addNote = async (deps: OrdersDeps, actor: Actor, id: string, note: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('note', order.status);
  const viewer = viewerOf(actor);
  if (!isHandler(order, viewer) && !isDispatcher(order, viewer)) refuse('只有办理人员或社区书记可以添加说明');
  await requireCleanText(deps, actor, 'note', note);
  return step(deps, order, actor, { action: 'note', event: 'note', patch: {}, reason: note });
};

/** Asks the resident something; the answer comes back to the handler. */
export const requestInfo = async (deps: OrdersDeps, actor: Actor, id: string, question: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('request_info', order.status);
  requireHandler(order, actor);
  if (order.awaitingInfo) throw new DomainError('FAILED_PRECONDITION', '已在等待居民回复，请勿重复询问');
  const asked = await step(deps, order, actor, { action: 'request_info', event: 'request_info', patch: {
    awaitingInfo: { question, askedAt: deps.clock.now(), askedBy: actor.openid },
    // Asking the resident is hearing back from the handler too (the reply clock is met).
    ...clocksPatch(order, (c) => pause(meet(c, 'reply', deps.clock.now()), 'resolve', deps.clock.now())),
  }, reason: question });
  await notifyAll(deps, toFiler(asked, 'request_info', '办理人员向您询问', question.slice(0, 40)));
  return asked;
};

export const replyInfo = async (deps: OrdersDeps, actor: Actor, id: string, answer: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('reply', order.status);
  if (!isFiler(order, viewerOf(actor))) refuse('只有提交人可以回复');
  if (!order.awaitingInfo) throw new DomainError('FAILED_PRECONDITION', '当前没有需要回复的询问');
  await requireCleanText(deps, actor, 'answer', answer);
  const replied = await step(deps, order, actor, { action: 'reply', event: 'reply', patch: { awaitingInfo: null, ...clocksPatch(order, (c) => resume(c, 'resolve', deps.clock.now())) }, reason: answer, prefer: ['resident'] });
  await notifyAll(deps, toHandler(replied, 'reply', '居民回复了您的询问', answer.slice(0, 40)));
  return replied;
};

/** The resident withdraws before anyone has claimed it. */
export const cancelOrder = async (deps: OrdersDeps, actor: Actor, id: string, reason: string | undefined): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('cancel', order.status);
  if (!isFiler(order, viewerOf(actor))) refuse('只有提交人可以撤回');
  const now = deps.clock.now();
  return step(deps, order, actor, { action: 'cancel', event: 'cancel', patch: { closedAt: now, ...clocksPatch(order, (c) => stopAll(c, now)) }, ...(reason ? { reason } : {}), prefer: ['resident'] });
};

export const CONTACT_WAYS = { reply: '回复', call: '电话联系', arrive: '到达现场' } as const;
export type ContactWay = keyof typeof CONTACT_WAYS;

/**
 * 及时回复: the handler gets back to the resident — a reply, a call logged or arrival on site —
 * which meets the reply clock (15-30-24's 30 minutes) and shows on the resident's timeline.
 */
export const contactResident = async (deps: OrdersDeps, actor: Actor, id: string, how: ContactWay, note: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('contact', order.status);
  requireHandler(order, actor);
  await requireCleanText(deps, actor, 'note', note);
  const now = deps.clock.now();
  const contacted = await step(deps, order, actor, {
    action: 'contact',
    event: 'contact',
    patch: clocksPatch(order, (c) => meet(c, 'reply', now)),
    reason: note,
    data: { how, summary: `${CONTACT_WAYS[how]}：${note.slice(0, 40)}` },
  });
  await notifyAll(deps, toFiler(contacted, 'contact', how === 'arrive' ? '办理人员已到达现场' : '办理人员已联系您', note.slice(0, 40)));
  return contacted;
};
