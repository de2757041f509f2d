import type { Role, RoleGrant } from '../model/roles';
import { DISPATCHER_ROLES } from './grants';

/**
 * The authorization matrix as data: for every action, which roles may call it and
 * how the target must relate to the role's org scope. Every cloud function action
 * consults this table through `authorize`; no handler decides on its own.
 *
 * scope:
 *  - 'self'     the caller acts on their own data only (no org target)
 *  - 'subtree'  the target org node must lie within the grant's org node subtree
 *  - 'related'  the caller must be personally related to the target (filer, handler, assignee, candidate)
 *  - 'related_or_subtree'  either of the two above
 */
export type ScopeRule = 'self' | 'subtree' | 'related' | 'related_or_subtree';

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

/** Who may take and handle orders (volunteers only through the wish wall / a broadcast). */
export const HANDLER_ROLES: readonly Role[] = [...STAFF_ROLES, 'volunteer'];
export { DISPATCHER_ROLES };

export const POLICY = {
  'org.whoami': { roles: 'authenticated', scope: 'self' },
  'org.tree': { roles: ALL_ROLES, scope: 'subtree' },
  'org.resolveScene': { roles: 'authenticated', scope: 'self' },
  'org.categories': { roles: 'authenticated', scope: 'self' },
  'org.qrcode': { roles: DISPATCHER_ROLES, scope: 'subtree' },
  'org.handlers': { roles: DISPATCHER_ROLES, scope: 'subtree' },
  'org.delegate': { roles: ['secretary'], scope: 'self' },
  /** Revoke a delegation: the delegating secretary, or a street / district admin above the community (checked on the delegation). */
  'org.revokeDelegation': { roles: ['secretary', 'street_admin', 'district_admin'], scope: 'subtree' },
  /** A community's delegations and the staff its secretary may choose as deputy. */
  'org.delegations': { roles: ['secretary', 'street_admin', 'district_admin'], scope: 'subtree' },
  'org.config': { roles: ['district_admin'], scope: 'self' },
  'org.saveRule': { roles: ['district_admin'], scope: 'self' },
  'org.saveSlaPolicy': { roles: ['district_admin'], scope: 'self' },
  'org.inbox': { roles: 'authenticated', scope: 'self' },
  'org.markRead': { roles: 'authenticated', scope: 'self' },
  'orders.submit': { roles: 'authenticated', scope: 'self' },
  'orders.list': { roles: 'authenticated', scope: 'self' },
  'orders.get': { roles: STAFF_ROLES, scope: 'related_or_subtree' },
  'orders.timeline': { roles: STAFF_ROLES, scope: 'related_or_subtree' },
  'orders.claim': { roles: HANDLER_ROLES, scope: 'related_or_subtree' },
  'orders.bounce': { roles: HANDLER_ROLES, scope: 'related' },
  'orders.start': { roles: HANDLER_ROLES, scope: 'related' },
  'orders.resolve': { roles: HANDLER_ROLES, scope: 'related' },
  'orders.requestInfo': { roles: HANDLER_ROLES, scope: 'related' },
  'orders.contact': { roles: HANDLER_ROLES, scope: 'related' },
  'orders.addNote': { roles: HANDLER_ROLES, scope: 'related_or_subtree' },
  'orders.reply': { roles: 'authenticated', scope: 'related' },
  'orders.rate': { roles: 'authenticated', scope: 'related' },
  'orders.editRating': { roles: 'authenticated', scope: 'related' },
  'orders.cancel': { roles: 'authenticated', scope: 'related' },
  'orders.merge': { roles: DISPATCHER_ROLES, scope: 'subtree' },
  /** 验收 of a patrol order: the community's secretary or a worker of its grid (never its handler or reporter). */
  'orders.verify': { roles: ['grid_worker', 'secretary'], scope: 'subtree' },
  'orders.escalate': { roles: HANDLER_ROLES, scope: 'related_or_subtree' },
  'orders.approve': { roles: DISPATCHER_ROLES, scope: 'subtree' },
  'orders.reject': { roles: DISPATCHER_ROLES, scope: 'subtree' },
  /** Batch approval: each order is then judged by the 'orders.approve' row. */
  'orders.approveMany': { roles: DISPATCHER_ROLES, scope: 'self' },
  'orders.dispatch': { roles: DISPATCHER_ROLES, scope: 'subtree' },
  'scoring.scores': { roles: STAFF_ROLES, scope: 'subtree' },
  'scoring.ranking': { roles: STAFF_ROLES, scope: 'subtree' },
  'scoring.visits': { roles: ['grid_worker', 'secretary'], scope: 'self' },
  /** The visit's own rule (its visitor, or the community's secretary / the grid's worker) is checked on the visit. */
  'scoring.recordVisit': { roles: ['grid_worker', 'secretary'], scope: 'self' },
  /** Dashboard of a node: its numbers, its children side by side, weekly trend, top categories, overdue list. */
  'scoring.dashboard': { roles: STAFF_ROLES, scope: 'subtree' },
  /** The orders behind one number of a node's scores (paged). */
  'scoring.evidence': { roles: STAFF_ROLES, scope: 'subtree' },
  /** Streamed exports (orders / ratings / visits) of a subtree and period, one page per call. */
  'scoring.export': { roles: DISPATCHER_ROLES, scope: 'subtree' },
  /** 半年一评议: the district admin opens a period and freezes the snapshot. */
  'scoring.openReview': { roles: ['district_admin'], scope: 'subtree' },
  'scoring.reviews': { roles: ['secretary', 'street_admin', 'district_admin'], scope: 'subtree' },
  'scoring.review': { roles: ['secretary', 'street_admin', 'district_admin'], scope: 'subtree' },
  /** The street admin's comment on one community's frozen row. */
  'scoring.commentReview': { roles: ['street_admin'], scope: 'subtree' },
  'sweep.run': { roles: ['district_admin'], scope: 'self' },
  // Volunteer check-ins (issue 6). Volunteer-facing actions are 'authenticated': the member's 双报到
  // registration (pending / suspended / none) is the state that admits them, checked in the use case so
  // the refusal can say exactly why; management actions are scoped to the registration's / station's community.
  'checkins.register': { roles: 'authenticated', scope: 'self' },
  'checkins.me': { roles: 'authenticated', scope: 'self' },
  'checkins.registrations': { roles: DISPATCHER_ROLES, scope: 'subtree' },
  'checkins.approve': { roles: ['secretary'], scope: 'subtree' },
  'checkins.reject': { roles: ['secretary'], scope: 'subtree' },
  'checkins.suspend': { roles: ['secretary'], scope: 'subtree' },
  'checkins.reinstate': { roles: ['secretary'], scope: 'subtree' },
  'checkins.markMoved': { roles: ['secretary'], scope: 'subtree' },
  'checkins.monthlyReport': { roles: DISPATCHER_ROLES, scope: 'subtree' },
  'checkins.stations': { roles: 'authenticated', scope: 'self' },
  'checkins.shifts': { roles: ['volunteer', ...DISPATCHER_ROLES], scope: 'subtree' },
  'checkins.signUp': { roles: 'authenticated', scope: 'self' },
  'checkins.cancelSignUp': { roles: 'authenticated', scope: 'self' },
  'checkins.duty': { roles: DISPATCHER_ROLES, scope: 'subtree' },
  'checkins.planShifts': { roles: ['secretary'], scope: 'subtree' },
  /** The duty screen: the secretary or a station keeper she named, never someone on that day's rota (decided in domain/checkins). */
  'checkins.stationToken': { roles: 'authenticated', scope: 'self' },
  /** 站点管理员 of a station: granted and revoked by the community's secretary (audited; listed in checkins.duty). */
  'checkins.setKeeper': { roles: ['secretary'], scope: 'subtree' },
  'checkins.stationPoster': { roles: DISPATCHER_ROLES, scope: 'subtree' },
  'checkins.checkIn': { roles: 'authenticated', scope: 'self' },
  'checkins.checkOut': { roles: 'authenticated', scope: 'self' },
  'checkins.sessions': { roles: DISPATCHER_ROLES, scope: 'subtree' },
  'checkins.confirmSession': { roles: ['secretary'], scope: 'subtree' },
  'checkins.points': { roles: 'authenticated', scope: 'self' },
  'checkins.rewards': { roles: 'authenticated', scope: 'self' },
  'checkins.redeem': { roles: 'authenticated', scope: 'self' },
  'checkins.redemptions': { roles: DISPATCHER_ROLES, scope: 'subtree' },
  'checkins.approveRedemption': { roles: ['secretary'], scope: 'subtree' },
  'checkins.rejectRedemption': { roles: ['secretary'], scope: 'subtree' },
  'checkins.adjustPoints': { roles: ['secretary'], scope: 'subtree' },
} as const satisfies Record<string, ActionPolicy>;

