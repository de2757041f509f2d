import fc from 'fast-check';
import { DomainError } from '../../../domain/model/envelope';
import type { RoleGrant } from '../../../domain/model/roles';
import {
  delegatedGrants,
  delegateInput,
  delegationStatus,
  delegationView,
  type DelegatedRole,
  type DelegationDoc,
  mayRevoke,
  nextDelegated,
  requireEligibleDeputy,
  requireOwnSecretaryRole,
  requireRevocable,
  validateDelegation,
} from '../../../domain/org/delegation';
import { buildDemoOrgs } from '../../../server/seed/demo';

const orgs = buildDemoOrgs();
const byId = new Map(orgs.map((n) => [n._id, n]));
const node = (id: string) => byId.get(id)!;
const NOW = Date.parse('2026-03-02T09:00:00+08:00');
const HOUR = 3_600_000;

const refusal = (fn: () => unknown): { code: string; message: string } | null => {
  try {
    fn();
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, message: error.message };
  }
};

const person = (id: string, roles: RoleGrant[]) => ({ _id: id, roles });
const nodesOf = (roles: RoleGrant[]) => roles.map((g) => byId.get(g.orgId)).filter((n) => !!n);

describe('delegation: who may be a deputy', () => {
  const eligible = (deputy: { _id: string; roles: RoleGrant[] } | undefined, communityId = 'c-wh', actor = 'sec') =>
    refusal(() => requireEligibleDeputy(actor, communityId, deputy, deputy ? nodesOf(deputy.roles) : []));

  it('a grid worker of one of the community\'s grids, or another secretary there', () => {
    expect(eligible(person('gw', [{ role: 'grid_worker', orgId: 'g-wh-1' }]))).toBeNull();
    expect(eligible(person('gw3', [{ role: 'grid_worker', orgId: 'g-wh-3' }]))).toBeNull();
    expect(eligible(person('sec2', [{ role: 'secretary', orgId: 'c-wh' }]))).toBeNull();
  });

  it.each([
    ['a resident of another community', [{ role: 'resident', orgId: 'b-ms-1-1' }]],
    ['a resident of the community', [{ role: 'resident', orgId: 'b-wh-1-1' }]],
    ['a volunteer of the community', [{ role: 'volunteer', orgId: 'c-wh' }]],
    ['another community\'s secretary', [{ role: 'secretary', orgId: 'c-ms' }]],
    ['another community\'s grid worker', [{ role: 'grid_worker', orgId: 'g-ms-1' }]],
    ['the street admin', [{ role: 'street_admin', orgId: 's-wy' }]],
    ['the district admin', [{ role: 'district_admin', orgId: 'd-wc' }]],
    ['a department officer', [{ role: 'department_officer', orgId: 'dep-zj' }]],
    ['a "grid worker" of a building (not a grid)', [{ role: 'grid_worker', orgId: 'b-wh-1-1' }]],
    ['a "grid worker" of the community node itself', [{ role: 'grid_worker', orgId: 'c-wh' }]],
    ['nobody at all', []],
  ] as [string, RoleGrant[]][])('refuses %s', (_who, roles) => {
    expect(eligible(person('x', roles))).toEqual({ code: 'FORBIDDEN', message: '代理人须是本社区的网格员或书记' });
  });

  it('an unknown person gets the same answer as an outsider', () => {
    expect(eligible(undefined)).toEqual({ code: 'FORBIDDEN', message: '代理人须是本社区的网格员或书记' });
  });

  it('never oneself, whatever one\'s roles', () => {
    expect(eligible(person('sec', [{ role: 'secretary', orgId: 'c-wh' }]), 'c-wh', 'sec')).toEqual({ code: 'FORBIDDEN', message: '不能委托给自己' });
    fc.assert(
      fc.property(fc.constantFrom(...orgs.filter((n) => n.type === 'grid' || n.type === 'community')), fc.constantFrom('grid_worker', 'secretary'), (org, role) => {
        const self = person('me', [{ role: role as RoleGrant['role'], orgId: org._id }]);
        expect(refusal(() => requireEligibleDeputy('me', org.type === 'grid' ? org.parentId! : org._id, self, nodesOf(self.roles)))?.code).toBe('FORBIDDEN');
      }),
    );
  });

  it('only a secretary of the community by her own post may delegate', () => {
    expect(refusal(() => requireOwnSecretaryRole([{ role: 'secretary', orgId: 'c-wh' }], 'c-wh'))).toBeNull();
    expect(refusal(() => requireOwnSecretaryRole([{ role: 'secretary', orgId: 'c-ms' }], 'c-wh'))?.code).toBe('FORBIDDEN');
    expect(refusal(() => requireOwnSecretaryRole(undefined, 'c-wh'))?.code).toBe('FORBIDDEN');
  });
});

