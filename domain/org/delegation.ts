import { z } from 'zod';
import { DomainError } from '../model/envelope';
import type { RoleGrant } from '../model/roles';
import { ID } from '../orders/api';

/**
 * 委托: a community secretary hands their duties (approvals, dispatch) to a deputy for a
 * date range. While it runs, the deputy holds the secretary grant for that community; the
 * delegation itself is audited.
 */
export interface DelegationDoc {
  _id: string;
  communityId: string;
  secretaryOpenid: string;
  deputyOpenid: string;
  deputyName: string;
  from: number;
  to: number;
  reason: string;
  createdAt: number;
  revokedAt: number | null;
}

export const MAX_DELEGATION_DAYS = 31;

export const delegateInput = z.strictObject({
  communityId: ID,
  deputyOpenid: ID,
  from: z.number().int().min(0),
  to: z.number().int().min(0),
  reason: z.string().trim().min(2).max(100),
});

export const validateDelegation = (input: { from: number; to: number }, now: number): void => {
  if (input.to <= input.from) throw new DomainError('INVALID_ARGUMENT', '结束时间应晚于开始时间', { fields: [{ path: 'to', message: '结束时间应晚于开始时间' }] });
  if (input.to < now) throw new DomainError('INVALID_ARGUMENT', '委托已过期', { fields: [{ path: 'to', message: '委托已过期' }] });
  if (input.to - input.from > MAX_DELEGATION_DAYS * 86_400_000) {
    throw new DomainError('INVALID_ARGUMENT', `委托最长${MAX_DELEGATION_DAYS}天`, { fields: [{ path: 'to', message: `委托最长${MAX_DELEGATION_DAYS}天` }] });
  }
};

/** What the deputy's user document carries while a delegation may still run (no extra read per call). */
export interface DelegatedRole {
  role: 'secretary';
  orgId: string;
  from: number;
  to: number;
  delegationId: string;
}

/** The grants a person holds right now through delegations to them. */
export const delegatedGrants = (delegated: readonly DelegatedRole[] | undefined, now: number): RoleGrant[] =>
  (delegated ?? []).filter((d) => d.from <= now && now <= d.to).map((d) => ({ role: d.role, orgId: d.orgId }));
