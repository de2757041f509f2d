import { OPEN_STATES } from '../../../domain/model/order';
import type { OverdueOrder } from '../../../domain/scoring/dashboard';
import type { Db } from '../platform';
import { PAGE_SIZE } from './paging';
import { dataOf } from './sdk-results';

/** The order reads a dashboard makes: one indexed, limited query, never a scan. */
export const sdkDashboardRepo = (db: Db) => {
  const _ = db.command;
  return {
    /**
     * Open orders under `orgId` past the resident's promise (the 超时 box's definition), oldest
     * promise first, at most one page: `capped` says there may be more.
     */
    async overdueUnder(orgId: string, now: number): Promise<{ orders: OverdueOrder[]; capped: boolean }> {
      const res = await db
        .collection('orders')
        .where({ orgPath: orgId, status: _.in([...OPEN_STATES]), promiseDueAt: _.lte(now) })
        .orderBy('promiseDueAt', 'asc')
        .field({ place: true, promiseDueAt: true })
        .limit(PAGE_SIZE)
        .get();
      const orders = dataOf<OverdueOrder[]>(res);
      return { orders, capped: orders.length >= PAGE_SIZE };
    },
  };
};