describe('delegation: its window and its grant', () => {
  const entry = (over: Partial<DelegatedRole> = {}): DelegatedRole => ({ role: 'secretary', orgId: 'c-wh', from: NOW, to: NOW + 24 * HOUR, delegationId: 'dlg_1', ...over });

  it('the grant is the community\'s secretary grant, only inside the window', () => {
    expect(delegatedGrants([entry()], NOW - 1)).toEqual([]);
    expect(delegatedGrants([entry()], NOW)).toEqual([{ role: 'secretary', orgId: 'c-wh' }]);
    expect(delegatedGrants([entry()], NOW + 24 * HOUR)).toEqual([{ role: 'secretary', orgId: 'c-wh' }]);
    expect(delegatedGrants([entry()], NOW + 24 * HOUR + 1)).toEqual([]);
    expect(delegatedGrants(undefined, NOW)).toEqual([]);
  });

  it('a tampered entry never grants more than a secretary grant', () => {
    const forged = [{ ...entry(), role: 'district_admin' } as unknown as DelegatedRole];
    expect(delegatedGrants(forged, NOW)).toEqual([]);
  });

  it('revocation and expiry leave nothing on the deputy', () => {
    const a = entry({ delegationId: 'a' });
    const b = entry({ delegationId: 'b', to: NOW + HOUR });
    expect(nextDelegated([a, b], NOW, { remove: 'a' })).toEqual([b]);
    expect(nextDelegated([a, b], NOW + 2 * HOUR, {})).toEqual([a]);
    expect(nextDelegated([a, b], NOW + 2 * HOUR, { remove: 'a' })).toEqual([]);
    const c = entry({ delegationId: 'c' });
    expect(nextDelegated([b], NOW + 2 * HOUR, { add: c })).toEqual([c]);
  });

  it('validates its dates', () => {
    expect(refusal(() => validateDelegation({ from: NOW, to: NOW }, NOW))?.code).toBe('INVALID_ARGUMENT');
    expect(refusal(() => validateDelegation({ from: NOW - 48 * HOUR, to: NOW - HOUR }, NOW))?.message).toBe('委托已过期');
    expect(refusal(() => validateDelegation({ from: NOW, to: NOW + 32 * 24 * HOUR }, NOW))?.message).toBe('委托最长31天');
    expect(refusal(() => validateDelegation({ from: NOW, to: NOW + 24 * HOUR }, NOW))).toBeNull();
  });

  it('its reason is free text under the shared schema', () => {
    const base = { communityId: 'c-wh', deputyOpenid: 'gw', from: NOW, to: NOW + HOUR };
    expect(delegateInput.safeParse({ ...base, reason: '  外出学习  ' })).toMatchObject({ success: true, data: { reason: '外出学习' } });
    for (const bad of ['外出\u0000学习', '外出\u202E学习', '外出\u200B学习', '外出\uD800学习', '学', 'x'.repeat(101)]) {
      expect(delegateInput.safeParse({ ...base, reason: bad }).success).toBe(false);
    }
  });
});

describe('delegation: revocation', () => {
  const doc = (over: Partial<DelegationDoc> = {}): DelegationDoc => ({
    _id: 'dlg_1',
    communityId: 'c-wh',
    secretaryOpenid: 'sec',
    secretaryName: '陈秀英',
    deputyOpenid: 'gw',
    deputyName: '赵敏',
    from: NOW,
    to: NOW + 24 * HOUR,
    reason: '外出学习',
    createdAt: NOW,
    revokedAt: null,
    ...over,
  });
  const community = node('c-wh');

  it('the delegating secretary, or a street / district admin above, may revoke', () => {
    expect(mayRevoke('sec', [{ role: 'secretary', orgId: 'c-wh' }], doc(), community)).toBe(true);
    expect(mayRevoke('street', [{ role: 'street_admin', orgId: 's-wy' }], doc(), community)).toBe(true);
    expect(mayRevoke('district', [{ role: 'district_admin', orgId: 'd-wc' }], doc(), community)).toBe(true);
  });

  it('nobody else, and they learn nothing (NOT_FOUND, as for an id that does not exist)', () => {
    const grants: [string, RoleGrant[]][] = [
      ['gw', [{ role: 'grid_worker', orgId: 'g-wh-1' }, { role: 'secretary', orgId: 'c-wh' }]], // the deputy, with the delegated grant
      ['sec2', [{ role: 'secretary', orgId: 'c-wh' }]], // another secretary of the same community
      ['sec-ms', [{ role: 'secretary', orgId: 'c-ms' }]],
      ['street-xx', [{ role: 'street_admin', orgId: 's-xx' }]],
    ];
    for (const [who, g] of grants) {
      expect(refusal(() => requireRevocable(who, g, doc(), community, NOW))).toEqual({ code: 'NOT_FOUND', message: '没有找到相关内容' });
    }
    expect(refusal(() => requireRevocable('sec', [], undefined, community, NOW))).toEqual({ code: 'NOT_FOUND', message: '没有找到相关内容' });
  });

  it('a revoked or ended delegation cannot be revoked again; a scheduled one can', () => {
    expect(refusal(() => requireRevocable('sec', [], doc({ revokedAt: NOW }), community, NOW))?.code).toBe('FAILED_PRECONDITION');
    expect(refusal(() => requireRevocable('sec', [], doc(), community, NOW + 25 * HOUR))?.code).toBe('FAILED_PRECONDITION');
    expect(refusal(() => requireRevocable('sec', [], doc({ from: NOW + HOUR }), community, NOW))).toBeNull();
  });

  it('status and view', () => {
    expect(delegationStatus(doc({ from: NOW + 1 }), NOW)).toBe('scheduled');
    expect(delegationStatus(doc(), NOW)).toBe('active');
    expect(delegationStatus(doc(), NOW + 25 * HOUR)).toBe('ended');
    expect(delegationStatus(doc({ revokedAt: NOW }), NOW)).toBe('revoked');
    const view = delegationView(doc(), NOW, 'sec', [], community);
    expect(view).toMatchObject({ id: 'dlg_1', status: 'active', statusLabel: '生效中', canRevoke: true, deputyName: '赵敏', secretaryName: '陈秀英' });
    expect(JSON.stringify(view)).not.toContain('"gw"');
    expect(delegationView(doc(), NOW, 'gw', [], community).canRevoke).toBe(false);
    expect(delegationView(doc(), NOW + 25 * HOUR, 'sec', [], community)).toMatchObject({ status: 'ended', statusLabel: '已到期', canRevoke: false });
  });
});
