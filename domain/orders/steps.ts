import { orderParties, requireSeparateOnOrder } from '../authz/duties';
import { DEFAULT_MESSAGES, DomainError } from '../model/envelope';
import type { Assignee, OrderDoc, OrderEventType } from '../model/order';
import type { Notification } from '../ports/orders';
import { meet, nextWakeAt, pause, resume, type SlaClock, stopAll } from '../sla/clocks';
import { type Actor, actingRole, commitStep, makeEvent, notifyAll, type OrdersDeps, requireCleanText, SYSTEM_ACTOR } from './deps';
import { assigneeAt, departmentOf, escalateOrder, freshClocks, policyFor, whistle } from './escalation';
import { scheduleVisit, unratedDeadline, visitsOnResolve } from './visits';
import { nextState, type OrderAction } from './lifecycle';
import { assignmentNotices } from './submit';
import { isDispatcher, isFiler, isHandler, mayClaim, mayVerify, type Viewer } from './views';

/**
 * The steps of the loop after submit. Each one: the transition table says whether the
 * state allows it, the relationship (filer / handler / eligible claimer / dispatcher)
 * says whether this person may, then one conditional commit of order + event.
 */

export const loadOrder = async (deps: OrdersDeps, id: string): Promise<OrderDoc> => {
  const order = await deps.orders.get(id);
  if (!order) throw new DomainError('NOT_FOUND', DEFAULT_MESSAGES.NOT_FOUND);
  return order;
};

export const refuse = (message: string): never => {
  throw new DomainError('FORBIDDEN', message);
};

export const viewerOf = (actor: Actor): Viewer => ({ openid: actor.openid, grants: actor.grants });

const STAFF_PREFERENCE = ['grid_worker', 'secretary', 'department_officer', 'street_admin', 'district_admin', 'volunteer'];

/** One transition with one event; `to` comes from the table. */
export const step = async (
  deps: OrdersDeps,
  order: OrderDoc,
  actor: Actor,
  action: OrderAction,
  eventType: OrderEventType,
  patch: Partial<OrderDoc>,
  extra: { reason?: string; data?: Record<string, unknown> } = {},
  prefer: readonly string[] = STAFF_PREFERENCE,
  conflictMessage?: string,
): Promise<OrderDoc> => {
  const to = nextState(action, order.status);
  const who = { openid: actor.openid, name: actor.name, role: actingRole(actor, order, prefer) };
  const event = makeEvent(deps, order, order.version + 1, eventType, who, order.status, to, extra);
  return commitStep(deps, order, { ...patch, status: to }, [event], conflictMessage);
};

const toFiler = (order: OrderDoc, type: string, title: string, body: string): Notification[] =>
  [...new Set([order.filedBy, order.residentOpenid].filter((x): x is string => !!x))].map((to) => ({ to, type, title, body, orderId: order._id }));

export const toHandler = (order: OrderDoc, type: string, title: string, body: string): Notification[] =>
  order.handlerOpenid ? [{ to: order.handlerOpenid, type, title, body, orderId: order._id }] : [];

const CLAIMED_BY_OTHER = '已被他人接单';

/** The clock fields of a patch after `change` (met / paused / resumed / stopped clocks). */
export const clocksPatch = (order: OrderDoc, change: (clocks: SlaClock[]) => SlaClock[]): Pick<OrderDoc, 'clocks' | 'wakeAt'> => {
  const clocks = change(order.clocks ?? []);
  return { clocks, wakeAt: nextWakeAt(clocks) };
};

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
  const back = await commitStep(deps, order, { status: to, assignee, handlerOpenid: null, wakeAt: null }, [event]);
  await notifyAll(deps, [
    ...(order.handlerOpenid ? [{ to: order.handlerOpenid, type: 'wish_expired', title: '您认领的微心愿已回到心愿墙', body: order.description.slice(0, 30), orderId: order._id }] : []),
    ...(await assignmentNotices(deps, back, assignee, false)),
  ]);
  return back;
};

