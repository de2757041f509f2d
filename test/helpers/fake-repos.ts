import type { OrgNode } from '../../domain/model/org';
import type { UserDoc } from '../../domain/model/roles';
import type { OrgRepo, UserRepo } from '../../domain/ports/repos';
import type { AuditDoc } from '../../domain/org/config';
import type { DelegationRepo } from '../../domain/org/delegate';
import { type DelegatedRole, type DelegationDoc, nextDelegated } from '../../domain/org/delegation';

/** In-memory adapters of the repository ports, for use-case unit tests. */
export const fakeOrgRepo = (nodes: readonly OrgNode[]): OrgRepo & { reads: number } => {
  const byId = new Map(nodes.map((n) => [n._id, n]));
  const repo = {
    reads: 0,
    async get(id: string) {
      repo.reads++;
      return byId.get(id);
    },
    async getMany(ids: readonly string[]) {
      repo.reads++;
      return ids.map((id) => byId.get(id)).filter((n): n is OrgNode => n !== undefined);
    },
    async descendants(rootId: string, maxDepth: number, cap: number) {
      repo.reads++;
      return nodes.filter((n) => n.path.includes(rootId) && n.depth <= maxDepth).slice(0, cap);
    },
  };
  return repo;
};

export const fakeUserRepo = (users: readonly UserDoc[]): UserRepo => {
  const byId = new Map(users.map((u) => [u._id, u]));
  return { get: async (openid) => byId.get(openid) };
};

/** Delegations in memory, with the deputy's `delegated` entries and the audit entries beside them. */
export const fakeDelegationRepo = (): DelegationRepo & { docs: Map<string, DelegationDoc>; delegated: Map<string, DelegatedRole[]>; audit: AuditDoc[] } => {
  const docs = new Map<string, DelegationDoc>();
  const delegated = new Map<string, DelegatedRole[]>();
  const audit: AuditDoc[] = [];
  return {
    docs,
    delegated,
    audit,
    get: async (id) => docs.get(id),
    listByCommunity: async (communityId, limit) => [...docs.values()].filter((d) => d.communityId === communityId).sort((a, b) => b.createdAt - a.createdAt).slice(0, limit),
    async create(doc, role, entry, now) {
      docs.set(doc._id, doc);
      delegated.set(doc.deputyOpenid, nextDelegated(delegated.get(doc.deputyOpenid), now, { add: role }));
      audit.push(entry);
    },
    async revoke(id, decide, by, entry, now) {
      const before = decide(docs.get(id));
      const revoked = { ...before, revokedAt: now, revokedBy: by.openid, revokedByName: by.name };
      docs.set(id, revoked);
      delegated.set(before.deputyOpenid, nextDelegated(delegated.get(before.deputyOpenid), now, { remove: id }));
      audit.push(entry(revoked, before));
      return revoked;
    },
  };
};
