import type { OrgNode, OrgType } from '../../domain/model/org';
import type { Role } from '../../domain/model/roles';
import { DEFAULT_ROUTING_RULES } from '../../domain/orders/routing';
import { SLA_TEMPLATES } from '../../domain/sla/clocks';
import type { Doc, DocumentStore, Write } from '../store/document-store';
import { buildCheckinsDemo } from './checkins-demo';

/**
 * The demo district, modelled on the field reports' 渭城区 (Xianyang): two streets,
 * four communities, three grids each, buildings with units, red stations with
 * geofences, the categories of the field, departments, and one demo person per role
 * (plus a second secretary and grid worker for cross-community checks).
 * Ids are readable and stable so tests and the role switcher can name them.
 */

export const DEMO_DISTRICT_ID = 'd-wc';

export interface CommunitySpec {
  id: string;
  name: string;
  /** Centre of the community, for station geofences. */
  lat: number;
  lng: number;
}

export const DEMO_STREETS: { id: string; name: string; communities: CommunitySpec[] }[] = [
  {
    id: 's-wy',
    name: '渭阳街道',
    communities: [
      { id: 'c-wh', name: '文汇社区', lat: 34.3305, lng: 108.7069 },
      { id: 'c-ms', name: '民生社区', lat: 34.3278, lng: 108.7152 },
    ],
  },
  {
    id: 's-xx',
    name: '新兴街道',
    communities: [
      { id: 'c-cy', name: '朝阳社区', lat: 34.3401, lng: 108.7233 },
      { id: 'c-xl', name: '西兰社区', lat: 34.3362, lng: 108.6951 },
    ],
  },
];

const GRIDS_PER_COMMUNITY = 3;
const BUILDINGS_PER_GRID = 3;
const UNITS_PER_BUILDING = 2;

/** Order categories of the field, with the department that answers for each at district level. */
export const DEMO_CATEGORIES: { id: string; name: string; departmentId: string | null; kind: 'service' | 'wish' | 'emergency' }[] = [
  { id: 'repair', name: '维修报修', departmentId: 'dep-zj', kind: 'service' },
  { id: 'environment', name: '环境卫生', departmentId: 'dep-cg', kind: 'service' },
  { id: 'dispute', name: '矛盾纠纷', departmentId: 'dep-sf', kind: 'service' },
  { id: 'elderly', name: '养老助老', departmentId: 'dep-mz', kind: 'service' },
  { id: 'safety', name: '安全隐患', departmentId: 'dep-yj', kind: 'service' },
  { id: 'property', name: '物业服务', departmentId: 'dep-zj', kind: 'service' },
  { id: 'policy', name: '政策咨询', departmentId: 'dep-mz', kind: 'service' },
  { id: 'wish', name: '微心愿', departmentId: null, kind: 'wish' },
  { id: 'emergency', name: '紧急求助', departmentId: 'dep-yj', kind: 'emergency' },
];

export const DEPARTMENTS: { id: string; name: string }[] = [
  { id: 'dep-zj', name: '区住建局' },
  { id: 'dep-cg', name: '区城管执法局' },
  { id: 'dep-sf', name: '区司法局' },
  { id: 'dep-mz', name: '区民政局' },
  { id: 'dep-yj', name: '区应急管理局' },
];

const GRID_NAMES = ['第一网格', '第二网格', '第三网格'];

/** Demo people: openid, Chinese name, roles. The first one is the default identity of the H5 app. */
export const DEMO_PEOPLE: { openid: string; name: string; phone: string; roles: { role: Role; orgId: string }[]; skills?: string[] }[] = [
  { openid: 'demo-resident', name: '张桂兰', phone: '13800000001', roles: [{ role: 'resident', orgId: 'b-wh-1-1' }] },
  { openid: 'demo-resident-2', name: '李建国', phone: '13800000002', roles: [{ role: 'resident', orgId: 'b-ms-1-1' }] },
  {
    openid: 'demo-volunteer',
    name: '王志强',
    phone: '13800000003',
    roles: [
      { role: 'volunteer', orgId: 'c-wh' },
      { role: 'resident', orgId: 'b-wh-2-1' },
    ],
  },
  { openid: 'demo-grid-worker', name: '赵敏', phone: '13800000004', roles: [{ role: 'grid_worker', orgId: 'g-wh-1' }], skills: ['repair', 'elderly'] },
  { openid: 'demo-grid-worker-2', name: '钱磊', phone: '13800000005', roles: [{ role: 'grid_worker', orgId: 'g-ms-1' }] },
  { openid: 'demo-secretary', name: '陈秀英', phone: '13800000006', roles: [{ role: 'secretary', orgId: 'c-wh' }] },
  { openid: 'demo-secretary-2', name: '马丽', phone: '13800000007', roles: [{ role: 'secretary', orgId: 'c-ms' }] },
  { openid: 'demo-street-admin', name: '孙伟', phone: '13800000008', roles: [{ role: 'street_admin', orgId: 's-wy' }] },
  { openid: 'demo-department', name: '周婷', phone: '13800000009', roles: [{ role: 'department_officer', orgId: 'dep-zj' }] },
  { openid: 'demo-district-admin', name: '吴国栋', phone: '13800000010', roles: [{ role: 'district_admin', orgId: DEMO_DISTRICT_ID }] },
];

