import type { OrgNode, OrgType } from '../../../domain/model/org';
import { buildDemoOrgs, buildDemoStations, DEMO_STREETS } from '../demo';
import type { Doc } from '../../store/document-store';
import { communityName, estateName, gridName, STREET_NAMES } from './names';
import type { Rng } from './random';
import type { Scale } from './scale';

/**
 * The org tree of a generated district: the demo district (渭阳/新兴 streets, 文汇/民生/朝阳/
 * 西兰 communities with their readable ids, so the demo people still work) grown to the
 * scale's streets, communities, grids, buildings and units, with households per grid and
 * building and one red station per community.
 */

export interface BuildingInfo {
  id: string;
  gridId: string;
  communityId: string;
  units: string[];
  households: number;
  residents: number;
  /** App users living here (filled by people.ts). */
  users: string[];
}

export interface GridInfo {
  id: string;
  communityId: string;
  households: number;
  buildings: BuildingInfo[];
}

export interface CommunityInfo {
  id: string;
  name: string;
  streetId: string;
  lat: number;
  lng: number;
  grids: GridInfo[];
  stationId: string;
}

export interface OrgTree {
  orgs: OrgNode[];
  communities: CommunityInfo[];
  grids: GridInfo[];
  buildings: BuildingInfo[];
  stations: Doc[];
  streetIds: string[];
}

const node = (id: string, type: OrgType, name: string, parent: OrgNode, extra: Partial<OrgNode> = {}): OrgNode => ({
  _id: id,
  type,
  name,
  parentId: parent._id,
  path: [...parent.path, parent._id],
  depth: parent.path.length + 1,
  ...extra,
});

/** Splits `total` into `parts` integers with the given minimum, deterministically jittered. */
const split = (rng: Rng, total: number, parts: number, min: number): number[] => {
  const out = new Array<number>(parts).fill(min);
  let left = total - min * parts;
  const weights = out.map(() => 0.6 + rng.next() * 0.8);
  const sum = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < parts && left > 0; i++) {
    const share = Math.min(left, Math.floor((weights[i] / sum) * (total - min * parts)));
    out[i] += share;
    left -= share;
  }
  for (let i = 0; left > 0; i = (i + 1) % parts, left--) out[i]++;
  return out;
};

export const buildOrgTree = (scale: Scale, rng: Rng): OrgTree => {
  const demo = buildDemoOrgs();
  const byId = new Map(demo.map((n) => [n._id, n]));
  const orgs: OrgNode[] = [...demo];
  const district = byId.get('d-wc')!;

  const streets: OrgNode[] = [byId.get('s-wy')!, byId.get('s-xx')!];
  for (const spec of STREET_NAMES.slice(2, scale.streets)) {
    const street = node(spec.id, 'street', spec.name, district);
    orgs.push(street);
    streets.push(street);
  }

  // Communities: the demo's four, then new ones round-robin over the streets.
  const demoCommunities = DEMO_STREETS.flatMap((s) => s.communities.map((c) => ({ ...c, streetId: s.id })));
  const communitySpecs: { id: string; name: string; streetId: string; lat: number; lng: number; demo: boolean }[] = demoCommunities
    .slice(0, scale.communities)
    .map((c) => ({ ...c, demo: true }));
  const demoCount = communitySpecs.length;
  for (let i = demoCount; i < scale.communities; i++) {
    const street = streets[(i - demoCount + 2) % streets.length];
    communitySpecs.push({
      id: `c-${String(i + 1).padStart(2, '0')}`,
      name: communityName(i),
      streetId: street._id,
      lat: 34.3 + rng.next() * 0.12,
      lng: 108.62 + rng.next() * 0.2,
      demo: false,
    });
  }

  const gridsPer = split(rng, scale.grids, scale.communities, 3);
  const totalGrids = gridsPer.reduce((a, b) => a + b, 0);
  const buildingsPerGrid = split(rng, Math.max(scale.buildings, totalGrids * 3), totalGrids, 3);
  const householdsPerGrid = split(rng, scale.households, totalGrids, 150);
  const demoStations = new Map(buildDemoStations().map((s) => [s.communityId as string, s]));

  const communities: CommunityInfo[] = [];
  const grids: GridInfo[] = [];
  const buildings: BuildingInfo[] = [];
  const stations: Doc[] = [];
  let g = 0;
  communitySpecs.forEach((spec, ci) => {
    const community = spec.demo ? byId.get(spec.id)! : node(spec.id, 'community', spec.name, streets.find((s) => s._id === spec.streetId)!);
    if (!spec.demo) orgs.push(community);
    const short = spec.id.slice(2);
    const info: CommunityInfo = { id: spec.id, name: spec.name, streetId: spec.streetId, lat: spec.lat, lng: spec.lng, grids: [], stationId: `st-${short}` };
    for (let k = 1; k <= gridsPer[ci]; k++, g++) {
      const gridId = `g-${short}-${k}`;
      const households = householdsPerGrid[g];
      let grid = byId.get(gridId);
      if (grid) grid.households = households;
      else {
        grid = node(gridId, 'grid', gridName(spec.name, k), community, { households });
        orgs.push(grid);
      }
      const gridInfo: GridInfo = { id: gridId, communityId: spec.id, households, buildings: [] };
      const estate = estateName(rng);
      const perBuilding = split(rng, households, buildingsPerGrid[g], 8);
      for (let b = 1; b <= buildingsPerGrid[g]; b++) {
        const buildingId = `b-${short}-${k}-${b}`;
        let building = byId.get(buildingId);
        const units: string[] = [];
        if (!building) {
          building = node(buildingId, 'building', `${estate}${b}号楼`, grid);
          orgs.push(building);
          const unitCount = perBuilding[b - 1] > 60 ? 3 : 2;
          for (let u = 1; u <= unitCount; u++) {
            const unit = node(`u-${short}-${k}-${b}-${u}`, 'unit', `${estate}${b}号楼${u}单元`, building);
            orgs.push(unit);
            units.push(unit._id);
          }
        } else {
          for (let u = 1; u <= 2; u++) units.push(`u-${short}-${k}-${b}-${u}`);
        }
        const info2: BuildingInfo = {
          id: buildingId,
          gridId,
          communityId: spec.id,
          units,
          households: perBuilding[b - 1],
          residents: Math.round(perBuilding[b - 1] * (2.0 + rng.next() * 0.4)),
          users: [],
        };
        gridInfo.buildings.push(info2);
        buildings.push(info2);
      }
      info.grids.push(gridInfo);
      grids.push(gridInfo);
    }
    communities.push(info);
    const station = demoStations.get(spec.id) ?? {
      _id: info.stationId,
      name: `${spec.name}红色驿站`,
      communityId: spec.id,
      address: `${spec.name}党群服务中心一层`,
      fence: { lat: spec.lat, lng: spec.lng, radiusM: 150 + 10 * (ci % 6) },
      openingHours: { open: '08:00', close: '20:00', holidays: true },
      status: 'active',
    };
    info.stationId = station._id;
    stations.push(station);
  });
  return { orgs, communities, grids, buildings, stations, streetIds: streets.map((s) => s._id) };
};
