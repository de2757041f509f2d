import { isSecretaryOf } from '../authz/grants';
import { DomainError } from '../model/envelope';
import type { OrgNode } from '../model/org';
import type { UserDoc } from '../model/roles';
import { C } from '../points/ports';
import type { KeeperView } from './api';
import { keeperView } from './keeper-view';
import { type Actor, type CheckinsDeps, loadCommunity } from './deps';
import type { RegistrationDoc, StationDoc, StationKeeper } from './model';
import { notFound } from './not-found';
import { findRegistration } from './registration';
import { loadStation } from './shifts';

/**
 * 站点管理员 (station keepers): people the community's secretary names, per station, to
 * open its duty screen (the live check-in code) when she is not there. A keeper must be
 * staff of that community (its secretary or a grid worker of one of its grids) or an
 * approved 双报到 member of it — checked when named and again whenever the screen opens,
 * so a keeper who is suspended or moves away loses the screen with it. Granting and
 * revoking are audited (the dispatcher's audit log).
 */

export const MAX_KEEPERS = 20;
const STAFF_OF_COMMUNITY = ['secretary', 'grid_worker'];


/** Is the org node the community itself or below it? */
const underCommunity = async (deps: Pick<CheckinsDeps, 'orgs'>, orgId: string, community: Pick<OrgNode, '_id'>): Promise<boolean> => {
  if (orgId === community._id) return true;
  const node = await deps.orgs.get(orgId);
  return !!node && node.path.includes(community._id);
};

/** Why this person may keep a station of the community ('staff' / 'member'), or null when they may not. */
export const keeperStanding = async (deps: Pick<CheckinsDeps, 'docs' | 'orgs'>, community: Pick<OrgNode, '_id'>, openid: string): Promise<StationKeeper['as'] | null> => {
  const user = await deps.docs.get<UserDoc>(C.users, openid);
  for (const g of user?.roles ?? []) {
    if (STAFF_OF_COMMUNITY.includes(g.role) && (await underCommunity(deps, g.orgId, community))) return 'staff';
  }
  const reg = await findRegistration(deps, community._id, openid);
  return reg?.status === 'active' ? 'member' : null;
};

/** The caller is a keeper of this station and still qualifies. */
export const isActingKeeper = async (deps: Pick<CheckinsDeps, 'docs' | 'orgs'>, station: StationDoc, community: Pick<OrgNode, '_id'>, openid: string): Promise<boolean> =>
  (station.keepers ?? []).some((k) => k.openid === openid) && (await keeperStanding(deps, community, openid)) !== null;

/** Can the caller see this community's stations at all (a grant on it, above it or below it, or a registration there)? */
export const seesCommunity = async (deps: Pick<CheckinsDeps, 'docs' | 'orgs'>, actor: Actor, community: Pick<OrgNode, '_id' | 'path'>): Promise<boolean> => {
  for (const g of actor.grants) {
    if (community.path.includes(g.orgId) || (await underCommunity(deps, g.orgId, community))) return true;
  }
  return (await findRegistration(deps, community._id, actor.openid)) !== undefined;
};


export interface KeepersResult {
  /** The station's id (the audit log names it as the decision's target). */
  id: string;
  stationName: string;
  keepers: KeeperView[];
  changed: boolean;
}

const result = (station: StationDoc, keepers: readonly StationKeeper[], changed: boolean): KeepersResult => ({
  id: station._id,
  stationName: station.name,
  keepers: keepers.map(keeperView),
  changed,
});

const requireSecretary = (actor: Actor, station: StationDoc): void => {
  if (!isSecretaryOf(actor, station.communityId)) throw new DomainError('FORBIDDEN', '只有本社区书记可以指定站点管理员');
};

/** Who is meant: an approved member by their registration (of this community), or staff by openid. */
const personOf = async (deps: CheckinsDeps, community: Pick<OrgNode, '_id' | 'name'>, who: { registrationId?: string; openid?: string }): Promise<string> => {
  if (who.openid) return who.openid;
  const reg = who.registrationId ? await deps.docs.get<RegistrationDoc>(C.registrations, who.registrationId) : undefined;
  if (!reg || reg.communityId !== community._id) throw notFound();
  return reg.openid;
};

/** The secretary names a keeper of one station (a repeat is a no-op). */
export const grantKeeper = async (deps: CheckinsDeps, actor: Actor, stationId: string, who: { registrationId?: string; openid?: string }): Promise<KeepersResult> => {
  const station = await loadStation(deps, stationId);
  requireSecretary(actor, station);
  const community = await loadCommunity(deps, station.communityId);
  const openid = await personOf(deps, community, who);
  const as = await keeperStanding(deps, community, openid);
  if (!as) throw new DomainError('FAILED_PRECONDITION', `站点管理员须是${community.name}的工作人员或已报到党员`, { openid });
  const [user, reg] = await Promise.all([deps.docs.get<UserDoc>(C.users, openid), findRegistration(deps, community._id, openid)]);
  const name = reg?.name ?? user?.name ?? '志愿者';
  const now = deps.clock.now();
  const keeperId = deps.ids.next('kp');
  return deps.docs.transact(async (tx) => {
    const current = await tx.get<StationDoc>(C.stations, stationId);
    if (!current) throw notFound();
    const keepers = current.keepers ?? [];
    if (keepers.some((k) => k.openid === openid)) return result(current, keepers, false);
    if (keepers.length >= MAX_KEEPERS) throw new DomainError('FAILED_PRECONDITION', `每个驿站最多指定 ${MAX_KEEPERS} 名站点管理员`);
    const next = [...keepers, { id: keeperId, openid, name, as, grantedBy: { openid: actor.openid, name: actor.name }, at: now }];
    await tx.update(C.stations, stationId, { keepers: next });
    return result(current, next, true);
  });
};

/** The secretary takes a keeper off a station (a repeat is a no-op). */
export const revokeKeeper = async (deps: CheckinsDeps, actor: Actor, stationId: string, keeperId: string): Promise<KeepersResult> => {
  const station = await loadStation(deps, stationId);
  requireSecretary(actor, station);
  return deps.docs.transact(async (tx) => {
    const current = await tx.get<StationDoc>(C.stations, stationId);
    if (!current) throw notFound();
    const keepers = current.keepers ?? [];
    if (!keepers.some((k) => k.id === keeperId)) return result(current, keepers, false);
    const next = keepers.filter((k) => k.id !== keeperId);
    await tx.update(C.stations, stationId, { keepers: next });
    return result(current, next, true);
  });
};
