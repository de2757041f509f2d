import type {
  CheckInResult,
  CheckOutResult,
  CsvFileView,
  DutyView,
  MeView,
  MonthlyReportView,
  PointsView,
  RedemptionView,
  RegistrationView,
  RewardView,
  SessionView,
  ShiftView,
  StationPosterView,
  StationTokenView,
  StationView,
} from '../../domain/checkins/api';
import { parseCheckinCode } from '../../domain/checkins/token';
import { type BalanceDoc, isGuarded, type LedgerTxDoc, sumLines } from '../../domain/points/ledger';
import { activeVolunteerWrites } from '../../server/seed/checkins-demo';
import { FIXED_NOW, startTestHost, type TestHost } from '../helpers/test-host';

/**
 * Volunteer check-ins through the real `checkins` function, the real SDK and the embedded
 * store: 双报到 → approval → shift → on-site check-in → check-out → points → redemption,
 * and the refusals that must store nothing.
 */

type Res<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

const ST_WH = { lat: 34.3305, lng: 108.7069 };
/** A point `m` metres north of the station's centre. */
const north = (m: number, accuracy?: number) => ({ lat: ST_WH.lat + m / 111_195, lng: ST_WH.lng, ...(accuracy !== undefined ? { accuracy } : {}) });
const MIN = 60_000;
const HOUR = 60 * MIN;

