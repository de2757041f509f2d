import type { OrderDoc } from '../../../domain/model/order';
import type { VisitDoc } from '../../../domain/scoring/follow-up';
import type { Db } from '../platform';
import { dataOf } from './sdk-results';

/**
 * Period reads for evidence and exports, oldest first, one bounded page per call with a
 * (time, _id) cursor: orders of a node by `orgPath` (or a department by `assignee.orgId`)
 * and `submittedAt`; return visits of communities by `communityId` and `createdAt`.
 */
export interface PeriodPage {
  fromMs: number;
  toMs: number;
  after?: { at: number; id: string };
  limit: number;
}

export type OrderScope = { orgPath: string } | { departmentId: string };

const MAX_PAGE = 1000;

export const sdkReportRepo = (db: Db) => {
  const _ = db.command;
  const window = (field: string, page: Pick<PeriodPage, 'fromMs' | 'toMs' | 'after'>): Record<string, unknown>[] => [
    { [field]: _.gte(page.fromMs).and(_.lt(page.toMs)) },
    ...(page.after
      ? [_.or([{ [field]: _.gt(page.after.at) }, { [field]: page.after.at, _id: _.gt(page.after.id) }]) as unknown as Record<string, unknown>]
      : []),
  ];
  return {
    async orders(scope: OrderScope, page: PeriodPage): Promise<OrderDoc[]> {
      const where = _.and([scope, ...window('submittedAt', page)]);
      return dataOf<OrderDoc[]>(
        await db.collection('orders').where(where).orderBy('submittedAt', 'asc').orderBy('_id', 'asc').limit(Math.min(page.limit, MAX_PAGE)).get(),
      );
    },
    async countOrders(scope: OrderScope, page: Pick<PeriodPage, 'fromMs' | 'toMs'>): Promise<number> {
      const res = (await db.collection('orders').where(_.and([scope, ...window('submittedAt', page)])).count()) as unknown as { total: number };
      return res.total;
    },
    async visits(communityIds: readonly string[], page: PeriodPage): Promise<VisitDoc[]> {
      if (communityIds.length === 0) return [];
      const where = _.and([{ communityId: _.in([...communityIds]) }, ...window('createdAt', page)]);
      return dataOf<VisitDoc[]>(
        await db.collection('visits').where(where).orderBy('createdAt', 'asc').orderBy('_id', 'asc').limit(Math.min(page.limit, MAX_PAGE)).get(),
      );
    },
    async countVisits(communityIds: readonly string[], page: Pick<PeriodPage, 'fromMs' | 'toMs'>): Promise<number> {
      if (communityIds.length === 0) return 0;
      const res = (await db.collection('visits').where(_.and([{ communityId: _.in([...communityIds]) }, ...window('createdAt', page)])).count()) as unknown as { total: number };
      return res.total;
    },
  };
};
