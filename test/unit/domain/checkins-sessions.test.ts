import type { BalanceDoc } from '../../../domain/points/ledger';
import type { OpenSessionDoc, SessionDoc } from '../../../domain/checkins/model';
import { autoCloseDue, confirmSession } from '../../../domain/checkins/session-confirm';
import { checkIn, checkOut } from '../../../domain/checkins/sessions';
import { dutyScreenToken } from '../../../domain/checkins/duty-screen';
import { issueToken } from '../../../domain/checkins/token';
import { encodeScene } from '../../../domain/qr/scene';
import { fakeCheckinsDeps, STATION, testSigner } from './checkins-fakes';

const NOW = Date.parse('2026-03-02T09:00:00+08:00');
const MIN = 60_000;
const north = (m: number, accuracy?: number) => ({ lat: STATION.fence.lat + m / 111_195, lng: STATION.fence.lng, ...(accuracy !== undefined ? { accuracy } : {}) });
const volunteer = { openid: 'v1', name: '王志强', grants: [{ role: 'volunteer' as const, orgId: 'c-wh' }] };
const secretary = { openid: 'sec', name: '陈秀英', grants: [{ role: 'secretary' as const, orgId: 'c-wh' }] };

const setup = () => {
  const f = fakeCheckinsDeps(NOW);
  f.docs.seed('stations', [STATION]);
  f.docs.seed('checkin_registrations', [{ _id: 'reg_c-wh_v1', openid: 'v1', name: '王志强', communityId: 'c-wh', communityName: '文汇社区', status: 'active', workUnit: '住建局', partyBranch: '一支部', history: [] }]);
  return f;
};
const snapshot = (docs: ReturnType<typeof setup>['docs']) => JSON.stringify([...docs.data.entries()].map(([k, v]) => [k, [...v.entries()]]));

