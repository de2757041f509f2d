import { DEMO_CATEGORIES, DEMO_PEOPLE, DEPARTMENTS } from '../demo';
import type { Doc } from '../../store/document-store';
import { personName, phoneOf, VOLUNTEER_SKILLS, WORK_UNITS, partyBranchOf } from './names';
import type { OrgTree } from './org-tree';
import type { Rng } from './random';
import type { Scale } from './scale';

/**
 * The people of a generated district: one grid worker per grid, a secretary per
 * community, an admin per street, two officers per department, the residents who use
 * the mini-program (spread over the buildings by households) and the party members who
 * will apply for 双报到 in their home community. The demo people keep their posts.
 */

export interface PartyMember {
  openid: string;
  name: string;
  phone: string;
  communityId: string;
  workUnit: string;
  partyBranch: string;
  skills: string[];
  /** Services a month this person tends to do (0 = never shows up). */
  monthlyRate: number;
}

export interface People {
  users: Doc[];
  gridWorker: Map<string, string>;
  secretary: Map<string, string>;
  streetAdmin: Map<string, string>;
  officers: Map<string, string[]>;
  districtAdmin: string;
  partyMembers: PartyMember[];
}

export const buildPeople = (scale: Scale, tree: OrgTree, rng: Rng, nowMs: number): People => {
  const users: Doc[] = [];
  let phoneIndex = 0;
  const demoAt = (role: string, orgId: string) => DEMO_PEOPLE.find((p) => p.roles.some((g) => g.role === role && g.orgId === orgId))?.openid;
  const staff = (openid: string, role: string, orgId: string, extra: Record<string, unknown> = {}) => {
    users.push({ _id: openid, name: personName(rng), phone: phoneOf(++phoneIndex), roles: [{ role, orgId }], skills: [], createdAt: nowMs - 400 * 86_400_000, ...extra });
    return openid;
  };

  const gridWorker = new Map<string, string>();
  for (const grid of tree.grids) {
    const skills = rng.chance(0.4) ? [rng.pick(DEMO_CATEGORIES.filter((c) => c.kind === 'service')).id] : [];
    gridWorker.set(grid.id, demoAt('grid_worker', grid.id) ?? staff(`gw-${grid.id.slice(2)}`, 'grid_worker', grid.id, { skills }));
  }
  const secretary = new Map<string, string>();
  for (const c of tree.communities) secretary.set(c.id, demoAt('secretary', c.id) ?? staff(`sec-${c.id.slice(2)}`, 'secretary', c.id));
  const streetAdmin = new Map<string, string>();
  for (const s of tree.streetIds) streetAdmin.set(s, demoAt('street_admin', s) ?? staff(`sa-${s.slice(2)}`, 'street_admin', s));
  const officers = new Map<string, string[]>();
  for (const d of DEPARTMENTS) {
    const demo = demoAt('department_officer', d.id);
    officers.set(d.id, [demo ?? staff(`do-${d.id.slice(4)}-1`, 'department_officer', d.id), staff(`do-${d.id.slice(4)}-2`, 'department_officer', d.id)]);
  }

  // App users, spread over buildings by households (at least one per building).
  const totalHouseholds = tree.buildings.reduce((s, b) => s + b.households, 0);
  let n = 0;
  for (const b of tree.buildings) {
    const count = Math.max(1, Math.round((b.households / totalHouseholds) * scale.appUsers));
    for (let i = 0; i < count; i++) {
      const openid = `r-${(++n).toString(36).padStart(5, '0')}`;
      const home = b.units.length > 0 && rng.chance(0.7) ? rng.pick(b.units) : b.id;
      users.push({ _id: openid, name: personName(rng), phone: phoneOf(++phoneIndex), roles: [{ role: 'resident', orgId: home }], createdAt: nowMs - rng.int(30, 700) * 86_400_000 });
      b.users.push(openid);
    }
  }
  // The demo residents file orders too.
  for (const p of DEMO_PEOPLE) {
    const home = p.roles.find((g) => g.role === 'resident')?.orgId;
    const b = home && tree.buildings.find((x) => x.id === home || x.units.includes(home));
    if (b) b.users.push(p.openid);
  }

  // Party members (党员干部下沉社区): residents of a community who will apply for 双报到 there.
  const partyMembers: PartyMember[] = [];
  for (let i = 0; i < scale.partyMembers; i++) {
    const community = tree.communities[i % tree.communities.length];
    const grid = rng.pick(community.grids);
    const building = rng.pick(grid.buildings);
    const openid = `pm-${String(i + 1).padStart(4, '0')}`;
    const workUnit = rng.pick(WORK_UNITS);
    const member: PartyMember = {
      openid,
      name: personName(rng),
      phone: phoneOf(++phoneIndex),
      communityId: community.id,
      workUnit,
      partyBranch: partyBranchOf(workUnit, rng.int(0, 2)),
      skills: rng.chance(0.6) ? [rng.pick(VOLUNTEER_SKILLS)] : [],
      monthlyRate: rng.weighted([
        [2.5, 0.45],
        [1.5, 0.25],
        [0.7, 0.18],
        [0, 0.12],
      ]),
    };
    partyMembers.push(member);
    users.push({ _id: openid, name: member.name, phone: member.phone, roles: [{ role: 'resident', orgId: building.id }], createdAt: nowMs - rng.int(60, 900) * 86_400_000 });
  }

  const districtAdmin = demoAt('district_admin', 'd-wc') ?? 'demo-district-admin';
  return { users, gridWorker, secretary, streetAdmin, officers, districtAdmin, partyMembers };
};
