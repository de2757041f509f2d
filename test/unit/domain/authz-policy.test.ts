import fc from 'fast-check';
import { ALL_ROLES, authorize, POLICY } from '../../../domain/authz/policy';
import { ROLES, type RoleGrant } from '../../../domain/model/roles';

describe('authorization matrix', () => {
  const community = { orgId: 'c-wh', path: ['d-wc', 's-wy'] };
  const grid = { orgId: 'g-wh-1', path: ['d-wc', 's-wy', 'c-wh'] };

  it('whoami needs only an identity, not a role', () => {
    expect(authorize('org.whoami', [])).toEqual({ allowed: true, grants: [] });
  });

  it('tree needs some role; a caller without roles is refused', () => {
    expect(authorize('org.tree', [])).toEqual({ allowed: false, reason: 'no_role' });
  });

  it('scope: a target must lie within the grant org subtree', () => {
    const secretary: RoleGrant = { role: 'secretary', orgId: 'c-wh' };
    expect(authorize('org.tree', [secretary], community)).toEqual({ allowed: true, grants: [secretary] });
    expect(authorize('org.tree', [secretary], grid)).toEqual({ allowed: true, grants: [secretary] });
    expect(authorize('org.tree', [secretary], { orgId: 'c-ms', path: ['d-wc', 's-wy'] })).toEqual({ allowed: false, reason: 'out_of_scope' });
    expect(authorize('org.tree', [secretary], { orgId: 's-wy', path: ['d-wc'] })).toEqual({ allowed: false, reason: 'out_of_scope' });
  });

  it('only the grants that justify the decision are returned', () => {
    const grants: RoleGrant[] = [
      { role: 'secretary', orgId: 'c-ms' },
      { role: 'grid_worker', orgId: 'g-wh-1' },
    ];
    expect(authorize('org.tree', grants, grid)).toEqual({ allowed: true, grants: [grants[1]] });
  });

  it('related scope: the people tied to an order, and only them', () => {
    const order = { orgId: 'b-wh-1-1', path: ['d-wc', 's-wy', 'c-wh', 'g-wh-1'], related: ['res', 'gw'] };
    expect(authorize('orders.rate', [], order, 'res').allowed).toBe(true);
    expect(authorize('orders.rate', [{ role: 'secretary', orgId: 'c-wh' }], order, 'sec').allowed).toBe(false);
    expect(authorize('orders.get', [{ role: 'secretary', orgId: 'c-wh' }], order, 'sec').allowed).toBe(true);
    expect(authorize('orders.get', [{ role: 'resident', orgId: 'b-wh-1-1' }], order, 'neighbour').allowed).toBe(false);
    expect(authorize('orders.get', [{ role: 'volunteer', orgId: 'c-wh' }], order, 'vol').allowed).toBe(false);
    expect(authorize('orders.get', [{ role: 'volunteer', orgId: 'c-wh' }], { ...order, openTo: ['volunteer'] }, 'vol').allowed).toBe(true);
  });

  it('alsoUnder: a department officer reaches an order sitting in the department queue', () => {
    const order = { orgId: 'b-wh-1-1', path: ['d-wc', 's-wy', 'c-wh'], alsoUnder: ['dep-zj'] };
    expect(authorize('orders.claim', [{ role: 'department_officer', orgId: 'dep-zj' }], order, 'x').allowed).toBe(true);
    expect(authorize('orders.claim', [{ role: 'department_officer', orgId: 'dep-cg' }], order, 'x').allowed).toBe(false);
  });

  it('every policy row names known roles', () => {
    for (const row of Object.values(POLICY)) {
      if (row.roles !== 'authenticated') for (const r of row.roles) expect(ROLES).toContain(r);
    }
    expect([...ALL_ROLES].sort()).toEqual([...ROLES].sort());
  });

  it('property: a grant never authorizes a target outside its subtree', () => {
    const id = fc.constantFrom('d', 's1', 's2', 'c1', 'c2', 'g1', 'g2');
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), id, fc.array(id, { maxLength: 4 }), id, (role, grantOrg, path, targetId) => {
        const decision = authorize('org.tree', [{ role, orgId: grantOrg }], { orgId: targetId, path });
        const within = targetId === grantOrg || path.includes(grantOrg);
        expect(decision.allowed).toBe(within);
      }),
    );
  });
});