const node = (id: string, type: OrgType, name: string, parent: OrgNode | null, extra: Partial<OrgNode> = {}): OrgNode => ({
  _id: id,
  type,
  name,
  parentId: parent?._id ?? null,
  path: parent ? [...parent.path, parent._id] : [],
  depth: parent ? parent.path.length + 1 : 0,
  ...extra,
});

export const buildDemoOrgs = (): OrgNode[] => {
  const district = node(DEMO_DISTRICT_ID, 'district', '渭城区', null);
  const out: OrgNode[] = [district];
  for (const dep of DEPARTMENTS) {
    out.push(
      node(dep.id, 'department', dep.name, district, {
        categories: DEMO_CATEGORIES.filter((c) => c.departmentId === dep.id).map((c) => c.id),
      }),
    );
  }
  for (const street of DEMO_STREETS) {
    const streetNode = node(street.id, 'street', street.name, district);
    out.push(streetNode);
    for (const community of street.communities) {
      const communityNode = node(community.id, 'community', community.name, streetNode);
      out.push(communityNode);
      const short = community.id.slice(2);
      for (let g = 1; g <= GRIDS_PER_COMMUNITY; g++) {
        const grid = node(`g-${short}-${g}`, 'grid', `${community.name}${GRID_NAMES[g - 1]}`, communityNode, {
          households: 300 + 120 * g,
        });
        out.push(grid);
        for (let b = 1; b <= BUILDINGS_PER_GRID; b++) {
          const buildingNumber = (g - 1) * BUILDINGS_PER_GRID + b;
          const building = node(`b-${short}-${g}-${b}`, 'building', `${buildingNumber}号楼`, grid);
          out.push(building);
          for (let u = 1; u <= UNITS_PER_BUILDING; u++) {
            out.push(node(`u-${short}-${g}-${b}-${u}`, 'unit', `${buildingNumber}号楼${u}单元`, building));
          }
        }
      }
    }
  }
  return out;
};

export const buildDemoStations = (): Doc[] =>
  DEMO_STREETS.flatMap((s) => s.communities)
    .slice(0, 3)
    .map((c, i) => ({
      _id: `st-${c.id.slice(2)}`,
      name: `${c.name}红色驿站`,
      communityId: c.id,
      address: `${c.name}党群服务站一层`,
      fence: { lat: c.lat, lng: c.lng, radiusM: 150 + 50 * i },
      openingHours: { open: '08:00', close: '20:00', holidays: true },
      status: 'active',
    }));

/** The demo district's documents (orgs, configuration, people, check-ins), in write order. */
export const demoWrites = (nowMs: number): Write[] => {
  const writes: Write[] = [];
  const put = (collection: string, doc: Doc) => writes.push({ collection, id: doc._id, doc });
  for (const org of buildDemoOrgs()) put('orgs', { ...org } as unknown as Doc);
  for (const [i, c] of DEMO_CATEGORIES.entries()) put('categories', { _id: c.id, name: c.name, kind: c.kind, departmentId: c.departmentId, sort: i });
  for (const station of buildDemoStations()) put('stations', station);
  for (const rule of DEFAULT_ROUTING_RULES) put('routing_rules', { ...rule } as unknown as Doc);
  for (const policy of SLA_TEMPLATES) put('sla_policies', { ...policy } as unknown as Doc);
  for (const [i, person] of DEMO_PEOPLE.entries()) {
    put('users', {
      _id: person.openid,
      name: person.name,
      phone: person.phone,
      roles: person.roles,
      skills: person.skills ?? [],
      demo: true,
      demoOrder: i,
      createdAt: nowMs,
    });
  }
  for (const { collection, doc } of buildCheckinsDemo(nowMs)) put(collection, doc);
  return writes;
};

/** Writes the demo district into an empty store in one atomic batch. */
export const seedDemo = (store: DocumentStore, nowMs: number): void => {
  store.commit(demoWrites(nowMs));
};
