import type { OrderKind, OrderLevel, Priority } from '../model/order-kinds';
import { businessCalendar, type CalendarSpec } from './calendar';

/**
 * SLA policies are data; clocks are the promises they make, kept on the order.
 * dispatch = someone takes responsibility (leaves the queue / approval);
 * respond = a handler claims it, 接单 (for emergencies: arrives);
 * reply = the resident hears back from the handler (a reply, a call logged, arrival on site);
 * resolve = it is resolved. Waiting on the resident pauses the resolve clock.
 */

export const CLOCK_KINDS = ['dispatch', 'respond', 'reply', 'resolve'] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

export const CLOCK_LABELS: Record<ClockKind, string> = { dispatch: '派单', respond: '接单', reply: '回复', resolve: '办结' };

/**
 * What a breached clock does: climb the ladder (吹哨), or remind the holder and tell the
 * community's secretary (督办) while the order stays at its level.
 */
export type BreachAction = 'escalate' | 'remind';
export const DEFAULT_BREACH_ACTION: BreachAction = 'escalate';

export const breachActionOf = (policy: Pick<SlaPolicy, 'onBreach'> | undefined, kind: ClockKind): BreachAction =>
  policy?.onBreach?.[kind] ?? DEFAULT_BREACH_ACTION;

export interface SlaPolicy {
  _id: string;
  name: string;
  /** Tried in order; the first whose match fits applies. */
  order: number;
  match: { categories?: string[]; priorities?: Priority[]; kinds?: OrderKind[]; orgId?: string };
  calendar: CalendarSpec;
  /** Business minutes per clock; a missing clock is not promised. */
  targets: Partial<Record<ClockKind, number>>;
  /** Remind the holder at this share of the time (e.g. 0.8). */
  remindAt: number;
  /** The resident-facing promise, e.g. "3小时内上门". */
  promise: string;
  /** What each clock's breach does (default: escalate). */
  onBreach?: Partial<Record<ClockKind, BreachAction>>;
  /**
   * At the top of the ladder (区级) a breached clock cannot climb further: the district is
   * reminded (督办提醒) after these many minutes, the last repeating (default 1 h, 4 h, then daily).
   */
  topReminderBackoffMinutes?: number[];
}

export interface SlaClock {
  kind: ClockKind;
  level: OrderLevel;
  policyId: string;
  calendar: CalendarSpec;
  budgetMinutes: number;
  startedAt: number;
  dueAt: number;
  remindAt: number;
  /** Share of the budget at which the reminder falls due. */
  remindRatio: number;
  remindedAt: number | null;
  metAt: number | null;
  /** Stopped without being met or breached: the order moved to another level. */
  stoppedAt: number | null;
  breachedAt: number | null;
  pausedAt: number | null;
  /** Business minutes spent paused so far (added back to the budget on resume). */
  pausedMinutes: number;
}

const WORKDAYS: CalendarSpec = { kind: 'workdays', start: '08:30', end: '17:30' };
const ALWAYS: CalendarSpec = { kind: '24x7' };

/**
 * The field's templates (the districts' own rules): 红心物业 54321, 15-30-24 and 1-4.
 * Districts edit these as data; these are what a new district starts with.
 */
export const SLA_TEMPLATES: SlaPolicy[] = [
  {
    _id: 'sla-54321-emergency',
    name: '红心物业54321·紧急5分钟到场',
    order: 10,
    match: { priorities: ['emergency'] },
    calendar: ALWAYS,
    targets: { dispatch: 2, respond: 5, resolve: 40 },
    remindAt: 0.6,
    promise: '5分钟内到场',
  },
  {
    _id: 'sla-54321-complex',
    name: '红心物业54321·复杂问题2天',
    order: 20,
    match: { categories: ['dispute', 'property'] },
    calendar: ALWAYS,
    targets: { dispatch: 60, respond: 180, resolve: 2 * 24 * 60 },
    remindAt: 0.8,
    promise: '2天内办结',
  },
  {
    _id: 'sla-54321-special',
    name: '红心物业54321·特殊情况1天出方案',
    order: 30,
    match: { categories: ['policy'] },
    calendar: ALWAYS,
    targets: { dispatch: 60, respond: 24 * 60 },
    remindAt: 0.8,
    promise: '1天内给出方案',
  },
  {
    _id: 'sla-54321-serious',
    name: '红心物业54321·较大问题3小时',
    order: 40,
    match: { priorities: ['urgent'] },
    calendar: ALWAYS,
    targets: { dispatch: 15, respond: 30, resolve: 180 },
    remindAt: 0.8,
    promise: '3小时内解决',
  },
  {
    _id: 'sla-1-4-wish',
    name: '1-4·微心愿1小时派单4小时响应',
    order: 50,
    match: { kinds: ['wish'] },
    calendar: WORKDAYS,
    targets: { dispatch: 60, respond: 240 },
    remindAt: 0.8,
    promise: '4个工作小时内有人认领',
  },
  {
    // 渭城: "15分钟快速响应、30分钟及时回复、24小时圆满解决" — three clocks. A missed 接单 is 督办 (the
    // handler is reminded, the secretary told); a missed reply or resolution climbs the ladder.
    _id: 'sla-15-30-24',
    name: '15-30-24·15分钟响应30分钟回复24小时解决',
    order: 1000,
    match: {},
    calendar: ALWAYS,
    targets: { dispatch: 15, respond: 15, reply: 30, resolve: 24 * 60 },
    remindAt: 0.8,
    onBreach: { respond: 'remind', reply: 'escalate', resolve: 'escalate' },
    promise: '15分钟响应、30分钟回复、24小时解决',
  },
];

