import { whoami } from '../../../domain/org/whoami';
import { TREE_MAX_DEPTH, visibleTree } from '../../../domain/org/tree';
import { isWithin, depthBelow } from '../../../domain/model/org';
import { buildDemoOrgs } from '../../../server/seed/demo';
import { fakeOrgRepo, fakeUserRepo } from '../../helpers/fake-repos';

const orgs = buildDemoOrgs();

describe('org tree', () => {
  it('every node path lists its ancestors root first, and depth = path length', () => {
    const byId = new Map(orgs.map((n) => [n._id, n]));
    for (const node of orgs) {
      expect(node.depth).toBe(node.path.length);
      if (node.parentId) expect(node.path).toEqual([...byId.get(node.parentId)!.path, node.parentId]);
      else expect(node.path).toEqual([]);
    }
  });

  it('the demo district has the size the foundation promises', () => {
    const count = (type: string) => orgs.filter((n) => n.type === type).length;
    expect(count('street')).toBeGreaterThanOrEqual(2);
    expect(count('community')).toBeGreaterThanOrEqual(4);
    expect(count('grid')).toBeGreaterThanOrEqual(12);
    expect(count('unit')).toBeGreaterThan(count('building'));
  });

  it('isWithin / depthBelow', () => {
    const unit = orgs.find((n) => n._id === 'u-wh-1-1-1')!;
    expect(isWithin(unit, 'c-wh')).toBe(true);
    expect(isWithin(unit, 'c-ms')).toBe(false);
    expect(depthBelow(unit, 'c-wh')).toBe(3);
    expect(depthBelow(unit, unit._id)).toBe(0);
    expect(depthBelow(unit, 'c-ms')).toBe(-1);
  });

  it('visibleTree folds nested scopes into one root and honours depth', async () => {
    const repo = fakeOrgRepo(orgs);
    const view = await visibleTree(
      repo,
      [
        { role: 'street_admin', orgId: 's-wy' },
        { role: 'secretary', orgId: 'c-wh' },
      ],
      { depth: 1 },
    );
    expect(view.roots).toEqual(['s-wy']);
    expect(view.nodes.map((n) => n._id)).toEqual(['s-wy', 'c-ms', 'c-wh']);
    expect(view.truncated).toBe(false);
  });

  it('visibleTree caps the depth', async () => {
    const view = await visibleTree(fakeOrgRepo(orgs), [{ role: 'district_admin', orgId: 'd-wc' }], { depth: 99 });
    expect(Math.max(...view.nodes.map((n) => n.depth))).toBeLessThanOrEqual(TREE_MAX_DEPTH);
    expect(view.nodes).toHaveLength(orgs.length);
  });

  it('visibleTree with an unknown rootId is NOT_FOUND', async () => {
    await expect(visibleTree(fakeOrgRepo(orgs), [], { rootId: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('whoami names each role org with its community chain and never leaks the phone', async () => {
    const users = fakeUserRepo([
      { _id: 'u1', name: '张桂兰', phone: '13800000001', createdAt: 0, roles: [{ role: 'resident', orgId: 'b-wh-1-1' }, { role: 'volunteer', orgId: 'gone' }] },
    ]);
    const me = await whoami({ users, orgs: fakeOrgRepo(orgs) }, 'u1');
    expect(me.roles[0]).toEqual({ role: 'resident', orgId: 'b-wh-1-1', orgName: '1号楼', orgLabel: '文汇社区 · 文汇社区第一网格 · 1号楼', orgType: 'building' });
    expect(me.roles[1]).toMatchObject({ orgType: 'unknown', orgName: '（已撤销的组织）' });
    expect(JSON.stringify(me)).not.toContain('13800000001');
  });
});