/** After this many bounce-backs the order goes up the ladder instead of back to the same dispatcher. */
export const BOUNCES_BEFORE_ESCALATION = 2;
/** The second reopen escalates one level. */
export const REOPENS_BEFORE_ESCALATION = 2;

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
  const claimed = await step(
    deps,
    order,
    actor,
    'claim',
    'claim',
    {
      handlerOpenid: actor.openid,
      handledBy: [...new Set([...(order.handledBy ?? []), actor.openid])],
      assignee,
      claimedAt: deps.clock.now(),
      ...claimClocks(order, deps.clock.now()),
    },
    {},
    STAFF_PREFERENCE,
    CLAIMED_BY_OTHER,
  );
  await notifyAll(deps, toFiler(claimed, 'claimed', '您的诉求已有人接单', `${actor.name}已接单，将尽快为您办理`));
  return claimed;
};

const requireHandler = (order: OrderDoc, actor: Actor) => {
  if (!isHandler(order, viewerOf(actor))) refuse('只有正在办理的人员可以进行此操作');
};

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
  const bounced = await step(
    deps,
    order,
    actor,
    'bounce',
    'bounce',
    { handlerOpenid: null, assignee, level: 'community', bounceCount, ...clocksPatch(order, (c) => [...stopAll(c, now), ...freshClocks(policy, 'community', assignee, now)]) },
    { reason },
  );
  await notifyAll(deps, await assignmentNotices(deps, bounced, assignee, false));
  return bounced;
};

export const startOrder = async (deps: OrdersDeps, actor: Actor, id: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('start', order.status);
  requireHandler(order, actor);
  return step(deps, order, actor, 'start', 'start', {});
};

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
  const resolved = await step(deps, order, actor, 'resolve', 'resolve', patch, { reason: note });
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
  const verifying = await step(deps, order, actor, 'resolve_to_verify', 'resolve', { ...patch, wakeAt: null }, { reason: note });
  const verifiers = await verifiersOf(deps, verifying);
  await notifyAll(
    deps,
    verifiers.map((to) => ({ to, type: 'verify', title: '有巡查上报待您验收', body: `${order.place.label}：${order.description.slice(0, 30)}`, orderId: order._id })),
  );
  return verifying;
};

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
    const closed = await step(deps, order, actor, 'verify_close', 'verify', { closedAt: now, verification: { by: actor.openid, at: now, note: note ?? '' } }, {
      ...(note ? { reason: note } : {}),
      data: { outcome, summary: '验收通过' },
    }, prefer);
    await deps.closed.orderClosed(closed);
    await notifyAll(deps, toHandler(order, 'verified', '您办理的巡查上报已验收通过', note ?? ''));
    return closed;
  }
  const back = await step(deps, order, actor, 'verify_return', 'verify', { resolution: null, resolvedAt: null }, { reason: note ?? '', data: { outcome, summary: '验收退回' } }, prefer);
  await notifyAll(deps, toHandler(order, 'verify_returned', '巡查上报验收未通过，请继续办理', note ?? ''));
  return back;
};

export const addNote = async (deps: OrdersDeps, actor: Actor, id: string, note: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('note', order.status);
  const viewer = viewerOf(actor);
  if (!isHandler(order, viewer) && !isDispatcher(order, viewer)) refuse('只有办理人员或社区书记可以添加说明');
  await requireCleanText(deps, actor, 'note', note);
  return step(deps, order, actor, 'note', 'note', {}, { reason: note });
};

/** Asks the resident something; the answer comes back to the handler. */
export const requestInfo = async (deps: OrdersDeps, actor: Actor, id: string, question: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('request_info', order.status);
  requireHandler(order, actor);
  if (order.awaitingInfo) throw new DomainError('FAILED_PRECONDITION', '已在等待居民回复，请勿重复询问');
  const asked = await step(deps, order, actor, 'request_info', 'request_info', {
    awaitingInfo: { question, askedAt: deps.clock.now(), askedBy: actor.openid },
    ...clocksPatch(order, (c) => pause(c, 'resolve', deps.clock.now())),
  }, { reason: question });
  await notifyAll(deps, toFiler(asked, 'request_info', '办理人员向您询问', question.slice(0, 40)));
  return asked;
};

