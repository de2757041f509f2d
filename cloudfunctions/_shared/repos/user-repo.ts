import type { UserDoc } from '../../../domain/model/roles';
import type { UserRepo } from '../../../domain/ports/repos';
import type { Db } from '../platform';
import { dataOf, readDoc } from './sdk-results';

export const sdkUserRepo = (db: Db): UserRepo => ({
  async get(openid) {
    return readDoc<UserDoc>(db, 'users', openid);
  },
});

/** Names and phones of residents and handlers, for the visitor who must call them. */
export const contactsOf = async (db: Db, ids: readonly string[]): Promise<Map<string, { name: string; phone?: string }>> => {
  const _ = db.command;
  const unique = [...new Set(ids)];
  const out = new Map<string, { name: string; phone?: string }>();
  for (let i = 0; i < unique.length; i += 100) {
    const users = dataOf<{ _id: string; name: string; phone?: string }[]>(
      await db.collection('users').where({ _id: _.in(unique.slice(i, i + 100)) }).field({ _id: true, name: true, phone: true }).limit(100).get(),
    );
    for (const u of users) out.set(u._id, { name: u.name, ...(u.phone ? { phone: u.phone } : {}) });
  }
  return out;
};
