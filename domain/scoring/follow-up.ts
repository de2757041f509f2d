import type { OrderDoc } from '../model/order';

/**
 * What follows a resolution, in one place: the rating window (48 h to rate, one change within
 * 24 h) and the return visits (回访) — created for every proxy/phone-channel order, every ≤2-star
 * rating, every order left unrated 48 h after resolution, and a sample of the rest; due within
 * 14 days; made by someone who did not handle the order; "not satisfied" reopens it.
 */

export const VISIT_DUE_MS = 14 * 86_400_000;
/** No rating this long after resolution: the order closes as unrated and a visit is owed. */
export const RATING_WINDOW_MS = 48 * 3_600_000;
/** The rater may change their rating once, within this time of first rating. */
export const RATING_EDIT_WINDOW_MS = 24 * 3_600_000;
export const DEFAULT_SAMPLE_PERCENT = 10;

/** Until when the order's rating may still be changed; null when it can't be (none, already edited, reopened). */
export const ratingEditableUntil = (order: OrderDoc): number | null =>
  order.status === 'closed' && order.rating && !order.rating.editedAt ? order.rating.at + RATING_EDIT_WINDOW_MS : null;

/** The rater, within the window, on a closed order rated once. */
export const mayEditRating = (order: OrderDoc, viewer: { openid: string }, now: number): boolean => {
  const until = ratingEditableUntil(order);
  return until !== null && now < until && order.rating?.by === viewer.openid;
};

/** When an unrated resolved order must be closed as unrated (the sweep wakes the order then). */
export const unratedDeadline = (resolvedAt: number): number => resolvedAt + RATING_WINDOW_MS;

/** The resident's rating window opens at the resolution, or at its 验收 when one was needed. */
export const ratingOpensAt = (order: Pick<OrderDoc, 'resolvedAt' | 'verification'>): number => Math.max(order.resolvedAt ?? 0, order.verification?.at ?? 0);

export const VISIT_REASONS = ['channel', 'low_rating', 'unrated', 'sample'] as const;
export type VisitReason = (typeof VISIT_REASONS)[number];

export const VISIT_REASON_LABELS: Record<VisitReason, string> = {
  channel: '代办/电话登记',
  low_rating: '居民差评',
  unrated: '48小时未评价',
  sample: '抽样回访',
};

export const VISIT_OUTCOMES = ['satisfied', 'partly', 'not_satisfied'] as const;
export type VisitOutcome = (typeof VISIT_OUTCOMES)[number];
export const VISIT_OUTCOME_LABELS: Record<VisitOutcome, string> = { satisfied: '满意', partly: '基本满意', not_satisfied: '不满意' };

export interface VisitDoc {
  _id: string;
  orderId: string;
  orderNo: string;
  reason: VisitReason;
  communityId: string;
  gridId: string | null;
  placeLabel: string;
  /** Who should call or knock: the grid's worker when known, else the community queue (secretaries). */
  assignee: string | null;
  status: 'open' | 'done';
  createdAt: number;
  dueAt: number;
  outcome: VisitOutcome | null;
  method: 'phone' | 'door' | null;
  note: string | null;
  doneAt: number | null;
  doneBy: string | null;
}

/** Deterministic sampling: the same order is always in or out (no randomness in the domain). */
export const inSample = (orderId: string, percent: number): boolean => {
  let h = 2166136261;
  for (let i = 0; i < orderId.length; i++) h = Math.imul(h ^ orderId.charCodeAt(i), 16777619) >>> 0;
  return h % 100 < percent;
};

/**
 * One visit per order and round (a round ends when the order is reopened): a retry, or a
 * second trigger in the same round (a proxy order that also goes unrated), never makes two.
 */
export const visitId = (orderId: string, round: number): string => `visit_${orderId}_r${round}`;

export const newVisit = (order: OrderDoc, reason: VisitReason, assignee: string | null, now: number): VisitDoc => ({
  _id: visitId(order._id, order.reopenCount),
  orderId: order._id,
  orderNo: order.no,
  reason,
  communityId: order.place.communityId,
  gridId: order.place.gridId,
  placeLabel: order.place.label,
  assignee,
  status: 'open',
  createdAt: now,
  dueAt: now + VISIT_DUE_MS,
  outcome: null,
  method: null,
  note: null,
  doneAt: null,
  doneBy: null,
});

/** Visits owed when a handler resolves: every proxy / phone-channel order. */
export const visitsOnResolve = (order: OrderDoc): VisitReason[] => (order.channel === 'proxy' || order.channel === 'phone' ? ['channel'] : []);

/** Visits owed when the resident rates: every ≤2-star rating, and a sample of the rest. */
export const visitsOnRating = (order: OrderDoc, stars: number, samplePercent: number): VisitReason[] =>
  stars <= 2 ? ['low_rating'] : inSample(order._id, samplePercent) && order.channel === 'self' ? ['sample'] : [];