describe('check-in / check-out use cases', () => {
  it('token check-in: refusals leave nothing behind; success holds the one-open-session lock', async () => {
    const { deps, docs, clock } = setup();
    const { token } = (await dutyScreenToken(deps, secretary, 'st-wh')).token;
    const before = snapshot(docs);
    await expect(checkIn(deps, volunteer, { stationId: 'st-wh', token: 'XXXXXXXX' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(checkIn(deps, volunteer, { stationId: 'st-wh', token, location: north(420) })).rejects.toMatchObject({ message: '您不在驿站范围内（距离 420 米）' });
    await expect(checkIn(deps, volunteer, { stationId: 'st-wh', staticScene: encodeScene({ kind: 'station', id: 'st-wh' }, testSigner('qr')) })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(checkIn(deps, { ...volunteer, openid: 'v2' }, { stationId: 'st-wh', token })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(snapshot(docs)).toBe(before);

    const { session } = await checkIn(deps, volunteer, { stationId: 'st-wh', token, location: north(100, 20) }, 'key-1');
    expect(session).toMatchObject({ status: 'open', closesAt: Date.parse('2026-03-02T20:00:00+08:00'), month: '2026-03', shift: null, location: { distanceM: 100 } });
    expect(docs.all<OpenSessionDoc>('checkin_open')).toEqual([expect.objectContaining({ _id: 'v1', sessionId: session._id })]);
    expect(await checkIn(deps, volunteer, { stationId: 'st-wh', token }, 'key-1')).toMatchObject({ replayed: true, session: { _id: session._id } });
    await expect(checkIn(deps, volunteer, { stationId: 'st-wh', token }, 'key-2')).rejects.toMatchObject({ code: 'CONFLICT' });

    clock.advance(95 * MIN);
    const out = await checkOut(deps, volunteer, 'out-1', { location: north(30, 10) });
    expect(out.session).toMatchObject({ status: 'closed', minutes: 95, creditedMinutes: 95, points: 30, credited: true, flags: [] });
    expect(docs.all('checkin_open')).toEqual([]);
    expect(docs.all<BalanceDoc>('ledger_balances')).toEqual([expect.objectContaining({ _id: 'member:v1', balance: 30 })]);
    expect(await checkOut(deps, volunteer, 'out-1')).toMatchObject({ replayed: true });
    await expect(checkOut(deps, volunteer)).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('a token two steps old is expired; a station that never issued a token accepts none', async () => {
    const { deps, clock } = setup();
    const forged = issueToken(testSigner('station-st-wh'), 'st-wh', NOW).token; // right algorithm, but the station has no key yet
    await expect(checkIn(deps, volunteer, { stationId: 'st-wh', token: forged })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const { token } = (await dutyScreenToken(deps, secretary, 'st-wh')).token;
    clock.advance(2 * MIN);
    await expect(checkIn(deps, volunteer, { stationId: 'st-wh', token })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: '签到码已过期，请扫描值班屏上最新的二维码' });
  });

  it('only the secretary or a volunteer on duty opens the duty screen', async () => {
    const { deps } = setup();
    await expect(dutyScreenToken(deps, volunteer, 'st-wh')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(dutyScreenToken(deps, { ...secretary, grants: [{ role: 'secretary', orgId: 'c-ms' }] }, 'st-wh')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('checking out after closing time does not credit silently; the sweep closes forgotten ones once; the secretary confirms', async () => {
    const { deps, docs, clock } = setup();
    const { token } = (await dutyScreenToken(deps, secretary, 'st-wh')).token;
    const late = await checkIn(deps, volunteer, { stationId: 'st-wh', token });
    clock.advance(12 * 60 * MIN); // 21:00
    const out = await checkOut(deps, volunteer);
    expect(out.session).toMatchObject({ status: 'auto_closed', autoClosed: true, credited: false, points: 0, creditableMinutes: 240, checkOutAt: late.session.closesAt });
    expect(docs.all('ledger_tx')).toEqual([]);

    clock.advance(12 * 60 * MIN); // next day 09:00
    const { token: t2 } = (await dutyScreenToken(deps, secretary, 'st-wh')).token;
    const forgotten = await checkIn(deps, volunteer, { stationId: 'st-wh', token: t2 });
    clock.advance(10 * 60 * MIN); // 19:00 — still open
    expect(await autoCloseDue(deps, clock.now())).toBe(0);
    clock.advance(61 * MIN); // 20:01
    expect(await Promise.all([autoCloseDue(deps, clock.now()), autoCloseDue(deps, clock.now())]).then((n) => n[0] + n[1])).toBe(1);
    expect(docs.all<SessionDoc>('checkin_sessions').find((s) => s._id === forgotten.session._id)).toMatchObject({ status: 'auto_closed', creditableMinutes: 240, minutes: 660 });
    expect(docs.all('checkin_open')).toEqual([]);

    await expect(confirmSession(deps, secretary, forgotten.session._id, 241)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await confirmSession(deps, secretary, forgotten.session._id, 240)).toMatchObject({ status: 'confirmed', points: 80, credited: true });
    expect(await confirmSession(deps, secretary, late.session._id, 0)).toMatchObject({ status: 'confirmed', points: 0, credited: false });
    expect(docs.all<BalanceDoc>('ledger_balances')).toEqual([expect.objectContaining({ balance: 80 })]);
  });

  it('outside opening hours, and a paused station', async () => {
    const { deps, docs, clock } = setup();
    const { token } = (await dutyScreenToken(deps, secretary, 'st-wh')).token;
    clock.set(Date.parse('2026-03-02T07:59:30+08:00'));
    await expect(checkIn(deps, volunteer, { stationId: 'st-wh', token })).rejects.toMatchObject({ message: '文汇社区红色驿站现在不在开放时间（08:00–20:00）' });
    docs.seed('stations', [{ ...STATION, status: 'paused' }]);
    clock.set(NOW);
    await expect(checkIn(deps, volunteer, { stationId: 'st-wh', token })).rejects.toMatchObject({ message: '文汇社区红色驿站暂停服务' });
  });
});