export interface SlaSubject {
  category: string;
  kind: OrderKind;
  priority: Priority;
  orgPath: readonly string[];
}

export const matchPolicy = (policies: readonly SlaPolicy[], order: SlaSubject): SlaPolicy | undefined =>
  [...policies]
    .sort((a, b) => a.order - b.order)
    .find((p) => {
      const m = p.match;
      return (
        (!m.categories || m.categories.includes(order.category)) &&
        (!m.priorities || m.priorities.includes(order.priority)) &&
        (!m.kinds || m.kinds.includes(order.kind)) &&
        (!m.orgId || order.orgPath.includes(m.orgId))
      );
    });

export const startClock = (policy: SlaPolicy, kind: ClockKind, level: OrderLevel, now: number): SlaClock | null => {
  const budget = policy.targets[kind];
  if (budget === undefined) return null;
  const cal = businessCalendar(policy.calendar);
  return {
    kind,
    level,
    policyId: policy._id,
    calendar: policy.calendar,
    budgetMinutes: budget,
    startedAt: now,
    dueAt: cal.addMinutes(now, budget),
    remindAt: cal.addMinutes(now, budget * policy.remindAt),
    remindRatio: policy.remindAt,
    remindedAt: null,
    metAt: null,
    stoppedAt: null,
    breachedAt: null,
    pausedAt: null,
    pausedMinutes: 0,
  };
};

export const isRunning = (c: SlaClock): boolean => c.metAt === null && c.breachedAt === null && c.stoppedAt === null && c.pausedAt === null;

const isOpen = (c: SlaClock): boolean => c.metAt === null && c.breachedAt === null && c.stoppedAt === null;

/** Marks a running clock met (e.g. respond at claim); clocks already finished stay as they are. */
export const meet = (clocks: readonly SlaClock[], kind: ClockKind, now: number): SlaClock[] =>
  clocks.map((c) => (c.kind === kind && isOpen(c) ? { ...c, metAt: now, pausedAt: null } : c));

/** Stops every open clock (the order moves to another level, or leaves the loop). */
export const stopAll = (clocks: readonly SlaClock[], now: number): SlaClock[] =>
  clocks.map((c) => (isOpen(c) ? { ...c, stoppedAt: now, pausedAt: null } : c));

/** Marks the given open clocks breached at their due time. */
export const breach = (clocks: readonly SlaClock[], which: readonly SlaClock[], now: number): SlaClock[] =>
  clocks.map((c) => (which.includes(c) && isOpen(c) ? { ...c, breachedAt: Math.min(now, c.dueAt), pausedAt: null } : c));

export const markReminded = (clocks: readonly SlaClock[], which: readonly SlaClock[], now: number): SlaClock[] =>
  clocks.map((c) => (which.includes(c) ? { ...c, remindedAt: now } : c));

export const pause = (clocks: readonly SlaClock[], kind: ClockKind, now: number): SlaClock[] =>
  clocks.map((c) => (c.kind === kind && isRunning(c) ? { ...c, pausedAt: now } : c));

/** Resumes a paused clock: the paused business time is added back, so the due time moves out. */
export const resume = (clocks: readonly SlaClock[], kind: ClockKind, now: number): SlaClock[] =>
  clocks.map((c) => {
    if (c.kind !== kind || c.pausedAt === null) return c;
    const cal = businessCalendar(c.calendar);
    const pausedMinutes = c.pausedMinutes + cal.elapsedMinutes(c.pausedAt, now);
    const total = c.budgetMinutes + pausedMinutes;
    return {
      ...c,
      pausedAt: null,
      pausedMinutes,
      dueAt: cal.addMinutes(c.startedAt, total),
      remindAt: c.remindedAt === null ? cal.addMinutes(c.startedAt, c.budgetMinutes * c.remindRatio + pausedMinutes) : c.remindAt,
    };
  });

/** The next instant the sweep must look at this order (a reminder or a breach), or null. */
export const nextWakeAt = (clocks: readonly SlaClock[]): number | null => {
  const times = clocks.filter(isRunning).map((c) => (c.remindedAt === null ? Math.min(c.remindAt, c.dueAt) : c.dueAt));
  return times.length > 0 ? Math.min(...times) : null;
};

/** Running clocks whose due time has passed, and those due a reminder. */
export const dueNow = (clocks: readonly SlaClock[], now: number): { breached: SlaClock[]; remind: SlaClock[] } => ({
  breached: clocks.filter((c) => isRunning(c) && c.dueAt <= now),
  remind: clocks.filter((c) => isRunning(c) && c.remindedAt === null && c.remindAt <= now && c.dueAt > now),
});

/** Fresh clocks for a level: the ones the policy promises, minus those already met for the order. */
export const clocksForLevel = (policy: SlaPolicy, level: OrderLevel, kinds: readonly ClockKind[], now: number): SlaClock[] =>
  kinds.map((k) => startClock(policy, k, level, now)).filter((c): c is SlaClock => c !== null);

/** Minutes left (negative when overdue) on the clock that matters most to the resident right now. */
export const headlineClock = (clocks: readonly SlaClock[]): SlaClock | null =>
  [...clocks].filter(isOpen).sort((a, b) => a.dueAt - b.dueAt)[0] ?? null;
