import type { OrderDoc } from '../model/order';
import { localDate } from '../time/beijing';

/**
 * Scores are sums of per-order contributions, bucketed by the order's submission day
 * (Beijing) and counted for every node on the order's org path, for the department that
 * held it and for the person who handled it. Because a score is a sum, it can be kept
 * incrementally: when an order changes, add contribution(after) − contribution(before).
 */

/** Resolve-time histogram bucket upper bounds in minutes (the last bucket is open-ended). */
export const TIME_BUCKETS = [30, 60, 120, 240, 480, 1440, 2880, 4320, 10080, 20160] as const;

export interface Counters {
  submitted: number;
  /** Respond clock decided (met or breached) and how many were met: 接单率. */
  respondDecided: number;
  respondMet: number;
  /** Reply clock decided and met: 及时回复率 (absent in rollups written before it existed). */
  replyDecided: number;
  replyMet: number;
  /** Resolved (at least once) and how many within the resolve clock: 按时办结率. */
  resolved: number;
  resolvedOnTime: number;
  /** Rated orders, satisfied ones (≥4 stars), and the star sum (for means). */
  rated: number;
  satisfied: number;
  starsSum: number;
  /** Return visits recorded, and how many found the resident satisfied (counted with ratings in 满意率). */
  visited: number;
  visitSatisfied: number;
  /** Orders reopened at least once. */
  reopened: number;
  /** Closed loops, and how many of them were closed at grid level (小事不出网格). */
  closed: number;
  closedAtGrid: number;
  /** Resolve minutes (submission → resolution), histogram over TIME_BUCKETS (+1 overflow). */
  resolveHistogram: number[];
  /** Submitted orders per category id (only non-zero entries; absent in rollups written before it existed). */
  categories: Record<string, number>;
}

export const zeroCounters = (): Counters => ({
  submitted: 0,
  respondDecided: 0,
  respondMet: 0,
  replyDecided: 0,
  replyMet: 0,
  resolved: 0,
  resolvedOnTime: 0,
  rated: 0,
  satisfied: 0,
  starsSum: 0,
  visited: 0,
  visitSatisfied: 0,
  reopened: 0,
  closed: 0,
  closedAtGrid: 0,
  resolveHistogram: new Array(TIME_BUCKETS.length + 1).fill(0),
  categories: {},
});

/** Per-category counts added up; entries that reach zero are dropped, so equal sums have equal maps. */
const addCategories = (a: Record<string, number> | undefined, b: Record<string, number> | undefined, sign: 1 | -1): Record<string, number> => {
  const out: Record<string, number> = { ...(a ?? {}) };
  for (const [k, v] of Object.entries(b ?? {})) {
    const next = (Object.prototype.hasOwnProperty.call(out, k) ? out[k] : 0) + sign * v;
    if (next === 0) delete out[k];
    else out[k] = next;
  }
  return out;
};

export const addCounters = (a: Counters, b: Counters, sign: 1 | -1 = 1): Counters => {
  const out = zeroCounters();
  for (const key of Object.keys(out) as (keyof Counters)[]) {
    if (key === 'resolveHistogram') out.resolveHistogram = a.resolveHistogram.map((v, i) => v + sign * (b.resolveHistogram[i] ?? 0));
    else if (key === 'categories') out.categories = addCategories(a.categories, b.categories, sign);
    else out[key] = (a[key] ?? 0) + sign * (b[key] ?? 0);
  }
  return out;
};

export const isZero = (c: Counters): boolean =>
  Object.entries(c).every(([k, v]) =>
    k === 'resolveHistogram' ? (v as number[]).every((x) => x === 0) : k === 'categories' ? Object.values(v as Record<string, number>).every((x) => x === 0) : v === 0,
  );

const bucketOf = (minutes: number): number => {
  const i = TIME_BUCKETS.findIndex((limit) => minutes <= limit);
  return i < 0 ? TIME_BUCKETS.length : i;
};

/** One order's counters (no keys yet): what it adds to every node it counts for. */
export const countersOf = (order: OrderDoc): Counters => {
  const c = zeroCounters();
  if (order.status === 'merged' || order.status === 'cancelled') return c;
  c.submitted = 1;
  c.categories = { [order.category]: 1 };
  const clocks = order.clocks ?? [];
  const firstRespond = clocks.find((k) => k.kind === 'respond');
  if (firstRespond && (firstRespond.metAt !== null || firstRespond.breachedAt !== null)) {
    c.respondDecided = 1;
    if (firstRespond.metAt !== null && firstRespond.metAt <= firstRespond.dueAt) c.respondMet = 1;
  }
  const firstReply = clocks.find((k) => k.kind === 'reply');
  if (firstReply && (firstReply.metAt !== null || firstReply.breachedAt !== null)) {
    c.replyDecided = 1;
    if (firstReply.metAt !== null && firstReply.metAt <= firstReply.dueAt) c.replyMet = 1;
  }
  const resolution = order.resolution ?? null;
  if (resolution) {
    c.resolved = 1;
    const promise = order.promiseDueAt ?? null;
    if (promise === null || resolution.at <= promise) c.resolvedOnTime = 1;
    c.resolveHistogram[bucketOf((resolution.at - order.submittedAt) / 60_000)] = 1;
  }
  const stars = order.rating?.stars ?? order.lastStars ?? null;
  if (stars !== null) {
    c.rated = 1;
    c.starsSum = stars;
    if (stars >= 4) c.satisfied = 1;
  }
  if (order.visitOutcome) {
    c.visited = 1;
    if (order.visitOutcome === 'satisfied') c.visitSatisfied = 1;
  }
  if (order.reopenCount > 0) c.reopened = 1;
  if (order.status === 'closed') {
    c.closed = 1;
    if (order.level === 'grid') c.closedAtGrid = 1;
  }
  return c;
};

/** The rollup keys an order counts for: `<node>|<YYYY-MM-DD>` for each org on its path, its department, its handler. */
export const keysOf = (order: OrderDoc): string[] => {
  const day = localDate(order.submittedAt);
  const nodes = new Set<string>(order.orgPath);
  const department = order.departmentId ?? (order.assignee.kind === 'queue' && order.assignee.queue === 'department' ? order.assignee.orgId : null);
  if (department) nodes.add(department);
  const handler = order.resolution?.by ?? order.handlerOpenid;
  if (handler) nodes.add(`user:${handler}`);
  return [...nodes].map((n) => `${n}|${day}`);
};

/** The change an order's update makes to each rollup key (only non-zero deltas). */
export const rollupDelta = (before: OrderDoc | null, after: OrderDoc): Map<string, Counters> => {
  const out = new Map<string, Counters>();
  const add = (order: OrderDoc, sign: 1 | -1) => {
    const counters = countersOf(order);
    for (const key of keysOf(order)) out.set(key, addCounters(out.get(key) ?? zeroCounters(), counters, sign));
  };
  if (before) add(before, -1);
  add(after, 1);
  for (const [key, c] of out) if (isZero(c)) out.delete(key);
  return out;
};
