import { DomainError } from '../model/envelope';
import { OPEN_STATES, ORDER_LEVEL_LABELS, type Assignee, type OrderDoc, type OrderLevel } from '../model/order';
import { breachActionOf, CLOCK_LABELS, type ClockKind, clocksForLevel, dueNow, markReminded, matchPolicy, nextWakeAt, type SlaClock, type SlaPolicy, breach, stopAll } from '../sla/clocks';
import { type Actor, commitStep, makeEvent, notifyAll, type OrdersDeps, SYSTEM_ACTOR } from './deps';
import { nextState } from './lifecycle';

/**
 * The ladder (街道吹哨、部门报到): grid → community → street → department → district.
 * Escalation is not a state: the order moves up one level, gets the new level's
 * assignee and fresh clocks, and must be claimed again there; the resident's total
 * time keeps running from submission.
 */
export const LADDER: readonly OrderLevel[] = ['grid', 'community', 'street', 'department', 'district'];

export const nextLevel = (level: OrderLevel): OrderLevel | null => LADDER[LADDER.indexOf(level) + 1] ?? null;

/** Clocks a level starts with: a queue must first be taken (dispatch), then claimed (respond), the resident heard back (reply), then resolved. */
export const CLOCKS_AT_LEVEL: readonly ClockKind[] = ['respond', 'reply', 'resolve'];

export const policyFor = async (deps: OrdersDeps, order: Pick<OrderDoc, 'category' | 'kind' | 'priority' | 'orgPath'>): Promise<SlaPolicy | undefined> =>
  matchPolicy(await deps.sla.list(), order);

/** Fresh clocks for `level` (dispatch too when the order waits in a queue or for approval). */
export const freshClocks = (policy: SlaPolicy | undefined, level: OrderLevel, assignee: Assignee, now: number): SlaClock[] =>
  policy ? clocksForLevel(policy, level, assignee.kind === 'queue' ? ['dispatch', ...CLOCKS_AT_LEVEL] : CLOCKS_AT_LEVEL, now) : [];

/** The department an assignment hands the order to (kept on the order for its scores), or nothing. */
export const departmentOf = (assignee: Assignee): { departmentId: string } | Record<string, never> =>
  assignee.kind === 'queue' && assignee.queue === 'department' ? { departmentId: assignee.orgId } : {};

/** Who holds the order at each level of the ladder. */
export const assigneeAt = async (deps: OrdersDeps, order: OrderDoc, level: OrderLevel): Promise<Assignee> => {
  const ids = [order.place.communityId, order.place.streetId, order.place.districtId];
  const nodes = new Map((await deps.orgs.getMany(ids)).map((n) => [n._id, n]));
  const name = (id: string, fallback: string) => nodes.get(id)?.name ?? fallback;
  switch (level) {
    case 'grid':
    case 'community':
      return { kind: 'queue', queue: 'community', orgId: order.place.communityId, name: `${name(order.place.communityId, '社区')}派单` };
    case 'street':
      return { kind: 'queue', queue: 'street', orgId: order.place.streetId, name: `${name(order.place.streetId, '街道')}（吹哨）` };
    case 'department': {
      const category = (await deps.categories.list()).find((c) => c._id === order.category);
      const [department] = category?.departmentId ? await deps.orgs.getMany([category.departmentId]) : [];
      if (department) return { kind: 'queue', queue: 'department', orgId: department._id, name: department.name };
      return { kind: 'queue', queue: 'district', orgId: order.place.districtId, name: `${name(order.place.districtId, '区')}（无对口部门）` };
    }
    case 'district':
    default:
      return { kind: 'queue', queue: 'district', orgId: order.place.districtId, name: `${name(order.place.districtId, '区')}督办` };
  }
};

const queueRole: Record<string, string> = {
  community: 'secretary',
  street: 'street_admin',
  department: 'department_officer',
  district: 'district_admin',
  wish_wall: 'volunteer',
};

export const peopleOf = async (deps: OrdersDeps, assignee: Assignee): Promise<string[]> => {
  if (assignee.kind === 'user') return [assignee.openid];
  if (assignee.queue === 'broadcast') return assignee.candidates ?? [];
  return (await deps.people.withRole(queueRole[assignee.queue], assignee.orgId)).map((p) => p.openid);
};

/**
 * 吹哨: moves the order one level up with fresh clocks and an `escalate` event, and tells the
 * new level's people. At the top (district) it stays and the district is alerted again.
 */
