import type { UserDoc } from '../../../domain/model/roles';
import type { RegistrationDoc } from '../../../domain/checkins/model';
import { REGISTRATION_STATES } from '../../../domain/checkins/model';
import {
  canTransition,
  decideRegistration,
  nextRegistrationState,
  REGISTRATION_ACTIONS,
  register,
  requireActiveRegistration,
  withGrant,
  withoutGrant,
} from '../../../domain/checkins/registration';
import { encodeScene } from '../../../domain/qr/scene';
import { fakeCheckinsDeps, testSigner } from './checkins-fakes';

const NOW = Date.parse('2026-03-02T09:00:00+08:00');
const secretary = { openid: 'sec', name: '陈秀英', grants: [{ role: 'secretary' as const, orgId: 'c-wh' }] };
const member = { openid: 'm1', name: '居民', grants: [] };
const form = { workUnit: '渭城区财政局', partyBranch: '区财政局第二党支部' };

describe('双报到 lifecycle table', () => {
  it('exactly these transitions exist', () => {
    const table: Record<string, string> = {};
    for (const action of REGISTRATION_ACTIONS) {
      for (const from of ['none', ...REGISTRATION_STATES] as const) {
        if (canTransition(action, from)) table[`${action}:${from}`] = nextRegistrationState(action, from);
        else expect(() => nextRegistrationState(action, from)).toThrow(expect.objectContaining({ code: 'FAILED_PRECONDITION' }));
      }
    }
    expect(table).toEqual({
      'submit:none': 'pending',
      'submit:pending': 'pending',
      'submit:rejected': 'pending',
      'submit:moved': 'pending',
      'approve:pending': 'active',
      'reject:pending': 'rejected',
      'suspend:active': 'suspended',
      'reinstate:suspended': 'active',
      'move:active': 'moved',
      'move:suspended': 'moved',
    });
  });

  it('grants are added once and removed exactly', () => {
    const roles = [{ role: 'resident' as const, orgId: 'b1' }];
    const g = { role: 'volunteer' as const, orgId: 'c-wh' };
    expect(withGrant(withGrant(roles, g), g)).toEqual([...roles, g]);
    expect(withoutGrant([...roles, g, { role: 'volunteer', orgId: 'c-ms' }], g)).toEqual([...roles, { role: 'volunteer', orgId: 'c-ms' }]);
  });
});

describe('双报到 use cases', () => {
  it('register from a building QR: the community comes from the scene; forged scenes are refused', async () => {
    const { deps, docs } = fakeCheckinsDeps(NOW, {
      orgs: {
        get: async (id) => (id === 'b1' ? { _id: 'b1', type: 'building', name: '1号楼', parentId: 'g1', path: ['d', 's', 'c-wh', 'g1'], depth: 4 } : undefined),
        getMany: async () => [{ _id: 'c-wh', type: 'community', name: '文汇社区', parentId: 's', path: ['d', 's'], depth: 2 }],
        descendants: async () => [],
      },
    });
    const scene = encodeScene({ kind: 'building', id: 'b1' }, testSigner('qr'));
    const reg = await register(deps, member, { scene, ...form });
    expect(reg).toMatchObject({ _id: 'reg000001', communityId: 'c-wh', communityName: '文汇社区', status: 'pending', name: '居民' });
    await expect(register(deps, member, { scene: `${scene.slice(0, -1)}x`, ...form })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(docs.all('checkin_registrations')).toHaveLength(1);
  });

  it('one pending application at a time; re-applying after rejection; active is refused', async () => {
    const { deps, docs, sent } = fakeCheckinsDeps(NOW);
    docs.seed('users', [{ _id: 'sec', name: '陈秀英', roles: [{ role: 'secretary', orgId: 'c-wh' }] }]);
    const { _id: id } = await register(deps, member, { communityId: 'c-wh', name: '赵立新', ...form });
    expect(sent).toEqual([expect.objectContaining({ to: 'sec', type: 'registration' })]);
    await register(deps, member, { communityId: 'c-wh', name: '赵立新', ...form, skills: ['维修'] }); // an edit, no second notice
    expect(sent).toHaveLength(1);
    await expect(register(deps, member, { communityId: 'c-ms', ...form })).rejects.toMatchObject({ code: 'CONFLICT', message: '您在文汇社区的报到申请正在审核中，请等待审核结果' });
    await decideRegistration(deps, secretary, id, 'reject', '信息不完整');
    expect(docs.all<RegistrationDoc>('checkin_registrations')[0]).toMatchObject({ status: 'rejected', reason: '信息不完整' });
    await register(deps, member, { communityId: 'c-wh', name: '赵立新', ...form });
    expect(docs.all<RegistrationDoc>('checkin_registrations')).toHaveLength(1); // re-applying reuses the one registration
    const approved = await decideRegistration(deps, secretary, id, 'approve');
    expect(approved.history.map((h) => `${h.action}:${h.to}`)).toEqual(['submit:pending', 'submit:pending', 'reject:rejected', 'submit:pending', 'approve:active']);
    expect(docs.all<UserDoc>('users').find((u) => u._id === 'm1')).toMatchObject({ name: '赵立新', roles: [{ role: 'volunteer', orgId: 'c-wh' }] });
    await expect(register(deps, member, { communityId: 'c-wh', ...form })).rejects.toMatchObject({ code: 'CONFLICT', message: '您已在文汇社区报到' });
    await expect(requireActiveRegistration(deps, 'm1', { _id: 'c-wh', name: '文汇社区' })).resolves.toMatchObject({ status: 'active' });
    await expect(requireActiveRegistration(deps, 'm1', { _id: 'c-ms', name: '民生社区' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a failed decision changes nothing', async () => {
    const { deps, docs } = fakeCheckinsDeps(NOW);
    const { _id: id } = await register(deps, member, { communityId: 'c-wh', ...form });
    const before = JSON.stringify([...docs.data.entries()].map(([k, v]) => [k, [...v.entries()]]));
    await expect(decideRegistration(deps, secretary, id, 'suspend', '测试')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    await expect(decideRegistration(deps, secretary, 'reg_c-wh_nobody', 'approve')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(JSON.stringify([...docs.data.entries()].map(([k, v]) => [k, [...v.entries()]]))).toBe(before);
  });
});