export const replyInfo = async (deps: OrdersDeps, actor: Actor, id: string, answer: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('reply', order.status);
  if (!isFiler(order, viewerOf(actor))) refuse('只有提交人可以回复');
  if (!order.awaitingInfo) throw new DomainError('FAILED_PRECONDITION', '当前没有需要回复的询问');
  await requireCleanText(deps, actor, 'answer', answer);
  const replied = await step(
    deps,
    order,
    actor,
    'reply',
    'reply',
    { awaitingInfo: null, ...clocksPatch(order, (c) => resume(c, 'resolve', deps.clock.now())) },
    { reason: answer },
    ['resident'],
  );
  await notifyAll(deps, toHandler(replied, 'reply', '居民回复了您的询问', answer.slice(0, 40)));
  return replied;
};

/** The resident withdraws before anyone has claimed it. */
export const cancelOrder = async (deps: OrdersDeps, actor: Actor, id: string, reason: string | undefined): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('cancel', order.status);
  if (!isFiler(order, viewerOf(actor))) refuse('只有提交人可以撤回');
  const now = deps.clock.now();
  return step(deps, order, actor, 'cancel', 'cancel', { closedAt: now, ...clocksPatch(order, (c) => stopAll(c, now)) }, reason ? { reason } : {}, ['resident']);
};

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
    await step(
      deps,
      child,
      actor,
      'merge_into',
      'merge',
      { parentId: parent._id, closedAt: now, handlerOpenid: null, ...clocksPatch(child, (c) => stopAll(c, now)) },
      { reason, data: { summary: `并入共性诉求 ${parent.no}`, parentId: parent._id } },
      ['secretary', 'street_admin', 'district_admin'],
    );
    for (const who of [child.filedBy, child.residentOpenid]) if (who) followers.add(who);
  }
  const merged = await step(
    deps,
    parent,
    actor,
    'absorb',
    'merge',
    { childIds: [...(parent.childIds ?? []), ...ids], followers: [...followers] },
    { reason, data: { summary: `合并了${ids.length}条相同诉求`, childIds: ids } },
    ['secretary', 'street_admin', 'district_admin'],
  );
  await notifyAll(
    deps,
    [...followers].map((to) => ({ to, type: 'merged', title: '您的诉求已并入共性诉求统一办理', body: parent.description.slice(0, 40), orderId: parent._id })),
  );
  return merged;
};

/** 吹哨 by hand: the handler or a dispatcher of the order. */
export const escalateByHand = async (deps: OrdersDeps, actor: Actor, id: string, reason: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('escalate', order.status);
  const viewer = viewerOf(actor);
  if (!isHandler(order, viewer) && !isDispatcher(order, viewer) && !mayClaim(order, viewer)) refuse('只有办理人员或上级可以吹哨上报');
  return whistle(deps, actor, order, reason, actingRole(actor, order, STAFF_PREFERENCE));
};

const requireDispatcher = (order: OrderDoc, actor: Actor) => {
  if (!isDispatcher(order, viewerOf(actor))) refuse('只有本社区书记或上级可以派单审批');
};

export const approveOrder = async (deps: OrdersDeps, actor: Actor, id: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('approve', order.status);
  requireDispatcher(order, actor);
  const approved = await step(deps, order, actor, 'approve', 'approve', clocksPatch(order, (c) => meet(c, 'dispatch', deps.clock.now())), {}, [
    'secretary',
    'street_admin',
    'district_admin',
  ]);
  await notifyAll(deps, await assignmentNotices(deps, approved, approved.assignee, false));
  return approved;
};

export const rejectOrder = async (deps: OrdersDeps, actor: Actor, id: string, reason: string): Promise<OrderDoc> => {
  const order = await loadOrder(deps, id);
  nextState('reject', order.status);
  requireDispatcher(order, actor);
  const now = deps.clock.now();
  const rejected = await step(deps, order, actor, 'reject', 'reject', { closedAt: now, ...clocksPatch(order, (c) => stopAll(c, now)) }, { reason }, [
    'secretary',
    'street_admin',
    'district_admin',
  ]);
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
  const dispatched = await step(deps, order, actor, 'dispatch', 'dispatch', { assignee, handlerOpenid: null, level, ...departmentOf(assignee), ...clocksPatch(order, meetDispatch) }, { reason, data: { summary: `改派给${assignee.name}` } }, [
    'secretary',
    'street_admin',
    'district_admin',
  ]);
  if (assignee.kind === 'user') await deps.people.markAssigned(assignee.openid, deps.clock.now());
  await notifyAll(deps, await assignmentNotices(deps, dispatched, assignee, false));
  return dispatched;
};

