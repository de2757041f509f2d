import type { CheckInResult, CheckOutResult, MeView, PointsView, RegistrationView, SessionView, StationTokenView } from '../../domain/checkins/api';
import type { RegistrationDoc, SessionDoc } from '../../domain/checkins/model';
import { DUTY_MESSAGES } from '../../domain/authz/duties';
import type { BalanceDoc, LedgerTxDoc } from '../../domain/points/ledger';
import type { RedemptionDoc } from '../../domain/points/rewards';
import { dataOf, type Fixtures, fixtures } from '../helpers/fixtures';
import { FIXED_NOW, startTestHost, type TestHost } from '../helpers/test-host';

/**
 * Gaming the check-in and points side, as an insider would: each attack is played through the
 * real `checkins` function on the test host, and judged by its OUTCOME — the points balance, the
 * ledger lines, the notices (inbox and outbox) and, where the attempt is refused, the whole
 * store — not only by the answer's code.
 */

type Res<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

const ST_WH = { lat: 34.3305, lng: 108.7069 };
/** `m` metres north of 文汇社区红色驿站. */
const north = (m: number, accuracy = 15) => ({ lat: ST_WH.lat + m / 111_195, lng: ST_WH.lng, accuracy });
/** 王志强's home, 3 km away. */
const HOME = north(3000, 20);
const MIN = 60_000;
const HOUR = 60 * MIN;
const HIDDEN = { ok: false, error: { code: 'NOT_FOUND', message: '没有找到相关内容' } };

