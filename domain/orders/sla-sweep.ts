import { DomainError } from '../model/envelope';
import type { OrdersDeps } from './deps';
import { sweepOrder } from './escalation';
import { closeUnrated } from './visits';
import { ratingOpensAt, unratedDeadline } from '../scoring/follow-up';
import { HANDLING_STATES } from '../model/order';
import { returnWishToWall, WISH_CLAIM_EXPIRY_MS } from './steps/claim';

/** How many due orders one sweep handles; the rest wait for the next minute. */
export const SWEEP_BATCH = 500;

/**
 * The SLA sweep task: orders found through the `wakeAt` index (cost grows with the due
 * orders, not the open ones). An order someone else changed meanwhile is skipped: the
 * next sweep sees its new state.
 */
export const sweepSla = async (
  deps: OrdersDeps,
  now: number,
): Promise<{ processed: number; escalated: number; reminded: number; closedUnrated: number; wishesReturned: number }> => {
  const due = await deps.orders.due(now, SWEEP_BATCH);
  let escalated = 0;
  let reminded = 0;
  let closedUnrated = 0;
  let wishesReturned = 0;
  for (const order of due) {
    try {
      const wishExpired = order.kind === 'wish' && HANDLING_STATES.includes(order.status) && !!order.claimedAt && now >= order.claimedAt + WISH_CLAIM_EXPIRY_MS;
      const outcome = wishExpired
        ? (await returnWishToWall(deps, order), 'returned')
        : order.status === 'resolved' && order.resolvedAt && now >= unratedDeadline(ratingOpensAt(order))
          ? (await closeUnrated(deps, order), 'closed')
          : await sweepOrder(deps, order, now);
      if (outcome === 'escalated') escalated++;
      if (outcome === 'reminded') reminded++;
      if (outcome === 'closed') closedUnrated++;
      if (outcome === 'returned') wishesReturned++;
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'CONFLICT' || error.code === 'FAILED_PRECONDITION')) continue;
      throw error;
    }
  }
  return { processed: escalated + reminded + closedUnrated + wishesReturned, escalated, reminded, closedUnrated, wishesReturned };
};
