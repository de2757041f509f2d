import { ROLE_LABELS } from '../model/roles';
import type { OrgNode } from '../model/org';
import type { PeopleRepo } from '../ports/orders';
import type { OrgRepo } from '../ports/repos';

export interface HandlerView {
  openid: string;
  name: string;
  role: 'grid_worker' | 'secretary';
  roleLabel: string;
  orgId: string;
  orgName: string;
  /** Orders they hold or wait on now. */
  openLoad: number;
}

/** Who in a community can be given an order by hand (改派): its grid workers and secretaries, least loaded first. */
export const communityHandlers = async (deps: { orgs: OrgRepo; people: PeopleRepo }, community: OrgNode): Promise<HandlerView[]> => {
  const grids = (await deps.orgs.descendants(community._id, community.depth + 1, 100)).filter((n) => n.type === 'grid');
  const groups = await Promise.all([
    ...grids.map(async (g) => (await deps.people.withRole('grid_worker', g._id)).map((p) => ({ ...p, role: 'grid_worker' as const, org: g }))),
    deps.people.withRole('secretary', community._id).then((ps) => ps.map((p) => ({ ...p, role: 'secretary' as const, org: community }))),
  ]);
  const people = groups.flat();
  const loads = await deps.people.openLoads(people.map((p) => p.openid));
  return people
    .map((p) => ({ openid: p.openid, name: p.name, role: p.role, roleLabel: ROLE_LABELS[p.role], orgId: p.org._id, orgName: p.org.name, openLoad: loads.get(p.openid) ?? 0 }))
    .sort((a, b) => a.openLoad - b.openLoad || a.name.localeCompare(b.name, 'zh-CN'));
};
