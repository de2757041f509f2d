import type { VisitRepo } from '../../../domain/ports/orders';
import type { VisitDoc } from '../../../domain/scoring/follow-up';
import type { Db } from '../platform';
import { readAll } from './paging';
import { readDoc } from './sdk-results';

const isDuplicate = (error: unknown) => /duplicate/i.test(String((error as { errMsg?: string })?.errMsg ?? ''));

export const sdkVisitRepo = (db: Db): VisitRepo & {
  get(id: string): Promise<VisitDoc | undefined>;
  open(where: { assignee?: string; communityIds?: string[]; gridIds?: string[] }, dueBefore?: number): Promise<VisitDoc[]>;
  finish(id: string, patch: Pick<VisitDoc, 'outcome' | 'method' | 'note' | 'doneAt' | 'doneBy'>): Promise<boolean>;
} => {
  const _ = db.command;
  return {
    async create(visit) {
      try {
        await db.collection('visits').add({ data: visit });
      } catch (error) {
        if (!isDuplicate(error)) throw error;
      }
    },
    async get(id) {
      return readDoc<VisitDoc>(db, 'visits', id);
    },
    async open(where, dueBefore) {
      const who = [
        ...(where.assignee ? [{ assignee: where.assignee }] : []),
        ...(where.communityIds?.length ? [{ communityId: _.in(where.communityIds) }] : []),
        ...(where.gridIds?.length ? [{ gridId: _.in(where.gridIds) }] : []),
      ];
      if (who.length === 0) return [];
      const conditions: Record<string, unknown>[] = [{ status: 'open' }, _.or(who) as unknown as Record<string, unknown>];
      if (dueBefore !== undefined) conditions.push({ dueAt: _.lte(dueBefore) });
      return readAll<VisitDoc>(db.collection('visits').where(_.and(conditions)).orderBy('dueAt', 'asc'), 500);
    },
    async finish(id, patch) {
      const res = await db.collection('visits').where({ _id: id, status: 'open' }).update({ data: { ...patch, status: 'done' } });
      return (res as unknown as { stats: { updated: number } }).stats.updated === 1;
    },
  };
};
