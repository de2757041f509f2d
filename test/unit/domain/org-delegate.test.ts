import { delegate, revokeDelegation, type DelegationDeps } from '../../../domain/org/delegate';
import { delegatedGrants } from '../../../domain/org/delegation';
import type { UserDoc } from '../../../domain/model/roles';
import { fixedClock } from '../../../domain/ports/clock';
import { sequentialIds } from '../../../domain/ports/ids';
import { buildDemoOrgs, DEMO_PEOPLE } from '../../../server/seed/demo';
import { fakeDelegationRepo, fakeOrgRepo, fakeUserRepo } from '../../helpers/fake-repos';
import { refusal } from '../../helpers/refusal';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const DAY = 86_400_000;

const world = () => {
  const users: UserDoc[] = DEMO_PEOPLE.map((p) => ({ _id: p.openid, name: p.name, roles: p.roles, createdAt: 0 }));
  const delegations = fakeDelegationRepo();
  const clock = fixedClock(T0);
  const deps: DelegationDeps = { delegations, users: fakeUserRepo(users), orgs: fakeOrgRepo(buildDemoOrgs()), clock, ids: sequentialIds() };
  const actor = (openid: string) => ({ openid, name: users.find((u) => u._id === openid)?.name ?? openid, grants: users.find((u) => u._id === openid)?.roles ?? [] });
  return { deps, delegations, clock, actor };
};

describe('委托 use cases (in-memory delegations)', () => {
  it('delegates to the community’s grid worker: one delegation, the deputy’s grant for the window, one audit entry', async () => {
    const w = world();
    const doc = await delegate(w.deps, w.actor('demo-secretary'), { communityId: 'c-wh', deputyOpenid: 'demo-grid-worker', from: T0, to: T0 + DAY, reason: '外出学习' });
    expect(doc).toMatchObject({ communityId: 'c-wh', secretaryOpenid: 'demo-secretary', deputyOpenid: 'demo-grid-worker', revokedAt: null });
    expect(delegatedGrants(w.delegations.delegated.get('demo-grid-worker'), T0 + 1)).toEqual([{ role: 'secretary', orgId: 'c-wh' }]);
    expect(delegatedGrants(w.delegations.delegated.get('demo-grid-worker'), T0 + 2 * DAY)).toEqual([]);
    expect(w.delegations.audit.map((a) => a.action)).toEqual(['delegate']);
  });

  it('refuses oneself, a resident and another community’s staff, and stores nothing', async () => {
    const w = world();
    const input = { communityId: 'c-wh', from: T0, to: T0 + DAY, reason: '外出学习' };
    expect(await refusal(delegate(w.deps, w.actor('demo-secretary'), { ...input, deputyOpenid: 'demo-secretary' }))).toMatchObject({ code: 'FORBIDDEN', message: '不能委托给自己' });
    expect(await refusal(delegate(w.deps, w.actor('demo-secretary'), { ...input, deputyOpenid: 'demo-resident' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(delegate(w.deps, w.actor('demo-secretary'), { ...input, deputyOpenid: 'demo-secretary-2' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(delegate(w.deps, w.actor('demo-grid-worker'), { ...input, deputyOpenid: 'demo-grid-worker' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(w.delegations.docs.size).toBe(0);
    expect(w.delegations.audit).toEqual([]);
  });

  it('revokes: the grant goes at once, audited with the state before; a second revoke is refused', async () => {
    const w = world();
    const doc = await delegate(w.deps, w.actor('demo-secretary'), { communityId: 'c-wh', deputyOpenid: 'demo-grid-worker', from: T0, to: T0 + DAY, reason: '外出学习' });
    w.clock.advance(3_600_000);
    const { revoked } = await revokeDelegation(w.deps, w.actor('demo-secretary'), doc._id);
    expect(revoked).toMatchObject({ revokedAt: T0 + 3_600_000, revokedBy: 'demo-secretary' });
    expect(delegatedGrants(w.delegations.delegated.get('demo-grid-worker'), T0 + 3_600_001)).toEqual([]);
    expect(w.delegations.audit.map((a) => [a.action, (a.before as { revokedAt: number | null } | null)?.revokedAt ?? null])).toEqual([
      ['delegate', null],
      ['revokeDelegation', null],
    ]);
    expect(await refusal(revokeDelegation(w.deps, w.actor('demo-secretary'), doc._id))).toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(await refusal(revokeDelegation(w.deps, w.actor('demo-grid-worker'), doc._id))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
