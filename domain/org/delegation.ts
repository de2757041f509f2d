import { isSecretaryOf } from '../authz/grants';
import { z } from 'zod';
import { requireSeparate } from '../authz/duties';
import { DomainError, DEFAULT_MESSAGES } from '../model/envelope';
import type { OrgNode } from '../model/org';
import type { RoleGrant } from '../model/roles';
import { text } from '../model/text';
import { ID } from '../orders/api';

/**
 * 委托: a community secretary hands their duties (approvals, dispatch) to a deputy for a
 * date range. The deputy must already be staff of that community — a grid worker of one of
 * its grids, or another secretary there — and is never the secretary themselves. While it
 * runs, the deputy holds exactly the secretary grant for that community, nothing more; it
 * ends when its window closes or when it is revoked (by the secretary who made it, or a
 * street / district admin above the community), and then nothing of it is left on the
 * deputy. Both ends are audited.
 */
export interface DelegationDoc {
  _id: string;
  communityId: string;
  secretaryOpenid: string;
  secretaryName?: string;
  deputyOpenid: string;
  deputyName: string;
  from: number;
  to: number;
  reason: string;
  createdAt: number;
  revokedAt: number | null;
  revokedBy?: string | null;
  revokedByName?: string | null;
}

export const MAX_DELEGATION_DAYS = 31;

export const delegateInput = z.strictObject({
  communityId: ID,
  deputyOpenid: ID,
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  reason: text(2, 100),
});

export const revokeDelegationInput = z.strictObject({ id: ID });
export const delegationsInput = z.strictObject({ communityId: ID });

export const validateDelegation = (input: { from: number; to: number }, now: number): void => {
  if (input.to <= input.from) throw new DomainError('INVALID_ARGUMENT', '结束时间应晚于开始时间', { fields: [{ path: 'to', message: '结束时间应晚于开始时间' }] });
  if (input.to < now) throw new DomainError('INVALID_ARGUMENT', '委托已过期', { fields: [{ path: 'to', message: '委托已过期' }] });
  if (input.to - input.from > MAX_DELEGATION_DAYS * 86_400_000) {
    throw new DomainError('INVALID_ARGUMENT', `委托最长${MAX_DELEGATION_DAYS}天`, { fields: [{ path: 'to', message: `委托最长${MAX_DELEGATION_DAYS}天` }] });
  }
};

export const NOT_COMMUNITY_STAFF = '代理人须是本社区的网格员或书记';

/**
 * The deputy must be staff of the community by their own roles (delegated grants do not
 * count: a deputy cannot pass the duty on). `deputyNodes` are the org nodes of the deputy's
 * own grants. An unknown person gets the same answer as an outsider (nothing is revealed
 * about who exists).
 */
export const requireEligibleDeputy = (
  actor: string,
  communityId: string,
  deputy: { _id: string; roles: readonly RoleGrant[] } | undefined,
  deputyNodes: readonly OrgNode[],
): void => {
  if (deputy) requireSeparate('delegate', actor, [deputy._id]);
  const byId = new Map(deputyNodes.map((n) => [n._id, n]));
  const staff =
    !!deputy &&
    deputy.roles.some((g) => {
      if (g.role === 'secretary') return g.orgId === communityId;
      if (g.role !== 'grid_worker') return false;
      const grid = byId.get(g.orgId);
      return !!grid && grid.type === 'grid' && grid.parentId === communityId && grid.path.includes(communityId);
    });
  if (!staff) throw new DomainError('FORBIDDEN', NOT_COMMUNITY_STAFF, { fields: [{ path: 'deputyOpenid', message: NOT_COMMUNITY_STAFF }] });
};

/** The delegating secretary must hold the secretary role of the community themselves (not by delegation). */
export const requireOwnSecretaryRole = (storedRoles: readonly RoleGrant[] | undefined, communityId: string): void => {
  if (!isSecretaryOf(storedRoles, communityId)) throw new DomainError('FORBIDDEN', '只能委托自己所在社区的职责');
};

export type DelegationStatus = 'scheduled' | 'active' | 'ended' | 'revoked';

export const delegationStatus = (d: Pick<DelegationDoc, 'from' | 'to' | 'revokedAt'>, now: number): DelegationStatus =>
  d.revokedAt != null ? 'revoked' : now > d.to ? 'ended' : now < d.from ? 'scheduled' : 'active';

