import { type DelegatedRole, type DelegationDoc, nextDelegated } from '../../../domain/org/delegation';
import type { DelegationRepo } from '../../../domain/org/delegate';
import type { UserDoc } from '../../../domain/model/roles';
import type { Db, Tx } from '../platform';
import { dataOf, readDoc } from './sdk-results';

type UserWithDelegated = UserDoc & { delegated?: DelegatedRole[] };

const txGet = async <T>(tx: Tx, collection: string, id: string): Promise<T | undefined> => {
  return readDoc<T>(tx, collection, id);
};

/** Delegations over the SDK: each change writes the delegation, the deputy's entries and the audit in one transaction. */
export const sdkDelegationRepo = (db: Db): DelegationRepo => ({
  async get(id) {
    return readDoc<DelegationDoc>(db, 'delegations', id);
  },
  async listByCommunity(communityId, limit) {
    return dataOf<DelegationDoc[]>(await db.collection('delegations').where({ communityId }).orderBy('createdAt', 'desc').limit(limit).get());
  },
  async create(doc, role, audit, now) {
    await db.runTransaction(async (tx: Tx) => {
      const current = await txGet<UserWithDelegated>(tx, 'users', doc.deputyOpenid);
      await tx.collection('delegations').add({ data: doc });
      await tx.collection('users').doc(doc.deputyOpenid).update({ data: { delegated: nextDelegated(current?.delegated, now, { add: role }) } });
      await tx.collection('audit').add({ data: audit });
    });
  },
  async revoke(id, decide, by, audit, now) {
    let revoked: DelegationDoc | undefined;
    await db.runTransaction(async (tx: Tx) => {
      const before = decide(await txGet<DelegationDoc>(tx, 'delegations', id));
      revoked = { ...before, revokedAt: now, revokedBy: by.openid, revokedByName: by.name };
      const deputy = await txGet<UserWithDelegated>(tx, 'users', before.deputyOpenid);
      await tx.collection('delegations').doc(before._id).update({ data: { revokedAt: now, revokedBy: by.openid, revokedByName: by.name } });
      if (deputy) await tx.collection('users').doc(deputy._id).update({ data: { delegated: nextDelegated(deputy.delegated, now, { remove: before._id }) } });
      await tx.collection('audit').add({ data: audit(revoked, before) });
    });
    return revoked as DelegationDoc;
  },
});