describe('gaming the check-ins and points: every attack leaves no mark', () => {
  let host: TestHost;
  let fx: Fixtures;
  let seq = 0;
  const key = (p: string) => `${p}-${String(++seq).padStart(6, '0')}`;
  const call = <T>(action: string, payload: unknown, openid: string, idempotencyKey?: string) =>
    host.invoke('checkins', { action, payload, ...(idempotencyKey ? { idempotencyKey } : {}) }, openid) as Promise<Res<T>>;

  const balance = (openid: string) => (host.store.get('ledger_balances', `member:${openid}`) as unknown as BalanceDoc | undefined)?.balance ?? 0;
  const linesOf = (openid: string) => (host.store.find('ledger_tx', { accounts: `member:${openid}` }) as unknown as LedgerTxDoc[]).length;
  const notices = () => host.store.size('notifications') + host.store.size('outbox');

  /** What an attack could have changed for `openid`: points, ledger lines, notices. */
  const marks = (openid: string) => ({ balance: balance(openid), lines: linesOf(openid), notices: notices() });

  /** Runs a refused attempt and checks it changed nothing at all. */
  const refused = async <T>(attempt: () => Promise<Res<T>>, openid: string) => {
    const before = { digest: host.store.digest(), ...marks(openid) };
    const res = await attempt();
    expect(res.ok).toBe(false);
    expect({ digest: host.store.digest(), ...marks(openid) }).toEqual(before);
    return res as Extract<Res<T>, { ok: false }>;
  };

  const token = async () => dataOf<StationTokenView>(await call('stationToken', { stationId: 'st-wh' }, 'demo-secretary'), 'stationToken').token;

  beforeAll(() => {
    host = startTestHost();
    fx = fixtures(host);
  });
  afterAll(() => host.destroy());

  it('a volunteer cannot open the duty screen to check himself in from home', async () => {
    // 王志强 is on today's 08:00–12:00 shift: the screen's code is not his to fetch.
    const res = await refused(() => call('stationToken', { stationId: 'st-wh' }, 'demo-volunteer'), 'demo-volunteer');
    expect(res.error).toEqual({ code: 'FORBIDDEN', message: '值班屏只能由社区书记或本驿站的站点管理员打开' });
  });

  it('a station keeper on that day\'s rota may not fetch the code for himself', async () => {
    const reg = host.store.find('checkin_registrations', { openid: 'demo-volunteer', communityId: 'c-wh' })[0] as unknown as RegistrationDoc;
    const granted = dataOf<{ keepers: { id: string; name: string }[] }>(await call('grantKeeper', { stationId: 'st-wh', registrationId: reg._id }, 'demo-secretary'), 'grantKeeper');
    expect(granted.keepers.map((k) => k.name)).toEqual(['王志强']);
    expect(JSON.stringify(granted)).not.toContain('demo-volunteer'); // a keeper is named by the record's id, not the openid
    const res = await refused(() => call('stationToken', { stationId: 'st-wh' }, 'demo-volunteer'), 'demo-volunteer');
    expect(res.error).toEqual({ code: 'FORBIDDEN', message: DUTY_MESSAGES.show_duty_code, details: { duty: 'show_duty_code' } });
    // Off the rota (tomorrow, say) the keeper may open it; today the grant is taken back.
    dataOf(await call('revokeKeeper', { stationId: 'st-wh', keeperId: granted.keepers[0].id }, 'demo-secretary'), 'revokeKeeper');
    // Only staff or an approved member of the community can be named.
    const outsider = await fx.pendingRegistration('c-wh');
    expect(await refused(() => call('grantKeeper', { stationId: 'st-wh', registrationId: outsider.id }, 'demo-secretary'), 'demo-secretary')).toMatchObject({
      error: { code: 'FAILED_PRECONDITION', message: '站点管理员须是文汇社区的工作人员或已报到党员' },
    });
    // The other community's secretary cannot name anyone here, and learns nothing about the station.
    expect(await refused(() => call('grantKeeper', { stationId: 'st-wh', registrationId: reg._id }, 'demo-secretary-2'), 'demo-volunteer')).toEqual(HIDDEN);
  });

  it('a token check-in on weapp without a location is refused', async () => {
    const code = await token();
    const res = await refused(() => call('checkIn', { stationId: 'st-wh', token: code, client: 'weapp' }, 'demo-volunteer', key('ci')), 'demo-volunteer');
    expect(res.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: '在小程序中签到需要您的位置（确认您在驿站），请允许定位后重试' });
    // From home with a leaked code: outside the fence.
    const home = await refused(() => call('checkIn', { stationId: 'st-wh', token: code, location: HOME, client: 'weapp' }, 'demo-volunteer', key('ci')), 'demo-volunteer');
    expect(home.error).toMatchObject({ code: 'FAILED_PRECONDITION', message: '您不在驿站范围内（距离 3.0 公里）' });
    // A huge reported inaccuracy does not stretch the fence to his sofa.
    const vague = await refused(() => call('checkIn', { stationId: 'st-wh', token: code, location: north(3000, 5000), client: 'weapp' }, 'demo-volunteer'), 'demo-volunteer');
    expect(vague.error.code).toBe('FAILED_PRECONDITION');
  });

  it('a leaked code typed on H5 from home: accepted only within its minute, and credited nothing until the secretary confirms', async () => {
    const code = await token();
    host.clock.advance(MIN); // the next minute: fine for a located check-in, too old for a code alone
    const late = await refused(() => call('checkIn', { stationId: 'st-wh', token: code, client: 'h5' }, 'demo-volunteer', key('ci')), 'demo-volunteer');
    expect(late.error).toMatchObject({ code: 'FAILED_PRECONDITION', message: '签到码已过期，请扫描值班屏上最新的二维码' });

    const before = marks('demo-volunteer');
    const fresh = await token();
    const res = dataOf<CheckInResult>(await call('checkIn', { stationId: 'st-wh', token: fresh, client: 'h5' }, 'demo-volunteer', key('ci')), 'checkIn');
    expect(res.session).toMatchObject({ status: 'open', statusLabel: '服务中·待书记确认', unverifiedLocation: true, awaitingConfirmation: true });
    expect(res.message).toContain('待书记确认');
    host.clock.advance(3 * HOUR);
    const out = dataOf<CheckOutResult>(await call('checkOut', { client: 'h5' }, 'demo-volunteer', key('co')), 'checkOut');
    expect(out.session).toMatchObject({ status: 'unverified', statusLabel: '待书记确认', credited: false, creditedMinutes: 0, points: 0 });
    expect(out.message).toContain('待书记确认');
    expect(marks('demo-volunteer')).toEqual(before); // no points, no ledger line, no notice
    const me = dataOf<MeView>(await call('me', {}, 'demo-volunteer'), 'me');
    expect(me.month.served).toBe(0);
    // The secretary sees it among those to confirm; confirming 0 minutes credits nothing.
    const pending = dataOf<SessionView[]>(await call('sessions', { status: 'unverified' }, 'demo-secretary'), 'sessions');
    expect(pending).toEqual([expect.objectContaining({ id: out.session.id, can: { confirm: true }, flags: [expect.objectContaining({ code: 'unverified_location' })] })]);
    dataOf(await call('confirmSession', { id: out.session.id, minutes: 0 }, 'demo-secretary'), 'confirmSession');
    expect(balance('demo-volunteer')).toBe(before.balance);
    expect(linesOf('demo-volunteer')).toBe(before.lines);
  });

  it('checking out from outside the fence credits only up to the last verified moment, flagged', async () => {
    const before = marks('demo-volunteer');
    const ci = dataOf<CheckInResult>(await call('checkIn', { stationId: 'st-wh', token: await token(), location: north(30), client: 'weapp' }, 'demo-volunteer', key('ci')), 'checkIn');
    expect(ci.session).toMatchObject({ unverifiedLocation: false, awaitingConfirmation: false });
    host.clock.advance(2 * HOUR); // gone home after checking in; checks out from the sofa
    const out = dataOf<CheckOutResult>(await call('checkOut', { location: HOME, client: 'weapp' }, 'demo-volunteer', key('co')), 'checkOut');
    expect(out.session).toMatchObject({ status: 'closed', creditedMinutes: 0, points: 0, flags: [expect.objectContaining({ code: 'checkout_outside' })] });
    expect(out.message).toContain('仅计入到最后一次确认在站的时间');
    expect(marks('demo-volunteer')).toEqual(before);
    // Without a location at all: the same.
    dataOf(await call('checkIn', { stationId: 'st-wh', token: await token(), location: north(20), client: 'weapp' }, 'demo-volunteer', key('ci')), 'checkIn');
    host.clock.advance(HOUR);
    const blind = dataOf<CheckOutResult>(await call('checkOut', { client: 'weapp' }, 'demo-volunteer', key('co')), 'checkOut');
    expect(blind.session).toMatchObject({ creditedMinutes: 0, points: 0, flags: [expect.objectContaining({ code: 'checkout_no_location' })] });
    expect(marks('demo-volunteer')).toEqual(before);
  });

  it('the secretary registers in her own community and cannot approve herself', async () => {
    const reg = dataOf<RegistrationView>(
      await call('register', { communityId: 'c-wh', name: '陈秀英', workUnit: '渭城区委组织部', partyBranch: '区委组织部机关党支部' }, 'demo-secretary'),
      'register',
    );
    expect(reg.can.approve).toBe(false); // no button for her own either
    for (const [action, payload] of [
      ['approve', { id: reg.id }],
      ['reject', { id: reg.id, reason: '自己驳回自己' }],
    ] as const) {
      const res = await refused(() => call(action, payload, 'demo-secretary'), 'demo-secretary');
      expect(res.error).toEqual({ code: 'FORBIDDEN', message: DUTY_MESSAGES.decide_registration, details: { duty: 'decide_registration' } });
    }
    expect(host.store.get('users', 'demo-secretary')).toMatchObject({ roles: [{ role: 'secretary', orgId: 'c-wh' }] }); // no volunteer role
  });

  it('the secretary cannot adjust her own points, approve her own redemption or confirm her own session', async () => {
    // She is, on paper, an active member of her own community (approved by someone else, say the street, long ago).
    const own = host.store.find('checkin_registrations', { openid: 'demo-secretary', communityId: 'c-wh' })[0] as unknown as RegistrationDoc;
    const regId = own._id;
    const active: RegistrationDoc = { ...own, status: 'active', approvedAt: FIXED_NOW - 90 * 86_400_000 };
    const redemption: RedemptionDoc = {
      _id: 'rdm_secretary_self', rewardId: 'rw-wh-haircut', rewardName: '理发券', communityId: 'c-wh', openid: 'demo-secretary', name: '陈秀英', cost: 50, status: 'pending',
      reason: null, requestedAt: FIXED_NOW, decidedAt: null, decidedBy: null,
    };
    const session: SessionDoc = {
      _id: 'ses_secretary_self', openid: 'demo-secretary', name: '陈秀英', stationId: 'st-wh', stationName: '文汇社区红色驿站', communityId: 'c-wh', registrationId: regId,
      workUnit: '', partyBranch: '', method: 'token', location: null, shift: null, checkInAt: FIXED_NOW - 26 * HOUR, closesAt: FIXED_NOW - 13 * HOUR, month: '2026-03',
      status: 'auto_closed', checkOutAt: FIXED_NOW - 13 * HOUR, minutes: 720, creditableMinutes: 240, creditedMinutes: 0, points: 0, credited: false, autoClosed: true,
      confirmedBy: null, checkInKey: null, checkOutKey: null,
    };
    host.store.commit([
      { collection: 'checkin_registrations', id: regId, doc: active as unknown as RegistrationDoc & Record<string, unknown> },
      { collection: 'redemptions', id: redemption._id, doc: redemption as unknown as RedemptionDoc & Record<string, unknown> },
      { collection: 'checkin_sessions', id: session._id, doc: session as unknown as SessionDoc & Record<string, unknown> },
    ]);
    const adjust = await refused(() => call('adjustPoints', { communityId: 'c-wh', openid: 'demo-secretary', amount: 1000, reason: '自己给自己加分' }, 'demo-secretary', key('adj')), 'demo-secretary');
    expect(adjust.error).toEqual({ code: 'FORBIDDEN', message: DUTY_MESSAGES.adjust_points, details: { duty: 'adjust_points' } });
    const approve = await refused(() => call('approveRedemption', { id: redemption._id }, 'demo-secretary'), 'demo-secretary');
    expect(approve.error).toEqual({ code: 'FORBIDDEN', message: DUTY_MESSAGES.decide_redemption, details: { duty: 'decide_redemption' } });
    const reject = await refused(() => call('rejectRedemption', { id: redemption._id, reason: '退回给自己' }, 'demo-secretary'), 'demo-secretary');
    expect(reject.error.message).toBe(DUTY_MESSAGES.decide_redemption);
    const confirm = await refused(() => call('confirmSession', { id: session._id, minutes: 240 }, 'demo-secretary'), 'demo-secretary');
    expect(confirm.error).toEqual({ code: 'FORBIDDEN', message: DUTY_MESSAGES.confirm_session, details: { duty: 'confirm_session' } });
    // Her list shows no buttons on her own rows.
    const rows = dataOf<{ id: string; can: { approve: boolean } }[]>(await call('redemptions', { status: 'pending' }, 'demo-secretary'), 'redemptions');
    expect(rows.find((r) => r.id === redemption._id)?.can.approve).toBe(false);
    const sessions = dataOf<SessionView[]>(await call('sessions', { status: 'auto_closed' }, 'demo-secretary'), 'sessions');
    expect(sessions.find((s) => s.id === session._id)?.can.confirm).toBe(false);
  });

  it('the secretary checking herself in with the code she shows is not proof: it waits for someone else', async () => {
    const res = dataOf<CheckInResult>(
      await call('checkIn', { stationId: 'st-wh', token: await token(), location: north(10), client: 'weapp' }, 'demo-secretary', key('ci')),
      'checkIn',
    );
    expect(res.session).toMatchObject({ unverifiedLocation: true, flags: expect.arrayContaining([expect.objectContaining({ code: 'code_holder' })]) });
    host.clock.advance(HOUR);
    const before = marks('demo-secretary');
    const out = dataOf<CheckOutResult>(await call('checkOut', { location: north(10), client: 'weapp' }, 'demo-secretary', key('co')), 'checkOut');
    expect(out.session).toMatchObject({ status: 'unverified', credited: false, points: 0 });
    expect(marks('demo-secretary')).toEqual(before);
    expect((await call('confirmSession', { id: out.session.id, minutes: 60 }, 'demo-secretary')) as Res<unknown>).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('nobody is credited while suspended or moved: adjustments and confirmations are refused, with the reason', async () => {
    const suspended = await fx.suspendedMember();
    const res = await refused(() => call('adjustPoints', { communityId: 'c-wh', openid: suspended.openid, amount: 50, reason: '暂停期间加分' }, 'demo-secretary', key('adj')), suspended.openid);
    expect(res.error).toMatchObject({ code: 'FAILED_PRECONDITION', message: '志愿者0在文汇社区的报到当前为“已暂停”，不能计入积分或服务时长' });

    const moving = await fx.activeMember();
    dataOf(await call('markMoved', { id: moving.id, reason: '已搬离' }, 'demo-secretary'), 'markMoved');
    const moved = await refused(() => call('adjustPoints', { communityId: 'c-wh', openid: moving.openid, amount: 1000, reason: '迁出后加分' }, 'demo-secretary', key('adj')), moving.openid);
    expect(moved.error).toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringContaining('“已迁出”') });

    // A forgotten session of someone suspended since: the secretary cannot credit it.
    const s = await fx.autoClosedSession();
    const reg = host.store.find('checkin_registrations', { openid: s.openid })[0];
    dataOf(await call('suspend', { id: reg._id, reason: '长期未参加服务' }, 'demo-secretary'), 'suspend');
    const confirm = await refused(() => call('confirmSession', { id: s.id, minutes: 120 }, 'demo-secretary'), s.openid);
    expect(confirm.error.code).toBe('FAILED_PRECONDITION');
  });

  it('an adjustment key reused for another amount is CONFLICT, and a retry notifies nobody again', async () => {
    const m = await fx.activeMember();
    const k = key('adj');
    dataOf(await call('adjustPoints', { communityId: 'c-wh', openid: m.openid, amount: 10, reason: '活动表现突出' }, 'demo-secretary', k), 'adjust');
    const after = marks(m.openid);
    expect(after.balance).toBe(10);
    const retry = await call<{ amount: number }>('adjustPoints', { communityId: 'c-wh', openid: m.openid, amount: 10, reason: '活动表现突出' }, 'demo-secretary', k);
    expect(retry).toMatchObject({ ok: true, data: { amount: 10 } });
    expect(marks(m.openid)).toEqual(after);
    const other = await call('adjustPoints', { communityId: 'c-wh', openid: m.openid, amount: -5, reason: '活动表现突出' }, 'demo-secretary', k);
    expect(other).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(marks(m.openid)).toEqual(after);
  });

  it('cancelSignUp by someone not on the shift answers like a shift that does not exist (no members\' names)', async () => {
    const shift = host.store.find('checkin_shifts', { stationId: 'st-wh', date: '2026-03-02', startLabel: '08:00' })[0];
    expect((shift.members as { name: string }[]).map((m) => m.name)).toContain('王志强');
    for (const who of ['stranger-probe', 'demo-resident', 'demo-secretary-2']) {
      const res = await refused(() => call('cancelSignUp', { shiftId: shift._id }, who), 'demo-volunteer');
      expect(res).toEqual(HIDDEN);
      expect(JSON.stringify(res)).not.toContain('王志强');
      expect(await refused(() => call('cancelSignUp', { shiftId: 'sh-st-wh-20990101-0800' }, who), 'demo-volunteer')).toEqual(HIDDEN);
    }
    // A retried cancel by the one who cancelled still answers as done.
    const tomorrow = host.store.find('checkin_shifts', { stationId: 'st-wh', date: '2026-03-04', startLabel: '16:00' })[0]._id;
    dataOf(await call('signUp', { shiftId: tomorrow }, 'demo-volunteer'), 'signUp');
    dataOf(await call('cancelSignUp', { shiftId: tomorrow }, 'demo-volunteer'), 'cancel');
    expect(await call('cancelSignUp', { shiftId: tomorrow }, 'demo-volunteer')).toMatchObject({ ok: true, data: { mine: false } });
  });

  it('registration ids cannot be guessed, and probing them across communities tells nothing', async () => {
    const applicant = await fx.pendingRegistration('c-wh');
    expect(applicant.id).toMatch(/^reg_[0-9a-f]{24}$/);
    expect(applicant.id).not.toContain(applicant.openid);
    // The other community's secretary probes: a real id, a guessed id in the old pattern, a made-up one — all answer alike.
    const probes = [applicant.id, `reg_c-wh_${applicant.openid}`, 'reg_c-wh_demo-volunteer', 'reg_000000000000000000000000'];
    for (const action of ['approve', 'reinstate', 'suspend', 'markMoved'] as const) {
      for (const id of probes) {
        const payload = action === 'suspend' ? { id, reason: '试探一下' } : { id };
        expect(await refused(() => call(action, payload, 'demo-secretary-2'), applicant.openid)).toEqual(HIDDEN);
      }
    }
    for (const id of probes) expect(await refused(() => call('reject', { id, reason: '试探一下' }, 'demo-secretary-2'), applicant.openid)).toEqual(HIDDEN);
    // Sessions and redemptions likewise.
    const s = await fx.autoClosedSession();
    expect(await refused(() => call('confirmSession', { id: s.id, minutes: 10 }, 'demo-secretary-2'), s.openid)).toEqual(HIDDEN);
    expect(await refused(() => call('confirmSession', { id: 'ses-made-up', minutes: 10 }, 'demo-secretary-2'), s.openid)).toEqual(HIDDEN);
    const r = await fx.pendingRedemption();
    expect(await refused(() => call('approveRedemption', { id: r.id }, 'demo-secretary-2'), r.openid)).toEqual(HIDDEN);
    expect(await refused(() => call('approveRedemption', { id: 'rdm_made_up' }, 'demo-secretary-2'), r.openid)).toEqual(HIDDEN);
    // Re-applying keeps the one registration (unique per person and community).
    dataOf(await call('register', { communityId: 'c-wh', name: '申请人', workUnit: '渭城区财政局', partyBranch: '区财政局机关党支部' }, applicant.openid), 'register again');
    expect(host.store.find('checkin_registrations', { openid: applicant.openid, communityId: 'c-wh' })).toHaveLength(1);
  });

  it('what the volunteer sees: points unchanged by every attack above', async () => {
    const points = dataOf<PointsView>(await call('points', {}, 'demo-volunteer'), 'points');
    expect(points.balance).toBe(balance('demo-volunteer'));
    expect(points.lines.every((l) => l.cause.type !== 'session' || l.at < FIXED_NOW)).toBe(true);
  });
});
