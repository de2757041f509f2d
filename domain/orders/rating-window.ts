import type { OrderDoc } from '../model/order';

/** The rater may change their rating once, within this time of first rating. */
export const RATING_EDIT_WINDOW_MS = 24 * 3_600_000;

/** Until when the order's rating may still be changed; null when it can't be (none, already edited, reopened). */
export const ratingEditableUntil = (order: OrderDoc): number | null =>
  order.status === 'closed' && order.rating && !order.rating.editedAt ? order.rating.at + RATING_EDIT_WINDOW_MS : null;

/** The rater, within the window, on a closed order rated once. */
export const mayEditRating = (order: OrderDoc, viewer: { openid: string }, now: number): boolean => {
  const until = ratingEditableUntil(order);
  return until !== null && now < until && order.rating?.by === viewer.openid;
};
