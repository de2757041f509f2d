import { type ClosedOrder, type OrderServiceDoc, recordOrderService } from '../../../domain/checkins/order-services';
import type { CompletedOrder } from '../../../domain/points/earning';
import { creditCompletedOrder } from '../../../domain/points/rewards';
import type { Clock } from '../../../domain/ports/clock';
import type { IdGen } from '../../../domain/ports/ids';
import type { Db } from '../platform';
import { sdkCheckinsDeps } from './checkin-deps';

/**
 * For the orders side: credit the handler of a just-closed order (a fulfilled 微心愿…)
 * with points by the earning rules. Idempotent per order (ledger tx `ltx-order-<orderId>`),
 * so calling it again on a retry or a re-close credits nothing more. Null = nothing to
 * credit (no rule for the kind, handler not an active registered volunteer of the
 * order's community, order not closed).
 */
export const creditOrderPoints = (
  db: Db,
  clock: Clock,
  ids: IdGen,
  order: CompletedOrder & { no?: string; description?: string },
): Promise<{ txId: string; points: number; replayed: boolean } | null> => creditCompletedOrder(sdkCheckinsDeps(db, clock, ids), order);

/** The closed order as one service of its handler, when they are a registered member there (with the points it paid). */
export const recordClosedOrderService = (db: Db, clock: Clock, ids: IdGen, order: ClosedOrder, points: number): Promise<OrderServiceDoc | null> =>
  recordOrderService(sdkCheckinsDeps(db, clock, ids), order, points);
