import fc from 'fast-check';
import { DUTY_MESSAGES } from '../../../domain/authz/duties';
import type { Actor } from '../../../domain/checkins/deps';
import { grantKeeper, keeperStanding, revokeKeeper } from '../../../domain/checkins/keepers';
import type { RegistrationDoc, SessionDoc, ShiftDoc } from '../../../domain/checkins/model';
import { decideRegistration, REGISTRATION_KEYS, register } from '../../../domain/checkins/registration';
import { checkIn, checkOutPatch } from '../../../domain/checkins/sessions';
import { confirmSession } from '../../../domain/checkins/session-confirm';
import { dutyScreenToken } from '../../../domain/checkins/duty-screen';
import { cancelSignUp } from '../../../domain/checkins/shifts';
import { issueToken, TOKEN_STEP_MS, verifyToken } from '../../../domain/checkins/token';
import { DEFAULT_CHECKINS_CONFIG } from '../../../domain/checkins/deps';
import { adjustPoints, approveRedemption, creditCompletedOrder, rejectRedemption } from '../../../domain/points/rewards';
import { autoClosedSession } from '../../../server/seed/checkins-demo';
import { fakeCheckinsDeps, STATION, testSigner } from './checkins-fakes';

/**
 * Separation of duties on the check-in side, as properties: for any person who is both the
 * secretary acting and the member acted on, every act that would mark their own work is
 * refused (FORBIDDEN, the duties message) and leaves the store as it was; the same act by
 * someone else is never refused for that reason. Plus the rules of proof of presence.
 */

const NOW = Date.parse('2026-03-02T09:00:00+08:00');
const MIN = 60_000;
const OPENID = fc.stringMatching(/^[a-z][a-z0-9-]{2,20}$/);

const north = (m: number, accuracy = 10) => ({ lat: STATION.fence.lat + m / 111_195, lng: STATION.fence.lng, accuracy });

const secretaryNamed = (openid: string): Actor => ({ openid, name: '书记', grants: [{ role: 'secretary', orgId: 'c-wh' }] });

const registration = (openid: string, status: RegistrationDoc['status'] = 'active'): RegistrationDoc => ({
  _id: `reg-of-${openid}`,
  openid,
  name: '党员',
  phone: null,
  communityId: 'c-wh',
  communityName: '文汇社区',
  workUnit: '住建局',
  partyBranch: '一支部',
  skills: [],
  availability: [],
  status,
  reason: null,
  history: [],
  createdAt: NOW,
  updatedAt: NOW,
  approvedAt: null,
});

const autoClosed = (openid: string): SessionDoc =>
  autoClosedSession({ id: `ses-of-${openid}`, openid, registrationId: `reg-of-${openid}`, checkInAt: NOW - 12 * 60 * MIN, closedAt: NOW - 60 * MIN, name: '党员', workUnit: '', partyBranch: '' });

/** The world of one member (and their pending redemption) in which `actor` acts. */
const world = (member: string) => {
  const f = fakeCheckinsDeps(NOW);
  f.docs.seed('stations', [STATION]);
  f.docs.seed('checkin_registrations', [registration(member, 'pending'), registration(`${member}-active`)].map((r, i) => (i === 0 ? r : { ...r, _id: `reg-active-${member}` })));
  f.docs.seed('checkin_sessions', [autoClosed(member)]);
  f.docs.seed('redemptions', [
    { _id: `rdm-of-${member}`, rewardId: 'rw', rewardName: '理发券', communityId: 'c-wh', openid: member, name: '党员', cost: 10, status: 'pending', reason: null, requestedAt: NOW, decidedAt: null, decidedBy: null },
  ]);
  return f;
};

const snapshot = (docs: ReturnType<typeof world>['docs']) => JSON.stringify([...docs.data.entries()].map(([k, v]) => [k, [...v.entries()]]));

type Act = { name: keyof typeof DUTY_MESSAGES; run: (f: ReturnType<typeof world>, actor: Actor, member: string) => Promise<unknown> };
const ACTS: Act[] = [
  { name: 'decide_registration', run: (f, a, m) => decideRegistration(f.deps, a, `reg-of-${m}`, 'approve') },
  { name: 'decide_registration', run: (f, a, m) => decideRegistration(f.deps, a, `reg-of-${m}`, 'reject', '不符合') },
  { name: 'confirm_session', run: (f, a, m) => confirmSession(f.deps, a, `ses-of-${m}`, 60) },
  { name: 'decide_redemption', run: (f, a, m) => approveRedemption(f.deps, a, `rdm-of-${m}`) },
  { name: 'decide_redemption', run: (f, a, m) => rejectRedemption(f.deps, a, `rdm-of-${m}`, '暂缺') },
  { name: 'adjust_points', run: (f, a, m) => adjustPoints(f.deps, a, 'c-wh', m, 100, '奖励', 'adjust-key-1') },
];

