import type { AuditDoc } from './config';
import {
  type DelegatedRole,
  type DelegationDoc,
  requireEligibleDeputy,
  requireOwnSecretaryRole,
  requireRevocable,
  validateDelegation,
} from './delegation';
import type { RoleGrant } from '../model/roles';
import type { OrgNode } from '../model/org';
import type { Clock } from '../ports/clock';
import type { IdGen } from '../ports/ids';
import type { OrgRepo, UserRepo } from '../ports/repos';

/** Delegations as the use cases need them; each change is one transaction in the adapter. */
export interface DelegationRepo {
  get(id: string): Promise<DelegationDoc | undefined>;
  listByCommunity(communityId: string, limit: number): Promise<DelegationDoc[]>;
  /** Stores the delegation, adds the role to the deputy's `delegated` entries and appends the audit entry, together. */
  create(doc: DelegationDoc, role: DelegatedRole, audit: AuditDoc, now: number): Promise<void>;
  /**
   * Re-reads the delegation inside the transaction, lets `decide` judge it (it throws when it may
   * no longer be revoked), marks it revoked, drops it from the deputy's entries and appends the audit.
   */
  revoke(id: string, decide: (current: DelegationDoc | undefined) => DelegationDoc, by: { openid: string; name: string }, audit: (revoked: DelegationDoc, before: DelegationDoc) => AuditDoc, now: number): Promise<DelegationDoc>;
}

export interface DelegationDeps {
  delegations: DelegationRepo;
  users: UserRepo;
  orgs: OrgRepo;
  clock: Clock;
  ids: IdGen;
}

export interface DelegationActor {
  openid: string;
  name: string;
  grants: readonly RoleGrant[];
}

const auditEntry = (deps: DelegationDeps, actor: DelegationActor, at: number, action: string, doc: DelegationDoc, before: DelegationDoc | null): AuditDoc => ({
  _id: deps.ids.next('aud'),
  at,
  by: actor.openid,
  action,
  target: `delegations/${doc._id}`,
  before,
  after: doc,
});

/**
 * 委托: a secretary (by her own post, never by a delegation) hands the community's duties to a
 * deputy who is already its staff, for at most 31 days; audited. Nobody delegates to themselves.
 */
export const delegate = async (
  deps: DelegationDeps,
  actor: DelegationActor,
  input: { communityId: string; deputyOpenid: string; from: number; to: number; reason: string },
): Promise<DelegationDoc> => {
  const stored = await deps.users.get(actor.openid);
  requireOwnSecretaryRole(stored?.roles, input.communityId);
  const now = deps.clock.now();
  validateDelegation(input, now);
  const deputy = input.deputyOpenid === actor.openid ? stored : await deps.users.get(input.deputyOpenid);
  const deputyNodes = deputy ? await deps.orgs.getMany(deputy.roles.filter((g) => g.role === 'grid_worker').map((g) => g.orgId)) : [];
  requireEligibleDeputy(actor.openid, input.communityId, deputy, deputyNodes);
  const eligible = deputy as NonNullable<typeof deputy>;
  const doc: DelegationDoc = {
    _id: deps.ids.next('dlg'),
    communityId: input.communityId,
    secretaryOpenid: actor.openid,
    secretaryName: actor.name,
    deputyOpenid: eligible._id,
    deputyName: eligible.name,
    from: input.from,
    to: input.to,
    reason: input.reason,
    createdAt: now,
    revokedAt: null,
    revokedBy: null,
    revokedByName: null,
  };
  const role: DelegatedRole = { role: 'secretary', orgId: doc.communityId, from: doc.from, to: doc.to, delegationId: doc._id };
  await deps.delegations.create(doc, role, auditEntry(deps, actor, now, 'delegate', doc, null), now);
  return doc;
};

/** 撤销委托: by the secretary who delegated or an admin above the community; the deputy's grant goes at once (audited). */
export const revokeDelegation = async (deps: DelegationDeps, actor: DelegationActor, id: string): Promise<{ revoked: DelegationDoc; community: OrgNode }> => {
  const now = deps.clock.now();
  const found = await deps.delegations.get(id);
  const community = found ? await deps.orgs.get(found.communityId) : undefined;
  requireRevocable(actor.openid, actor.grants, found, community, now);
  const revoked = await deps.delegations.revoke(
    id,
    (current) => requireRevocable(actor.openid, actor.grants, current, community, now),
    { openid: actor.openid, name: actor.name },
    (after, before) => auditEntry(deps, actor, now, 'revokeDelegation', after, before),
    now,
  );
  return { revoked, community: community as OrgNode };
};