const data = <T>(res: Res<T>): T => {
  if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res.error)}`);
  return res.data;
};

const ledgerIsConsistent = (host: TestHost) => {
  const txs = host.store.find('ledger_tx', {}) as unknown as LedgerTxDoc[];
  for (const tx of txs) expect(tx.lines.reduce((s, l) => s + l.amount, 0)).toBe(0);
  const balances = host.store.find('ledger_balances', {}) as unknown as BalanceDoc[];
  for (const b of balances) {
    expect(isGuarded(b.account)).toBe(true);
    expect(b.balance).toBe(sumLines(txs, b.account));
    expect(b.balance).toBeGreaterThanOrEqual(0);
  }
  return { txs, balances };
};

describe('checkins: 双报到 → shift → check-in → check-out → points → redemption', () => {
  let host: TestHost;
  const call = <T>(action: string, payload: unknown, openid: string) => host.call<T>('checkins', action, payload, openid) as Promise<Res<T>>;
  const ME = 'new-member-01';

  beforeAll(() => {
    host = startTestHost();
  });
  afterAll(() => host.destroy());

  let reg: RegistrationView;

  it('a party member never seen before registers with 文汇社区: pending, the secretary is told', async () => {
    reg = data(
      await call<RegistrationView>(
        'register',
        { communityId: 'c-wh', name: '赵立新', phone: '13912345678', workUnit: '渭城区财政局', partyBranch: '区财政局第二党支部', skills: ['财务咨询'], availability: ['weekend'] },
        ME,
      ),
    );
    expect(reg).toMatchObject({ status: 'pending', statusLabel: '待审核', communityName: '文汇社区', name: '赵立新', phone: '13912345678', availabilityLabels: ['周末'] });
    // The id is random: it names neither the person nor the community (nobody can guess it to probe).
    expect(reg.id).toMatch(/^reg_[0-9a-f]{24}$/);
    expect(reg.id).not.toContain(ME);
    expect(reg.id).not.toContain('c-wh');
    expect(host.store.find('notifications', { to: 'demo-secretary', type: 'registration' })).toHaveLength(1);
    const me = data(await call<MeView>('me', {}, ME));
    expect(me.registration?.status).toBe('pending');
  });

  it('bad input is refused with the field named, and nothing stored', async () => {
    const before = host.store.digest();
    for (const bad of [
      {},
      { communityId: 'c-wh', workUnit: 'x', partyBranch: '区财政局' },
      { communityId: 'c-wh', scene: 'Bb-wh-1-1.0000000000', workUnit: '渭城区财政局', partyBranch: '区财政局' },
      { communityId: 'c-wh', workUnit: '渭城区财政局', partyBranch: '区财政局', availability: ['sometimes'] },
      { communityId: { $ne: 1 }, workUnit: '渭城区财政局', partyBranch: '区财政局' },
    ]) {
      const res = await call('register', bad, 'someone-else-1');
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(await call('register', { communityId: 'g-wh-1', workUnit: '渭城区财政局', partyBranch: '区财政局' }, 'someone-else-1')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(host.store.digest()).toBe(before);
  });

  it('not yet approved: check-in and sign-up are refused with the reason', async () => {
    const res = await call('checkIn', { stationId: 'st-wh', token: 'AAAAAAAA' }, ME);
    expect(res).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '您的报到申请正在审核，审核通过后才能参加服务' } });
    const never = await call('checkIn', { stationId: 'st-wh', token: 'AAAAAAAA' }, 'demo-resident');
    expect(never).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '您还没有在文汇社区报到，请先提交“双报到”申请' } });
  });

  it('only the secretary of 文汇社区 decides; she sees the pending list', async () => {
    const list = data(await call<RegistrationView[]>('registrations', { status: 'pending' }, 'demo-secretary'));
    expect(list.map((r) => r.name).sort()).toEqual(['刘芳', '赵立新']);
    expect(list.find((r) => r.id === reg.id)).toMatchObject({ phone: '139****5678', can: { approve: true, reject: true, suspend: false } });
    expect(await call('registrations', { communityId: 'c-wh' }, 'demo-secretary-2')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    for (const who of ['demo-secretary-2', 'demo-volunteer', ME]) {
      expect(await call('approve', { id: reg.id }, who)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  });

  it('approval activates it and grants the volunteer role to a user who did not exist yet', async () => {
    expect(host.store.get('users', ME)).toBeUndefined();
    reg = data(await call<RegistrationView>('approve', { id: reg.id }, 'demo-secretary'));
    expect(reg).toMatchObject({ status: 'active', statusLabel: '已报到', can: { approve: false, suspend: true } });
    expect(host.store.get('users', ME)).toMatchObject({ name: '赵立新', roles: [{ role: 'volunteer', orgId: 'c-wh' }] });
    expect(data(await call<RegistrationView>('approve', { id: reg.id }, 'demo-secretary')).status).toBe('active'); // a retry
    expect(await call('reject', { id: reg.id, reason: '已通过后不能驳回' }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    const me = data(await call<MeView>('me', {}, ME));
    expect(me.registration).toMatchObject({ status: 'active', name: '赵立新', phone: '13912345678' });
    expect(me.month).toEqual({ month: '2026-03', served: 0, target: 2, minutes: 0, label: '本月已服务 0/2' });
    expect(host.store.find('notifications', { to: ME })).toHaveLength(1);
  });

  it('stations list their fence and opening hours', async () => {
    const stations = data(await call<StationView[]>('stations', { communityId: 'c-wh' }, ME));
    expect(stations).toEqual([
      expect.objectContaining({ id: 'st-wh', name: '文汇社区红色驿站', fence: { lat: 34.3305, lng: 108.7069, radiusM: 150 }, hoursLabel: '08:00–20:00', openNow: true }),
    ]);
    expect(data(await call<StationView[]>('stations', {}, 'demo-resident')).length).toBe(3);
  });

  let afternoon: ShiftView;

  it('rota: sign up for a shift (repeat is a no-op), capacity holds, no double booking', async () => {
    const shifts = data(await call<ShiftView[]>('shifts', { stationId: 'st-wh', days: 1 }, ME));
    expect(shifts.map((s) => `${s.startLabel}–${s.endLabel}`)).toEqual(['08:00–12:00', '12:00–16:00', '16:00–20:00']);
    expect(shifts[0]).toMatchObject({ past: false, taken: 1, can: { signUp: false }, note: '该班次已开始或已结束，不能报名' });
    afternoon = data(await call<ShiftView>('signUp', { shiftId: shifts[1].id }, ME));
    expect(afternoon).toMatchObject({ mine: true, taken: 1, label: '周一 3月2日 12:00–16:00', can: { signUp: false, cancel: true } });
    expect(data(await call<ShiftView>('signUp', { shiftId: shifts[1].id }, ME))).toMatchObject({ mine: true, taken: 1 });
    // a second volunteer fills it; a third is refused
    expect(data(await call<ShiftView>('signUp', { shiftId: shifts[1].id }, 'demo-volunteer'))).toMatchObject({ taken: 2, full: true });
    expect(await call('signUp', { shiftId: shifts[1].id }, 'demo-applicant')).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    // an overlapping shift elsewhere at the same station (12:30–13:30) is a double booking
    host.store.commit([
      {
        collection: 'checkin_shifts',
        id: 'sh-st-wh-20260302-1230',
        doc: { _id: 'sh-st-wh-20260302-1230', stationId: 'st-wh', communityId: 'c-wh', date: '2026-03-02', start: FIXED_NOW + 3.5 * HOUR, end: FIXED_NOW + 4.5 * HOUR, startLabel: '12:30', endLabel: '13:30', capacity: 5, members: [], updatedAt: FIXED_NOW },
      },
    ]);
    const clash = await call('signUp', { shiftId: 'sh-st-wh-20260302-1230' }, ME);
    expect(clash).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '与您已报名的班次时间冲突（03-02 12:00–16:00）' } });
    const me = data(await call<MeView>('me', {}, ME));
    expect(me.nextShift).toMatchObject({ id: afternoon.id, label: '周一 3月2日 12:00–16:00' });
  });

  it('the secretary sees the week of duty with its gaps', async () => {
    const duty = data(await call<DutyView>('duty', { stationId: 'st-wh', weekOf: '2026-03-04' }, 'demo-secretary'));
    expect(duty.weekStart).toBe('2026-03-02');
    expect(duty.days).toHaveLength(7);
    expect(duty.days[0].shifts.find((s) => s.id === afternoon.id)?.members).toEqual([
      { name: '赵立新', openid: ME },
      { name: '王志强', openid: 'demo-volunteer' },
    ]);
    expect(duty.totals.shifts).toBe(22);
    expect(duty.gaps[0]).toMatchObject({ date: '2026-03-02', startLabel: '08:00', missing: 1 }); // running now, one place free
    expect(duty.gaps.find((g) => g.startLabel === '12:30')).toMatchObject({ missing: 5 });
    expect(duty.gaps.find((g) => g.shiftId === afternoon.id)).toBeUndefined();
    expect(duty.days[0].uncovered).toEqual([]);
    // Out of scope answers like a station that does not exist.
    expect(await call('duty', { stationId: 'st-wh', weekOf: '2026-03-02' }, ME)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '没有找到相关内容' } });
    expect(await call('duty', { stationId: 'st-nowhere', weekOf: '2026-03-02' }, 'demo-secretary')).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: '没有找到相关内容' } });
  });

  it('cancel up to two hours before the shift; not after', async () => {
    const tomorrow = data(await call<ShiftView[]>('shifts', { stationId: 'st-wh', from: '2026-03-03', days: 1 }, ME))[0];
    data(await call<ShiftView>('signUp', { shiftId: tomorrow.id }, ME));
    expect(data(await call<ShiftView>('cancelSignUp', { shiftId: tomorrow.id }, ME))).toMatchObject({ mine: false, taken: 0 });
    expect(data(await call<ShiftView>('cancelSignUp', { shiftId: tomorrow.id }, ME))).toMatchObject({ mine: false, taken: 0 }); // a retry
    host.clock.advance(2 * HOUR + 50 * MIN); // 11:50, ten minutes before the afternoon shift
    expect(await call('cancelSignUp', { shiftId: afternoon.id }, ME)).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: '开班前2小时内不能取消，请联系社区书记调整' },
    });
  });

  let token: StationTokenView;

  it('the duty screen: the secretary gets a rotating token; the volunteer who checks in does not', async () => {
    token = data(await call<StationTokenView>('stationToken', { stationId: 'st-wh' }, 'demo-secretary'));
    expect(token.token).toMatch(/^[A-Za-z0-9_-]{8}$/);
    expect(token.code).toBe(`CI.st-wh.${token.token}`);
    expect(parseCheckinCode(token.code)).toEqual({ kind: 'token', stationId: 'st-wh', token: token.token });
    expect(token.image).toMatch(/^data:image\/png;base64,/);
    expect(token.expiresAt - token.refreshAt).toBe(60_000);
    expect(token.refreshAt).toBeGreaterThan(host.clock.now());
    // The volunteer on duty from 11:00 (booked 12:00) may not fetch the code he checks in with.
    expect(await call('stationToken', { stationId: 'st-wh' }, ME)).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '值班屏只能由社区书记或本驿站的站点管理员打开' } });
    // Another community's secretary, or a station of a community one has nothing to do with: like a station that does not exist.
    const hidden = { ok: false, error: { code: 'NOT_FOUND', message: '没有找到相关内容' } };
    expect(await call('stationToken', { stationId: 'st-wh' }, 'demo-secretary-2')).toEqual(hidden);
    expect(await call('stationToken', { stationId: 'st-ms' }, ME)).toEqual(hidden);
    expect(await call('stationToken', { stationId: 'st-nowhere' }, ME)).toEqual(hidden);
  });

  let session: SessionView;

  it('check-in with the token inside the fence; a second check-in is refused; the retry with the same key is not a second session', async () => {
    const event = { action: 'checkIn', payload: { stationId: 'st-wh', token: token.token, location: north(60, 20), client: 'weapp' }, idempotencyKey: 'ci-key-0001' };
    const first = (await host.invoke('checkins', event, ME)) as Res<CheckInResult>;
    session = data(first).session;
    expect(data(first)).toMatchObject({ replayed: false, message: '签到成功：文汇社区红色驿站 11:50' });
    expect(session).toMatchObject({ status: 'open', statusLabel: '服务中', method: 'token', distanceM: 60, shift: { id: afternoon.id, label: '12:00–16:00' } });
    const retry = (await host.invoke('checkins', event, ME)) as Res<CheckInResult>;
    expect(data(retry)).toMatchObject({ replayed: true, session: { id: session.id } });
    const again = await call('checkIn', { stationId: 'st-wh', token: token.token }, ME);
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: '您已在文汇社区红色驿站签到（11:50），请先签退' } });
    expect(host.store.find('checkin_sessions', { openid: ME })).toHaveLength(1);
    expect(data(await call<MeView>('me', {}, ME)).openSession).toMatchObject({ id: session.id });
  });

  it('check-out credits the minutes inside the booked shift and their points, in one transaction', async () => {
    host.clock.advance(3 * HOUR + 20 * MIN); // 15:10
    const event = { action: 'checkOut', payload: { location: north(40, 15), client: 'weapp' }, idempotencyKey: 'co-key-0001' };
    const out = data((await host.invoke('checkins', event, ME)) as Res<CheckOutResult>);
    expect(out).toMatchObject({
      replayed: false,
      balance: 60,
      message: '签退成功：服务 190 分钟，获得 60 积分',
      session: { status: 'closed', minutes: 200, creditedMinutes: 190, points: 60, credited: true },
    });
    expect(data((await host.invoke('checkins', event, ME)) as Res<CheckOutResult>)).toMatchObject({ replayed: true, balance: 60 });
    expect(await call('checkOut', {}, ME)).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '您当前没有签到，无需签退' } });
    const me = data(await call<MeView>('me', {}, ME));
    expect(me.month).toMatchObject({ served: 1, label: '本月已服务 1/2', minutes: 190 });
    expect(me.openSession).toBeNull();
    ledgerIsConsistent(host);
  });

  it('points: balance, hours and a statement whose lines name their cause', async () => {
    const points = data(await call<PointsView>('points', {}, ME));
    expect(points).toMatchObject({ balance: 60, held: 0, hours: 3.2, minutes: 190 });
    expect(points.lines).toEqual([expect.objectContaining({ amount: 60, kind: 'earn', memo: '文汇社区红色驿站服务 190 分钟', cause: { type: 'session', id: session.id, label: '驿站服务' } })]);
  });

  let redemption: RedemptionView;

  it('redemption: points are held at once, never overdrawn; the secretary approves and stock drops', async () => {
    const rewards = data(await call<RewardView[]>('rewards', {}, ME));
    expect(rewards.map((r) => [r.name, r.cost, r.affordable])).toEqual([
      ['社区理发一次', 60, true],
      ['超市购物券10元', 100, false],
      ['爱心粮油一桶', 200, false],
    ]);
    host.clock.advance(MIN);
    const poor = await call('redeem', { rewardId: 'rw-wh-market' }, ME);
    expect(poor).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '积分不足：兑换“超市购物券10元”需要 100 分，您当前有 60 分' } });
    const event = { action: 'redeem', payload: { rewardId: 'rw-wh-haircut' }, idempotencyKey: 'rdm-key-0001' };
    const res = data((await host.invoke('checkins', event, ME)) as Res<{ redemption: RedemptionView; balance: number; replayed: boolean }>);
    redemption = res.redemption;
    expect(res).toMatchObject({ balance: 0, replayed: false, redemption: { status: 'pending', cost: 60, rewardName: '社区理发一次' } });
    expect(data((await host.invoke('checkins', event, ME)) as Res<{ replayed: boolean }>).replayed).toBe(true);
    expect(await call('redeem', { rewardId: 'rw-wh-haircut' }, ME)).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    expect(data(await call<PointsView>('points', {}, ME))).toMatchObject({ balance: 0, held: 60 });

    const pending = data(await call<RedemptionView[]>('redemptions', { status: 'pending' }, 'demo-secretary'));
    expect(pending).toEqual([expect.objectContaining({ id: redemption.id, name: '赵立新', can: { approve: true, reject: true } })]);
    expect(await call('approveRedemption', { id: redemption.id }, 'demo-secretary-2')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('approveRedemption', { id: redemption.id }, ME)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const approved = data(await call<RedemptionView>('approveRedemption', { id: redemption.id }, 'demo-secretary'));
    expect(approved).toMatchObject({ status: 'approved', statusLabel: '已兑换' });
    expect(host.store.get('rewards', 'rw-wh-haircut')).toMatchObject({ stock: 9 });
    expect(data(await call<RedemptionView>('approveRedemption', { id: redemption.id }, 'demo-secretary'))).toMatchObject({ status: 'approved' });
    expect(host.store.get('rewards', 'rw-wh-haircut')).toMatchObject({ stock: 9 });
    const points = data(await call<PointsView>('points', {}, ME));
    expect(points).toMatchObject({ balance: 0, held: 0 });
    expect(points.lines.map((l) => [l.kind, l.amount, l.cause.type])).toEqual([
      ['redeem_hold', -60, 'redemption'],
      ['earn', 60, 'session'],
    ]);
    const { txs } = ledgerIsConsistent(host);
    expect(sumLines(txs, 'reward:rw-wh-haircut')).toBe(60);
    expect(sumLines(txs, `hold:${redemption.id}`)).toBe(0);
  });

  it('a rejected redemption gives the points back; adjustments need a reason and never overdraw', async () => {
    data(await call('adjustPoints', { openid: ME, amount: 100, reason: '疫情防控突击队额外奖励' }, 'demo-secretary'));
    const { redemption: r } = data(await call<{ redemption: RedemptionView }>('redeem', { rewardId: 'rw-wh-market' }, ME));
    const rejected = data(await call<RedemptionView>('rejectRedemption', { id: r.id, reason: '本月购物券已发完' }, 'demo-secretary'));
    expect(rejected).toMatchObject({ status: 'rejected', reason: '本月购物券已发完' });
    expect(data(await call<PointsView>('points', {}, ME))).toMatchObject({ balance: 100, held: 0 });
    expect(await call('approveRedemption', { id: r.id }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    expect(await call('adjustPoints', { openid: ME, amount: -500, reason: '误操作扣减' }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    expect(await call('adjustPoints', { openid: ME, amount: 10 }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    ledgerIsConsistent(host);
  });

  it('the month report per work unit, as JSON and as CSV with a BOM for Excel', async () => {
    const report = data(await call<MonthlyReportView>('monthlyReport', { month: '2026-03' }, 'demo-secretary'));
    expect(report.units.map((u) => u.workUnit)).toEqual(['渭城区财政局', '渭城区住建局']);
    expect(report.units[0].members).toEqual([expect.objectContaining({ name: '赵立新', services: 1, minutes: 190, met: false })]);
    expect(report.totals).toMatchObject({ members: 2, met: 0, services: 1 });
    const feb = data(await call<MonthlyReportView>('monthlyReport', { month: '2026-02' }, 'demo-secretary'));
    expect(feb.units.find((u) => u.workUnit === '渭城区住建局')?.members[0]).toMatchObject({ name: '王志强', services: 2, met: true, hours: 6 });
    const csv = data(await call<CsvFileView>('monthlyReport', { month: '2026-03', format: 'csv' }, 'demo-secretary'));
    expect(csv.filename).toBe('文汇社区-双报到-2026-03.csv');
    expect(csv.content.startsWith('\uFEFF"工作单位","党支部","姓名"')).toBe(true);
    expect(csv.content).toContain('"渭城区财政局","区财政局第二党支部","赵立新","已报到","1","3.2","60","否"');
    expect(await call('monthlyReport', { communityId: 'c-wh', month: '2026-03' }, 'demo-secretary-2')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call('monthlyReport', { month: '2026-13' }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('suspension takes the role away and stops check-ins; reinstating gives it back', async () => {
    data(await call('suspend', { id: reg.id, reason: '连续三个月未参加服务' }, 'demo-secretary'));
    expect(host.store.get('users', ME)).toMatchObject({ roles: [] });
    const res = await call('checkIn', { stationId: 'st-wh', token: token.token, location: north(10, 10), client: 'weapp' }, ME);
    expect(res).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION', message: '您在文汇社区的报到已暂停（连续三个月未参加服务），请联系社区书记' } });
    data(await call('reinstate', { id: reg.id }, 'demo-secretary'));
    expect(host.store.get('users', ME)).toMatchObject({ roles: [{ role: 'volunteer', orgId: 'c-wh' }] });
  });

  it('moving: approval in another community moves the member out of the old one', async () => {
    const moved = data(await call<RegistrationView>('register', { communityId: 'c-ms', workUnit: '渭城区财政局', partyBranch: '区财政局第二党支部' }, ME));
    expect(moved.status).toBe('pending');
    data(await call('approve', { id: moved.id }, 'demo-secretary-2'));
    expect(host.store.get('checkin_registrations', reg.id)).toMatchObject({ status: 'moved', reason: '已转到民生社区报到' });
    expect(host.store.get('users', ME)).toMatchObject({ roles: [{ role: 'volunteer', orgId: 'c-ms' }] });
    const me = data(await call<MeView>('me', {}, ME));
    expect(me.registration).toMatchObject({ communityId: 'c-ms', status: 'active' });
    expect(me.others.map((r) => r.status)).toEqual(['moved']);
  });
});

describe('checkins: refusals on site store nothing', () => {
  let host: TestHost;
  const call = <T>(action: string, payload: unknown, openid: string) => host.call<T>('checkins', action, payload, openid) as Promise<Res<T>>;
  let token: string;
  let poster: StationPosterView;

  beforeAll(async () => {
    host = startTestHost();
    token = data(await call<StationTokenView>('stationToken', { stationId: 'st-wh' }, 'demo-secretary')).token;
    poster = data(await call<StationPosterView>('stationPoster', { stationId: 'st-wh' }, 'demo-secretary'));
  });
  afterAll(() => host.destroy());

  const refused = async (payload: unknown, code: string, message?: string, openid = 'demo-volunteer') => {
    const before = host.store.digest();
    const res = await call('checkIn', payload, openid);
    expect(res).toMatchObject({ ok: false, error: { code, ...(message ? { message } : {}) } });
    expect(host.store.digest()).toBe(before);
    return res;
  };

  it('the poster is the signed station scene', () => {
    expect(poster.scene).toMatch(/^Sst-wh\.[A-Za-z0-9_-]{10}$/);
    expect(parseCheckinCode(poster.url ?? '')).toEqual({ kind: 'static', scene: poster.scene });
  });

  it('forged tokens: random, another station’s, edited', async () => {
    await refused({ stationId: 'st-wh', token: 'AbCdEfGh' }, 'INVALID_ARGUMENT', '签到码无效，请扫描驿站值班屏上的二维码');
    await refused({ stationId: 'st-ms', token }, 'FORBIDDEN');
    const edited = `${token.slice(0, 7)}${token.endsWith('A') ? 'B' : 'A'}`;
    await refused({ stationId: 'st-wh', token: edited }, 'INVALID_ARGUMENT');
    await refused({ stationId: 'st-wh', token: 'short' }, 'INVALID_ARGUMENT');
    await refused({ stationId: 'st-wh', token: '$gt' }, 'INVALID_ARGUMENT');
  });

  it('out of the fence, even allowing for the reported accuracy (capped)', async () => {
    const res = await refused({ stationId: 'st-wh', token, location: north(420) }, 'FAILED_PRECONDITION', '您不在驿站范围内（距离 420 米）');
    expect(!res.ok && res.error.details).toMatchObject({ distanceM: 420, radiusM: 150 });
    await refused({ stationId: 'st-wh', token, location: north(420, 5000) }, 'FAILED_PRECONDITION', '您不在驿站范围内（距离 420 米）');
    await refused({ stationId: 'st-wh', token, location: north(2500) }, 'FAILED_PRECONDITION', '您不在驿站范围内（距离 2.5 公里）');
    await refused({ stationId: 'st-wh', token, location: { lat: 91, lng: 0 } }, 'INVALID_ARGUMENT');
  });

  it('the printed code needs a location inside the fence; an edited poster is forged', async () => {
    await refused({ stationId: 'st-wh', staticScene: poster.scene }, 'INVALID_ARGUMENT', '扫描张贴的驿站二维码签到需要您的位置，请允许定位后重试');
    await refused({ stationId: 'st-wh', staticScene: poster.scene, location: north(300, 10) }, 'FAILED_PRECONDITION', '您不在驿站范围内（距离 300 米）');
    await refused({ stationId: 'st-wh', staticScene: poster.scene.replace('st-wh', 'st-ms'), location: north(10) }, 'INVALID_ARGUMENT', '驿站二维码无效，请扫描本驿站张贴的二维码');
    await refused({ stationId: 'st-wh', staticScene: poster.scene, token }, 'INVALID_ARGUMENT');
  });

  it('a stale token (two minutes on) is refused as expired; the previous step is still fine', async () => {
    host.clock.advance(60_000);
    const stillOk = await call<CheckInResult>('checkIn', { stationId: 'st-wh', token, location: north(200, 80) }, 'demo-volunteer');
    expect(data(stillOk).session).toMatchObject({ distanceM: 200, method: 'token' });
    data(await call('checkOut', {}, 'demo-volunteer'));
    host.clock.advance(60_000);
    await refused({ stationId: 'st-wh', token }, 'FAILED_PRECONDITION', '签到码已过期，请扫描值班屏上最新的二维码');
  });

  it('the printed code inside the fence works', async () => {
    const res = data(await call<CheckInResult>('checkIn', { stationId: 'st-wh', staticScene: poster.scene, location: north(100, 30) }, 'demo-volunteer'));
    expect(res.session).toMatchObject({ method: 'static', distanceM: 100 });
    data(await call('checkOut', {}, 'demo-volunteer'));
  });

  it('outside opening hours', async () => {
    host.clock.advance(11 * HOUR + 30 * MIN); // ~20:32
    const fresh = data(await call<StationTokenView>('stationToken', { stationId: 'st-wh' }, 'demo-secretary')).token;
    await refused({ stationId: 'st-wh', token: fresh }, 'FAILED_PRECONDITION', '文汇社区红色驿站现在不在开放时间（08:00–20:00）');
  });
});

describe('checkins: 200 volunteers check in at once', () => {
  let host: TestHost;
  const N = 200;
  const ids = Array.from({ length: N }, (_, i) => `burst-vol-${String(i).padStart(3, '0')}`);

  beforeAll(() => {
    host = startTestHost();
    host.store.commit(activeVolunteerWrites(ids, FIXED_NOW));
  });
  afterAll(() => host.destroy());

  it('all 200 are recorded exactly once; a volunteer racing themself gets one session', async () => {
    const { token } = data((await host.call<StationTokenView>('checkins', 'stationToken', { stationId: 'st-wh' }, 'demo-secretary')) as Res<StationTokenView>);
    const results = (await Promise.all(
      ids.map((openid, i) => host.call('checkins', 'checkIn', { stationId: 'st-wh', token, location: north(i % 140, 15) }, openid)),
    )) as Res<CheckInResult>[];
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(host.store.find('checkin_sessions', { status: 'open' })).toHaveLength(N);
    expect(host.store.find('checkin_open', {})).toHaveLength(N);
    expect(new Set(results.map((r) => data(r).session.id)).size).toBe(N);

    const racing = (await Promise.all(
      Array.from({ length: 10 }, () => host.call('checkins', 'checkIn', { stationId: 'st-wh', token }, 'demo-volunteer')),
    )) as Res<CheckInResult>[];
    expect(racing.filter((r) => r.ok)).toHaveLength(1);
    for (const r of racing.filter((x) => !x.ok)) expect(!r.ok && r.error.code).toBe('CONFLICT');
    expect(host.store.find('checkin_sessions', { openid: 'demo-volunteer', status: 'open' })).toHaveLength(1);
  });
});

describe('checkins: a forgotten session is closed at closing time, flagged, credited only when confirmed', () => {
  let host: TestHost;
  const call = <T>(action: string, payload: unknown, openid: string) => host.call<T>('checkins', action, payload, openid) as Promise<Res<T>>;

  beforeAll(() => {
    host = startTestHost();
  });
  afterAll(() => host.destroy());

  let session: SessionView;

  it('the sweep closes it at 20:00 (not before), tells the volunteer and the secretary', async () => {
    // demo-volunteer is booked 08:00–12:00 today; he checks in at 09:00 and forgets to check out
    const { token } = data(await call<StationTokenView>('stationToken', { stationId: 'st-wh' }, 'demo-secretary'));
    session = data(await call<CheckInResult>('checkIn', { stationId: 'st-wh', token, location: { lat: 34.3306, lng: 108.7069, accuracy: 10 }, client: 'weapp' }, 'demo-volunteer')).session;
    expect(session.shift).toMatchObject({ label: '08:00–12:00' });
    host.clock.advance(10 * HOUR);
    expect(await host.trigger('sweep')).toMatchObject({ ok: true, data: { tasks: expect.arrayContaining([{ name: 'checkins.autoClose', processed: 0, ms: expect.any(Number) }]) } });
    host.clock.advance(1 * HOUR + 5 * MIN); // 20:05
    const balanceBefore = data(await call<PointsView>('points', {}, 'demo-volunteer')).balance;
    expect(await host.trigger('sweep')).toMatchObject({ ok: true, data: { tasks: expect.arrayContaining([expect.objectContaining({ name: 'checkins.autoClose', processed: 1 })]) } });
    expect(host.store.get('checkin_sessions', session.id)).toMatchObject({
      status: 'auto_closed',
      autoClosed: true,
      credited: false,
      creditedMinutes: 0,
      minutes: 660,
      creditableMinutes: 180,
      checkOutAt: FIXED_NOW + 11 * HOUR,
    });
    expect(host.store.get('checkin_open', 'demo-volunteer')).toBeUndefined();
    expect(data(await call<PointsView>('points', {}, 'demo-volunteer')).balance).toBe(balanceBefore);
    expect(host.store.find('notifications', { type: 'session_auto_closed' }).map((n) => n.to).sort()).toEqual(['demo-secretary', 'demo-volunteer']);
    const again = (await host.trigger('sweep')) as Res<{ tasks: { name: string; processed: number }[] }>;
    expect(data(again).tasks.find((t) => t.name === 'checkins.autoClose')?.processed).toBe(0);
  });

  it('the secretary confirms at most the creditable minutes; then it is credited once', async () => {
    const pending = data(await call<SessionView[]>('sessions', { status: 'auto_closed' }, 'demo-secretary'));
    expect(pending).toEqual([expect.objectContaining({ id: session.id, creditableMinutes: 180, can: { confirm: true } })]);
    expect(await call('confirmSession', { id: session.id, minutes: 181 }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await call('confirmSession', { id: session.id, minutes: 120 }, 'demo-volunteer')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const before = data(await call<PointsView>('points', {}, 'demo-volunteer')).balance;
    const confirmed = data(await call<SessionView>('confirmSession', { id: session.id, minutes: 120 }, 'demo-secretary'));
    expect(confirmed).toMatchObject({ status: 'confirmed', creditedMinutes: 120, points: 40, credited: true });
    expect(data(await call<SessionView>('confirmSession', { id: session.id, minutes: 120 }, 'demo-secretary')).status).toBe('confirmed');
    expect(await call('confirmSession', { id: session.id, minutes: 60 }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    expect(data(await call<PointsView>('points', {}, 'demo-volunteer')).balance).toBe(before + 40);
    expect(host.store.find('ledger_tx', { 'cause.id': session.id })).toHaveLength(1);
    ledgerIsConsistent(host);
  });
});