describe('separation of duties in check-ins and points (property)', () => {
  it('for any person, every act on their own registration, session, redemption or points is refused and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(OPENID, fc.constantFrom(...ACTS), async (person, act) => {
        const f = world(person);
        const before = snapshot(f.docs);
        await expect(act.run(f, secretaryNamed(person), person)).rejects.toMatchObject({ code: 'FORBIDDEN', message: DUTY_MESSAGES[act.name], details: { duty: act.name } });
        expect(snapshot(f.docs)).toBe(before);
        expect(f.sent).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('the same acts by someone else are never refused as self-dealing', async () => {
    await fc.assert(
      fc.asyncProperty(OPENID, OPENID, fc.constantFrom(...ACTS), async (actor, member, act) => {
        fc.pre(actor !== member);
        const f = world(member);
        try {
          await act.run(f, secretaryNamed(actor), member);
        } catch (error) {
          expect((error as { details?: { duty?: string } }).details?.duty).toBeUndefined();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('for any person, opening the duty screen of a station whose rota they are on today is refused', async () => {
    await fc.assert(
      fc.asyncProperty(OPENID, async (person) => {
        const f = fakeCheckinsDeps(NOW);
        const shift: ShiftDoc = { _id: 'sh-1', stationId: 'st-wh', communityId: 'c-wh', date: '2026-03-02', start: NOW + 3 * 60 * MIN, end: NOW + 7 * 60 * MIN, startLabel: '12:00', endLabel: '16:00', capacity: 3, members: [{ openid: person, name: '党员', at: NOW }], updatedAt: NOW };
        f.docs.seed('stations', [STATION]);
        f.docs.seed('checkin_shifts', [shift]);
        await expect(dutyScreenToken(f.deps, secretaryNamed(person), 'st-wh')).rejects.toMatchObject({ code: 'FORBIDDEN', details: { duty: 'show_duty_code' } });
        await expect(dutyScreenToken(f.deps, secretaryNamed(`${person}-other`), 'st-wh')).resolves.toMatchObject({ code: expect.stringMatching(/^CI\.st-wh\./) });
      }),
      { numRuns: 30 },
    );
  });
});

describe('proof of presence', () => {
  const volunteer: Actor = { openid: 'v1', name: '王志强', grants: [{ role: 'volunteer', orgId: 'c-wh' }] };
  const setup = () => {
    const f = fakeCheckinsDeps(NOW);
    f.docs.seed('stations', [STATION]);
    f.docs.seed('checkin_registrations', [registration('v1')]);
    return f;
  };

  it('a code alone is good only within its step; with a location, its step and the next', () => {
    const sign = testSigner('k');
    const { token } = issueToken(sign, 'st-wh', NOW);
    expect(verifyToken(sign, 'st-wh', token, NOW + TOKEN_STEP_MS, { currentStepOnly: true })).toBe('stale');
    expect(verifyToken(sign, 'st-wh', token, NOW + TOKEN_STEP_MS)).toBe('ok');
    expect(verifyToken(sign, 'st-wh', token, NOW, { currentStepOnly: true })).toBe('ok');
  });

  it('weapp must send the location with a token; H5 without one waits for the secretary', async () => {
    const f = setup();
    const code = (await dutyScreenToken(f.deps, secretaryNamed('sec'), 'st-wh')).token.token;
    await expect(checkIn(f.deps, volunteer, { stationId: 'st-wh', token: code, client: 'weapp' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const { session } = await checkIn(f.deps, volunteer, { stationId: 'st-wh', token: code, client: 'h5' });
    expect(session).toMatchObject({ unverifiedLocation: true, lastVerifiedAt: null, flags: ['unverified_location'] });
  });

  it('check-out credits never exceed the verified time (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 600 }),
        fc.boolean(),
        fc.constantFrom<'inside' | 'outside' | 'none'>('inside', 'outside', 'none'),
        fc.boolean(),
        (verifiedAfter, stayed, unverified, where, active) => {
          const checkInAt = NOW;
          const session = { ...autoClosed('v1'), status: 'open' as const, checkInAt, closesAt: NOW + 11 * 60 * MIN, unverifiedLocation: unverified, lastVerifiedAt: unverified ? null : checkInAt + Math.min(verifiedAfter, stayed) * MIN };
          const now = checkInAt + stayed * MIN;
          const fence = where === 'none' ? null : { inside: where === 'inside', distanceM: where === 'inside' ? 10 : 3000, allowanceM: 10 };
          const patch = checkOutPatch(session, now, { fence, location: fence ? north(fence.distanceM) : null, registrationActive: active, config: DEFAULT_CHECKINS_CONFIG });
          const credited = patch.creditedMinutes ?? 0;
          if (!active || unverified) expect(credited).toBe(0);
          else if (where === 'inside') expect(credited).toBe(Math.min(stayed, DEFAULT_CHECKINS_CONFIG.maxWalkInMinutes));
          else expect(credited).toBeLessThanOrEqual(Math.min(verifiedAfter, stayed));
          if (unverified && active) expect(patch.status).toBe('unverified');
          if (where !== 'inside' && active && !unverified) expect(patch.flags).toContain(where === 'outside' ? 'checkout_outside' : 'checkout_no_location');
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('registrations, keepers and credits', () => {
  it('registration ids are random, and one person has one registration per community', async () => {
    const f = fakeCheckinsDeps(NOW);
    const member: Actor = { openid: 'm1', name: '赵立新', grants: [] };
    const form = { workUnit: '渭城区财政局', partyBranch: '区财政局机关党支部' };
    const a = await register(f.deps, member, { communityId: 'c-wh', ...form });
    expect(a._id).not.toContain('m1');
    expect(a._id).not.toContain('c-wh');
    const b = await register(f.deps, member, { communityId: 'c-wh', ...form, skills: ['维修'] });
    expect(b._id).toBe(a._id);
    expect(f.docs.all(REGISTRATION_KEYS)).toHaveLength(1);
    expect(f.docs.all('checkin_registrations')).toHaveLength(1);
  });

  it('a keeper must be staff or an active member of the community; revoking takes the screen away', async () => {
    const f = fakeCheckinsDeps(NOW);
    f.docs.seed('stations', [STATION]);
    f.docs.seed('checkin_registrations', [registration('m-active'), { ...registration('m-pending', 'pending'), _id: 'reg-p' }]);
    f.docs.seed('users', [{ _id: 'gw', name: '赵敏', roles: [{ role: 'grid_worker', orgId: 'c-wh' }] }, { _id: 'gw2', name: '钱磊', roles: [{ role: 'grid_worker', orgId: 'c-ms' }] }]);
    expect(await keeperStanding(f.deps, { _id: 'c-wh' }, 'm-active')).toBe('member');
    expect(await keeperStanding(f.deps, { _id: 'c-wh' }, 'gw')).toBe('staff');
    expect(await keeperStanding(f.deps, { _id: 'c-wh' }, 'gw2')).toBeNull();
    expect(await keeperStanding(f.deps, { _id: 'c-wh' }, 'm-pending')).toBeNull();
    const sec = secretaryNamed('sec');
    await expect(grantKeeper(f.deps, sec, 'st-wh', { registrationId: 'reg-p' })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    await expect(grantKeeper(f.deps, { ...sec, grants: [{ role: 'secretary', orgId: 'c-ms' }] }, 'st-wh', { openid: 'gw' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const granted = await grantKeeper(f.deps, sec, 'st-wh', { registrationId: 'reg-of-m-active' });
    expect(granted.keepers).toEqual([expect.objectContaining({ name: '党员', as: 'member', asLabel: '报到党员' })]);
    expect((await grantKeeper(f.deps, sec, 'st-wh', { registrationId: 'reg-of-m-active' })).changed).toBe(false);
    const keeper: Actor = { openid: 'm-active', name: '党员', grants: [{ role: 'volunteer', orgId: 'c-wh' }] };
    await expect(dutyScreenToken(f.deps, keeper, 'st-wh')).resolves.toBeTruthy();
    await revokeKeeper(f.deps, sec, 'st-wh', granted.keepers[0].id);
    await expect(dutyScreenToken(f.deps, keeper, 'st-wh')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('an order credit goes only to an active member', async () => {
    for (const status of ['suspended', 'moved', 'pending'] as const) {
      const f = fakeCheckinsDeps(NOW);
      f.docs.seed('checkin_registrations', [registration('v9', status)]);
      expect(await creditCompletedOrder(f.deps, { _id: `o-${status}`, kind: 'wish', status: 'closed', handlerOpenid: 'v9', place: { communityId: 'c-wh' } })).toBeNull();
      expect(f.docs.all('ledger_tx')).toEqual([]);
    }
  });

  it('cancelSignUp by someone not on the shift is NOT_FOUND, exactly like a missing shift', async () => {
    const f = fakeCheckinsDeps(NOW);
    f.docs.seed('stations', [STATION]);
    const shift: ShiftDoc = { _id: 'sh-1', stationId: 'st-wh', communityId: 'c-wh', date: '2026-03-03', start: NOW + 24 * 60 * MIN, end: NOW + 28 * 60 * MIN, startLabel: '09:00', endLabel: '13:00', capacity: 3, members: [{ openid: 'v1', name: '王志强', at: NOW }], updatedAt: NOW };
    f.docs.seed('checkin_shifts', [shift]);
    const stranger: Actor = { openid: 'x', name: '居民', grants: [] };
    const hidden = await cancelSignUp(f.deps, stranger, 'sh-1').catch((e: unknown) => e);
    const missing = await cancelSignUp(f.deps, stranger, 'sh-none').catch((e: unknown) => e);
    expect(hidden).toMatchObject({ code: 'NOT_FOUND' });
    expect(JSON.stringify(hidden)).toBe(JSON.stringify(missing));
    expect({ message: (hidden as Error).message, details: (hidden as { details?: unknown }).details }).toEqual({ message: (missing as Error).message, details: (missing as { details?: unknown }).details });
  });
});