export const escalateOrder = async (
  deps: OrdersDeps,
  order: OrderDoc,
  by: { openid: string; name: string; role: string },
  reason: string,
  trigger: 'manual' | 'breach' | 'bounce' | 'reopen',
  clocksBefore: SlaClock[] = order.clocks ?? [],
): Promise<OrderDoc> => {
  const to = nextState('escalate', order.status);
  const now = deps.clock.now();
  const level = nextLevel(order.level) ?? order.level;
  const assignee = await assigneeAt(deps, order, level);
  const policy = await policyFor(deps, order);
  const clocks = [...stopAll(clocksBefore, now), ...freshClocks(policy, level, assignee, now)];
  const event = makeEvent(deps, order, order.version + 1, 'escalate', by, order.status, to, {
    reason,
    data: { summary: `${ORDER_LEVEL_LABELS[order.level]} → ${ORDER_LEVEL_LABELS[level]}（${assignee.name}）`, from: order.level, to: level, trigger },
  });
  const escalated = await commitStep(
    deps,
    order,
    {
      status: to,
      level,
      assignee,
      handlerOpenid: null,
      clocks,
      wakeAt: nextWakeAt(clocks),
      escalations: (order.escalations ?? 0) + 1,
      ...departmentOf(assignee),
    },
    [event],
  );
  const title = level === order.level ? '督办提醒：诉求仍未解决' : `吹哨上报：${ORDER_LEVEL_LABELS[level]}请报到`;
  await notifyAll(
    deps,
    (await peopleOf(deps, assignee)).map((person) => ({ to: person, type: 'escalated', title, body: `${order.place.label}：${reason}`, orderId: order._id })),
  );
  return escalated;
};

/** The manual whistle: the handler or a dispatcher says this level cannot solve it. */
export const whistle = async (deps: OrdersDeps, actor: Actor, order: OrderDoc, reason: string, role: string): Promise<OrderDoc> => {
  if (!nextLevel(order.level)) throw new DomainError('FAILED_PRECONDITION', '已在区级督办，无法继续上报');
  return escalateOrder(deps, order, { openid: actor.openid, name: actor.name, role }, reason, 'manual');
};

/**
 * 督办 on a breach whose policy says "remind" (15-30-24: a missed 接单): the clock is marked
 * breached (its own timeline event), the holder is reminded and the community's secretaries are
 * told; the order stays where it is.
 */
const superviseBreach = async (deps: OrdersDeps, order: OrderDoc, clocks: SlaClock[], late: readonly SlaClock[], now: number): Promise<'reminded'> => {
  const what = late.map((c) => `${CLOCK_LABELS[c.kind]}超时`).join('、');
  const event = makeEvent(deps, order, order.version + 1, 'remind', SYSTEM_ACTOR, order.status, order.status, {
    reason: `${ORDER_LEVEL_LABELS[order.level]}${what}`,
    data: { summary: `${ORDER_LEVEL_LABELS[order.level]}${what}，督办提醒`, breached: late.map((c) => c.kind), supervise: true },
  });
  await commitStep(deps, order, { clocks, wakeAt: wakeWithTop(nextWakeAt(clocks), order, now) }, [event]);
  const [holders, secretaries] = await Promise.all([
    order.handlerOpenid ? Promise.resolve([order.handlerOpenid]) : peopleOf(deps, order.assignee),
    deps.people.withRole('secretary', order.place.communityId),
  ]);
  const body = `${order.place.label}：${order.description.slice(0, 30)}`;
  await notifyAll(deps, [
    ...holders.map((to) => ({ to, type: 'reminder', title: `督办：诉求${what}，请立即处理`, body, orderId: order._id })),
    ...secretaries.filter((s) => !holders.includes(s.openid)).map((s) => ({ to: s.openid, type: 'supervise', title: `督办提醒：${what}`, body, orderId: order._id })),
  ]);
  return 'reminded';
};

/** Default 区级督办 back-off: 1 h, 4 h, then daily. */
export const DEFAULT_TOP_REMINDER_BACKOFF_MINUTES: readonly number[] = [60, 240, 1440];

/** The next wake-up: the clocks' own, or the next 督办提醒 at the top of the ladder, whichever is first. */
const wakeWithTop = (clockWake: number | null, order: OrderDoc, now: number): number | null => {
  const top = order.topReminderAt != null && order.topReminderAt > now && OPEN_STATES.includes(order.status) ? order.topReminderAt : null;
  if (clockWake === null) return top;
  return top === null ? clockWake : Math.min(clockWake, top);
};

/**
 * 区级督办提醒: at the top of the ladder there is no level to climb to, so a breached clock (or
 * the back-off running out while the order is still open) reminds the district's people, the
 * next one after the policy's back-off (1 h, 4 h, then daily by default). It is a reminder, not an
 * escalation: the order's escalation count stays as it was when it reached the district.
 */