export type ActionId = keyof typeof POLICY;

/** A target located in the org tree: its own id and its ancestors (root first). */
export interface OrgTarget {
  orgId: string;
  path: readonly string[];
  /** Other nodes that hold the target too (e.g. the department whose queue it sits in). */
  alsoUnder?: readonly string[];
  /** People personally related to it (filer, resident, handler, assignee, broadcast candidates). */
  related?: readonly string[];
  /** Roles admitted by subtree for this target only (volunteers for a wish-wall order). */
  openTo?: readonly Role[];
}

export type AuthzDecision =
  | { allowed: true; grants: RoleGrant[] }
  | { allowed: false; reason: 'no_role' | 'out_of_scope' };

const inScope = (grant: RoleGrant, target: OrgTarget): boolean =>
  target.orgId === grant.orgId || target.path.includes(grant.orgId) || (target.alsoUnder ?? []).includes(grant.orgId);

/**
 * Decide whether a caller holding `grants` may perform `action` (optionally on `target`).
 * Returns the grants that justify the decision, so callers can narrow what they show.
 */
export const authorize = (
  action: ActionId,
  grants: readonly RoleGrant[],
  target?: OrgTarget,
  openid?: string,
): AuthzDecision => {
  const policy: ActionPolicy = POLICY[action];
  const roles = policy.roles === 'authenticated' ? undefined : [...policy.roles, ...(target?.openTo ?? [])];
  const eligible = roles === undefined ? [...grants] : grants.filter((g) => roles.includes(g.role));
  const related = openid !== undefined && target !== undefined && (target.related ?? []).includes(openid);
  if (policy.scope === 'related' || policy.scope === 'related_or_subtree') {
    if (related) return { allowed: true, grants: eligible };
    if (policy.scope === 'related') return { allowed: false, reason: target ? 'out_of_scope' : 'no_role' };
  }
  if (roles !== undefined && eligible.length === 0) return { allowed: false, reason: 'no_role' };
  if (policy.scope === 'self' || target === undefined) return { allowed: true, grants: eligible };
  const matching = eligible.filter((g) => inScope(g, target));
  return matching.length > 0 ? { allowed: true, grants: matching } : { allowed: false, reason: 'out_of_scope' };
};
