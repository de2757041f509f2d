import type { Role, RoleGrant } from '../model/roles';

/**
 * The authorization matrix as data: for every action, which roles may call it and
 * how the target must relate to the role's org scope. Every cloud function action
 * consults this table through `authorize`; no handler decides on its own.
 *
 * scope:
 *  - 'self'     the caller acts on their own data only (no org target)
 *  - 'subtree'  the target org node must lie within the grant's org node subtree
 */
export type ScopeRule = 'self' | 'subtree';

export interface ActionPolicy {
  /** Roles that may call the action; 'authenticated' = any caller with an OPENID, even without roles. */
  roles: readonly Role[] | 'authenticated';
  scope: ScopeRule;
}

export const STAFF_ROLES: readonly Role[] = [
  'grid_worker',
  'secretary',
  'street_admin',
  'department_officer',
  'district_admin',
];

export const ALL_ROLES: readonly Role[] = ['resident', 'volunteer', ...STAFF_ROLES];

export const POLICY = {
  'org.whoami': { roles: 'authenticated', scope: 'self' },
  'org.tree': { roles: ALL_ROLES, scope: 'subtree' },
  'sweep.run': { roles: ['district_admin'], scope: 'self' },
} as const satisfies Record<string, ActionPolicy>;

export type ActionId = keyof typeof POLICY;

/** A target located in the org tree: its own id and its ancestors (root first). */
export interface OrgTarget {
  orgId: string;
  path: readonly string[];
}

export type AuthzDecision =
  | { allowed: true; grants: RoleGrant[] }
  | { allowed: false; reason: 'no_role' | 'out_of_scope' };

const inScope = (grant: RoleGrant, target: OrgTarget): boolean =>
  target.orgId === grant.orgId || target.path.includes(grant.orgId);

/**
 * Decide whether a caller holding `grants` may perform `action` (optionally on `target`).
 * Returns the grants that justify the decision, so callers can narrow what they show.
 */
export const authorize = (
  action: ActionId,
  grants: readonly RoleGrant[],
  target?: OrgTarget,
): AuthzDecision => {
  const policy: ActionPolicy = POLICY[action];
  const eligible =
    policy.roles === 'authenticated' ? [...grants] : grants.filter((g) => (policy.roles as readonly Role[]).includes(g.role));
  if (policy.roles !== 'authenticated' && eligible.length === 0) return { allowed: false, reason: 'no_role' };
  if (policy.scope === 'self' || target === undefined) return { allowed: true, grants: eligible };
  const matching = eligible.filter((g) => inScope(g, target));
  return matching.length > 0 ? { allowed: true, grants: matching } : { allowed: false, reason: 'out_of_scope' };
};