const remindAtTop = async (deps: OrdersDeps, order: OrderDoc, clocks: SlaClock[], now: number, why: string): Promise<'reminded'> => {
  const policy = await policyFor(deps, order);
  const steps = policy?.topReminderBackoffMinutes?.length ? policy.topReminderBackoffMinutes : DEFAULT_TOP_REMINDER_BACKOFF_MINUTES;
  const n = order.topReminders ?? 0;
  const topReminderAt = now + steps[Math.min(n, steps.length - 1)] * 60_000;
  const event = makeEvent(deps, order, order.version + 1, 'remind', SYSTEM_ACTOR, order.status, order.status, {
    reason: why,
    data: { summary: `区级督办提醒（第${n + 1}次）：${why}`, top: true, count: n + 1 },
  });
  const clockWake = nextWakeAt(clocks);
  await commitStep(deps, order, { clocks, topReminders: n + 1, topReminderAt, wakeAt: clockWake === null ? topReminderAt : Math.min(clockWake, topReminderAt) }, [event]);
  const holders = order.handlerOpenid ? [order.handlerOpenid] : await peopleOf(deps, order.assignee);
  await notifyAll(
    deps,
    holders.map((to) => ({ to, type: 'reminder', title: `督办提醒：诉求仍未解决（第${n + 1}次）`, body: `${order.place.label}：${order.description.slice(0, 30)}`, orderId: order._id })),
  );
  return 'reminded';
};

/**
 * One order's share of the sweep: send due reminders, escalate on a breached clock.
 * Idempotent: everything is one conditional commit on the version read, so a second
 * sweep (or one running at the same time) finds nothing left to do or loses the race.
 */
export const sweepOrder = async (deps: OrdersDeps, order: OrderDoc, now: number): Promise<'escalated' | 'reminded' | 'nothing'> => {
  const clocks = order.clocks ?? [];
  const { breached, remind } = dueNow(clocks, now);
  if (breached.length > 0) {
    const policy = await policyFor(deps, order);
    const sorted = [...breached].sort((a, b) => a.dueAt - b.dueAt);
    const climbing = sorted.filter((c) => breachActionOf(policy, c.kind) === 'escalate');
    // 督办: a breach whose policy says "remind" keeps the order at its level and tells the secretary.
    if (climbing.length === 0) return superviseBreach(deps, order, breach(clocks, breached, now), sorted, now);
    const first = climbing[0];
    const late = `${ORDER_LEVEL_LABELS[order.level]}${CLOCK_LABELS[first.kind]}超时`;
    if (!nextLevel(order.level)) {
      const marked = breach(clocks, breached, now);
      // At the top the back-off decides when the district hears again; a breach in between is only recorded.
      const waiting = order.topReminderAt != null && order.topReminderAt > now;
      if (OPEN_STATES.includes(order.status) && !waiting) return remindAtTop(deps, order, marked, now, late);
      await commitStep(deps, order, { clocks: marked, wakeAt: wakeWithTop(nextWakeAt(marked), order, now) }, []);
      return 'nothing';
    }
    await escalateOrder(deps, order, SYSTEM_ACTOR, `${late}，自动上报`, 'breach', breach(clocks, breached, now));
    return 'escalated';
  }
  const topDue = order.topReminderAt != null && order.topReminderAt <= now && OPEN_STATES.includes(order.status) && !nextLevel(order.level);
  if (topDue) return remindAtTop(deps, order, clocks, now, '诉求仍未解决');
  if (remind.length === 0) {
    // A stale wake-up time (nothing is due after all) is corrected, so the sweep does not meet it again.
    const wakeAt = wakeWithTop(nextWakeAt(clocks), order, now);
    if (wakeAt !== (order.wakeAt ?? null)) await commitStep(deps, order, { wakeAt }, []);
    return 'nothing';
  }
  const updated = markReminded(clocks, remind, now);
  const event = makeEvent(deps, order, order.version + 1, 'remind', SYSTEM_ACTOR, order.status, order.status, {
    data: { summary: remind.map((c) => `${CLOCK_LABELS[c.kind]}时限将至`).join('、'), clocks: remind.map((c) => c.kind) },
  });
  await commitStep(deps, order, { clocks: updated, wakeAt: wakeWithTop(nextWakeAt(updated), order, now) }, [event]);
  const holders = order.handlerOpenid ? [order.handlerOpenid] : await peopleOf(deps, order.assignee);
  await notifyAll(
    deps,
    holders.map((to) => ({ to, type: 'reminder', title: '诉求即将超时，请尽快处理', body: `${order.place.label}：${order.description.slice(0, 30)}`, orderId: order._id })),
  );
  return 'reminded';
};

