import type { NotificationDoc } from '../../../domain/org/inbox';
import type { Db } from '../platform';
import { dataOf } from './sdk-results';

const encode = (n: Pick<NotificationDoc, 'at' | '_id'>) => Buffer.from(`${n.at}|${n._id}`).toString('base64url');
const decode = (cursor: string): { at: number; id: string } | undefined => {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  return /^\d{1,15}$/.test(at ?? '') && /^[A-Za-z0-9_-]{1,64}$/.test(id ?? '') ? { at: Number(at), id } : undefined;
};

/** A person's notifications, newest first, cursor-paginated; only ever their own. */
export const sdkInboxRepo = (db: Db) => {
  const _ = db.command;
  return {
    cursorOf: encode,
    async page(openid: string, limit: number, cursor?: string): Promise<NotificationDoc[]> {
      const after = cursor ? decode(cursor) : undefined;
      const where = after
        ? _.and([{ to: openid }, _.or([{ at: _.lt(after.at) }, { at: after.at, _id: _.lt(after.id) }])])
        : { to: openid };
      return dataOf<NotificationDoc[]>(await db.collection('notifications').where(where).orderBy('at', 'desc').orderBy('_id', 'desc').limit(limit).get());
    },
    async unread(openid: string): Promise<number> {
      return ((await db.collection('notifications').where({ to: openid, read: false }).count()) as unknown as { total: number }).total;
    },
    async markRead(openid: string, ids: string[] | 'all'): Promise<number> {
      const where = ids === 'all' ? { to: openid, read: false } : { to: openid, read: false, _id: _.in(ids) };
      return ((await db.collection('notifications').where(where).update({ data: { read: true } })) as unknown as { stats: { updated: number } }).stats.updated;
    },
  };
};
