import type { OrderDoc } from '../../../domain/model/order';
import { abilities, maskPhone, mayClaim, toView } from '../../../domain/orders/views';

const base: OrderDoc = {
  _id: 'o1',
  no: '20260302-0001',
  status: 'dispatched',
  level: 'grid',
  version: 2,
  category: 'repair',
  kind: 'service',
  priority: 'normal',
  description: '楼道灯坏了',
  media: [],
  place: { orgId: 'b-wh-1-1', label: '文汇社区 1号楼', buildingId: 'b-wh-1-1', gridId: 'g-wh-1', communityId: 'c-wh', streetId: 's-wy', districtId: 'd-wc' },
  orgPath: ['d-wc', 's-wy', 'c-wh', 'g-wh-1', 'b-wh-1-1'],
  channel: 'proxy',
  filedBy: 'res',
  residentOpenid: null,
  proxyFor: { name: '王奶奶', phone: '13700000000' },
  contactPhone: '13900000001',
  assignee: { kind: 'user', openid: 'gw', name: '赵敏', role: 'grid_worker' },
  handlerOpenid: null,
  reopenCount: 0,
  flaggedForSecretary: false,
  needsReturnVisit: true,
  submittedAt: 1,
  updatedAt: 1,
};
const names = (id: string) => id;

describe('order views', () => {
  it('masks phones for everyone but the filer and the current handler', () => {
    expect(maskPhone('13900000001')).toBe('139****0001');
    expect(toView(base, { openid: 'sec', grants: [{ role: 'secretary', orgId: 'c-wh' }] }, names, null, 0)).toMatchObject({
      contactPhone: '139****0001',
      proxyFor: { name: '王奶奶', phone: '137****0000' },
    });
    expect(toView(base, { openid: 'res', grants: [] }, names, null, 0).contactPhone).toBe('13900000001');
    const handling = { ...base, status: 'claimed' as const, handlerOpenid: 'gw' };
    expect(toView(handling, { openid: 'gw', grants: [] }, names, '赵敏', 0).contactPhone).toBe('13900000001');
    expect(toView({ ...handling, status: 'closed' }, { openid: 'gw', grants: [] }, names, '赵敏', 0).contactPhone).toBe('139****0001');
  });

  it('abilities follow state and relationship', () => {
    expect(abilities(base, { openid: 'gw', grants: [] })).toMatchObject({ claim: true, resolve: false, cancel: false });
    expect(abilities(base, { openid: 'res', grants: [] })).toMatchObject({ claim: false, cancel: true, rate: false });
    expect(abilities(base, { openid: 'sec', grants: [{ role: 'secretary', orgId: 'c-wh' }] })).toMatchObject({ dispatch: true, reject: true, claim: false });
    expect(abilities(base, { openid: 'sec2', grants: [{ role: 'secretary', orgId: 'c-ms' }] })).toMatchObject({ dispatch: false, reject: false });
    const resolved = { ...base, status: 'resolved' as const };
    expect(abilities(resolved, { openid: 'res', grants: [] }).rate).toBe(true);
  });

  it('queue claims: secretary/grid worker of the community queue, officers of the department, volunteers of the wish wall, broadcast candidates', () => {
    const q = (assignee: OrderDoc['assignee']) => ({ ...base, assignee });
    expect(mayClaim(q({ kind: 'queue', queue: 'community', orgId: 'c-wh', name: '' }), { openid: 'x', grants: [{ role: 'secretary', orgId: 'c-wh' }] })).toBe(true);
    expect(mayClaim(q({ kind: 'queue', queue: 'community', orgId: 'c-wh', name: '' }), { openid: 'x', grants: [{ role: 'grid_worker', orgId: 'g-wh-1' }] })).toBe(true);
    expect(mayClaim(q({ kind: 'queue', queue: 'community', orgId: 'c-wh', name: '' }), { openid: 'x', grants: [{ role: 'grid_worker', orgId: 'g-wh-2' }] })).toBe(false);
    expect(mayClaim(q({ kind: 'queue', queue: 'department', orgId: 'dep-zj', name: '' }), { openid: 'x', grants: [{ role: 'department_officer', orgId: 'dep-zj' }] })).toBe(true);
    expect(mayClaim(q({ kind: 'queue', queue: 'wish_wall', orgId: 'c-wh', name: '' }), { openid: 'x', grants: [{ role: 'volunteer', orgId: 'c-wh' }] })).toBe(true);
    expect(mayClaim(q({ kind: 'queue', queue: 'wish_wall', orgId: 'c-wh', name: '' }), { openid: 'x', grants: [{ role: 'volunteer', orgId: 'c-ms' }] })).toBe(false);
    expect(mayClaim(q({ kind: 'queue', queue: 'broadcast', orgId: 'g-wh-1', name: '', candidates: ['x'] }), { openid: 'x', grants: [] })).toBe(true);
    expect(mayClaim(q({ kind: 'queue', queue: 'broadcast', orgId: 'g-wh-1', name: '', candidates: ['y'] }), { openid: 'x', grants: [] })).toBe(false);
  });
});