export const DELEGATION_STATUS_LABELS: Readonly<Record<DelegationStatus, string>> = {
  scheduled: '未开始',
  active: '生效中',
  ended: '已到期',
  revoked: '已撤销',
};

/** Who may revoke: the secretary who delegated, or a street / district admin whose area holds the community. */
export const mayRevoke = (actor: string, grants: readonly RoleGrant[], delegation: Pick<DelegationDoc, 'secretaryOpenid'>, community: Pick<OrgNode, '_id' | 'path'>): boolean =>
  actor === delegation.secretaryOpenid ||
  grants.some((g) => (g.role === 'street_admin' || g.role === 'district_admin') && (g.orgId === community._id || community.path.includes(g.orgId)));

/**
 * Checks a revocation: someone who may not revoke learns nothing (NOT_FOUND, as for an id
 * that does not exist); a revoked or ended delegation cannot be revoked again.
 */
export const requireRevocable = (
  actor: string,
  grants: readonly RoleGrant[],
  delegation: DelegationDoc | undefined,
  community: Pick<OrgNode, '_id' | 'path'> | undefined,
  now: number,
): DelegationDoc => {
  if (!delegation || !community || !mayRevoke(actor, grants, delegation, community)) throw new DomainError('NOT_FOUND', DEFAULT_MESSAGES.NOT_FOUND);
  const status = delegationStatus(delegation, now);
  if (status === 'revoked') throw new DomainError('FAILED_PRECONDITION', '该委托已撤销');
  if (status === 'ended') throw new DomainError('FAILED_PRECONDITION', '该委托已到期结束，无需撤销');
  return delegation;
};

/** What the deputy's user document carries while a delegation may still run (read per call by the dispatcher). */
export interface DelegatedRole {
  role: 'secretary';
  orgId: string;
  from: number;
  to: number;
  delegationId: string;
}

/**
 * The grants a person holds right now through delegations to them: only the secretary grant
 * of the delegated community, only inside the window.
 */
export const delegatedGrants = (delegated: readonly DelegatedRole[] | undefined, now: number): RoleGrant[] =>
  (delegated ?? [])
    .filter((d) => d && d.role === 'secretary' && typeof d.orgId === 'string' && d.from <= now && now <= d.to)
    .map((d) => ({ role: 'secretary' as const, orgId: d.orgId }));

/** The deputy's entries after a change: ended ones and the revoked one are dropped, `added` appended. */
export const nextDelegated = (
  current: readonly DelegatedRole[] | undefined,
  now: number,
  change: { add?: DelegatedRole; remove?: string },
): DelegatedRole[] => [
  ...(current ?? []).filter((d) => d.to >= now && d.delegationId !== change.remove),
  ...(change.add ? [change.add] : []),
];

export interface DelegationView {
  id: string;
  communityId: string;
  secretaryName: string;
  deputyName: string;
  from: number;
  to: number;
  reason: string;
  createdAt: number;
  status: DelegationStatus;
  statusLabel: string;
  revokedAt: number | null;
  revokedByName: string | null;
  /** The caller may revoke it now. */
  canRevoke: boolean;
}

export const delegationView = (d: DelegationDoc, now: number, actor: string, grants: readonly RoleGrant[], community: Pick<OrgNode, '_id' | 'path'>): DelegationView => {
  const status = delegationStatus(d, now);
  return {
    id: d._id,
    communityId: d.communityId,
    secretaryName: d.secretaryName ?? '书记',
    deputyName: d.deputyName,
    from: d.from,
    to: d.to,
    reason: d.reason,
    createdAt: d.createdAt,
    status,
    statusLabel: DELEGATION_STATUS_LABELS[status],
    revokedAt: d.revokedAt ?? null,
    revokedByName: d.revokedByName ?? null,
    canRevoke: (status === 'active' || status === 'scheduled') && mayRevoke(actor, grants, d, community),
  };
};

export interface DeputyCandidateView {
  openid: string;
  name: string;
  roleLabel: string;
  orgName: string;
}

export interface DelegationsView {
  communityId: string;
  communityName: string;
  /** The caller may delegate here (holds the community's secretary role themselves). */
  canDelegate: boolean;
  candidates: DeputyCandidateView[];
  delegations: DelegationView[];
}
