import type { Role, RoleGrant } from '../model/roles';

/**
 * The grant predicates, in one place: "does this person hold role R at org X". Everything
 * that asks who someone is for a place (the matrix's scope aside, see ./policy.ts) asks here.
 */

type HasGrants = { grants: readonly RoleGrant[] } | { roles: readonly RoleGrant[] };

const grantsOf = (who: HasGrants | readonly RoleGrant[] | null | undefined): readonly RoleGrant[] => {
  if (!who) return [];
  if (Array.isArray(who)) return who;
  return 'grants' in (who as object) ? (who as { grants: readonly RoleGrant[] }).grants : (who as { roles: readonly RoleGrant[] }).roles;
};

/** Holds one of `roles` at one of `orgIds`. */
export const holdsAny = (who: HasGrants | readonly RoleGrant[] | null | undefined, roles: readonly (Role | string)[], orgIds: readonly (string | null | undefined)[]): boolean =>
  grantsOf(who).some((g) => roles.includes(g.role) && orgIds.includes(g.orgId));

/** Holds `role` at `orgId`. */
export const holds = (who: HasGrants | readonly RoleGrant[] | null | undefined, role: Role, orgId: string | null | undefined): boolean =>
  !!orgId && holdsAny(who, [role], [orgId]);

/** The community's secretary. */
export const isSecretaryOf = (who: HasGrants | readonly RoleGrant[] | null | undefined, communityId: string): boolean => holds(who, 'secretary', communityId);

/** The orgs at which `role` is held. */
export const orgsWhere = (who: HasGrants | readonly RoleGrant[] | null | undefined, role: Role): string[] => grantsOf(who).filter((g) => g.role === role).map((g) => g.orgId);

/** The roles that dispatch and approve: the community's secretary and the admins above it. */
export const DISPATCHER_ROLES: readonly Role[] = ['secretary', 'street_admin', 'district_admin'];

/** Secretary of the community, or street / district admin above it (by the place's street and district). */
export const dispatchesFor = (who: HasGrants | readonly RoleGrant[], place: { communityId: string; streetId: string; districtId: string }): boolean =>
  holds(who, 'secretary', place.communityId) || holds(who, 'street_admin', place.streetId) || holds(who, 'district_admin', place.districtId);

/** The community's secretary or a worker of the grid (the people of a place's own community). */
export const isCommunityStaffAt = (who: HasGrants | readonly RoleGrant[], place: { communityId: string; gridId: string | null }): boolean =>
  holds(who, 'secretary', place.communityId) || holds(who, 'grid_worker', place.gridId);
