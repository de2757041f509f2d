import fc from 'fast-check';
import type { RosterDoc, ShiftDoc, StationDoc } from '../../../domain/checkins/model';
import { creditableMinutes } from '../../../domain/checkins/session-rules';
import {
  bookedShiftAt,
  cancelProblem,
  cancelSignUp,
  isOpenAt,
  openingWindow,
  overlaps,
  planShifts,
  signUp,
  signUpProblem,
  uncoveredIntervals,
} from '../../../domain/checkins/shifts';
import { atLocal } from '../../../domain/time/beijing';
import { fakeCheckinsDeps, STATION } from './checkins-fakes';

const NOW = Date.parse('2026-03-02T09:00:00+08:00');
const HOUR = 3_600_000;
const CONFIG = { bookingHorizonDays: 28, cancelCutoffMs: 2 * HOUR, maxWalkInMinutes: 240 };

const station: StationDoc = { ...STATION, openingHours: { ...STATION.openingHours, closedDates: ['2026-03-08'] } };

const shift = (date: string, start: string, end: string, capacity = 2, members: string[] = []): ShiftDoc => ({
  _id: `sh-st-wh-${date.replace(/-/g, '')}-${start.replace(':', '')}`,
  stationId: 'st-wh',
  communityId: 'c-wh',
  date,
  start: atLocal(date, start),
  end: atLocal(date, end),
  startLabel: start,
  endLabel: end,
  capacity,
  members: members.map((openid) => ({ openid, name: openid, at: 0 })),
  updatedAt: 0,
});

const roster = (...shifts: ShiftDoc[]): RosterDoc => ({ _id: 'v1', items: shifts.map((s) => ({ shiftId: s._id, stationId: s.stationId, start: s.start, end: s.end })), updatedAt: 0 });

describe('opening hours', () => {
  it('daily window in Beijing time; closed dates and paused stations have none', () => {
    expect(openingWindow(station, NOW)).toEqual({ date: '2026-03-02', openAt: atLocal('2026-03-02', '08:00'), closeAt: atLocal('2026-03-02', '20:00') });
    expect(isOpenAt(station, atLocal('2026-03-02', '07:59'))).toBe(false);
    expect(isOpenAt(station, atLocal('2026-03-02', '08:00'))).toBe(true);
    expect(isOpenAt(station, atLocal('2026-03-02', '19:59'))).toBe(true);
    expect(isOpenAt(station, atLocal('2026-03-02', '20:00'))).toBe(false);
    expect(openingWindow(station, atLocal('2026-03-08', '10:00'))).toBeNull();
    expect(openingWindow({ ...station, status: 'paused' }, NOW)).toBeNull();
  });
});

describe('shift rules', () => {
  const afternoon = shift('2026-03-02', '12:00', '16:00');

  it('sign-up: open places, future, within the horizon, no overlap with my other bookings', () => {
    expect(signUpProblem(afternoon, undefined, 'v1', NOW, CONFIG)).toBeNull();
    expect(signUpProblem(shift('2026-03-02', '08:00', '12:00'), undefined, 'v1', NOW, CONFIG)).toBe('该班次已开始或已结束，不能报名');
    expect(signUpProblem(shift('2026-03-02', '12:00', '16:00', 2, ['a', 'b']), undefined, 'v1', NOW, CONFIG)).toBe('该班次已满员');
    expect(signUpProblem(shift('2026-03-02', '12:00', '16:00', 2, ['v1']), undefined, 'v1', NOW, CONFIG)).toBe('您已报名该班次');
    expect(signUpProblem(shift('2026-04-02', '12:00', '16:00'), undefined, 'v1', NOW, CONFIG)).toBe('只能报名28天内的班次');
    const mine = roster(shift('2026-03-02', '15:00', '18:00'));
    expect(signUpProblem(afternoon, mine, 'v1', NOW, CONFIG)).toBe('与您已报名的班次时间冲突（03-02 15:00–18:00）');
    expect(signUpProblem(afternoon, roster(shift('2026-03-02', '16:00', '20:00')), 'v1', NOW, CONFIG)).toBeNull(); // back to back is fine
  });

  it('cancel: only my own booking, only until two hours before', () => {
    const mine = shift('2026-03-02', '12:00', '16:00', 2, ['v1']);
    expect(cancelProblem(afternoon, 'v1', NOW, CONFIG)).toBe('您没有报名该班次');
    expect(cancelProblem(mine, 'v1', mine.start - 2 * HOUR - 1, CONFIG)).toBeNull();
    expect(cancelProblem(mine, 'v1', mine.start - 2 * HOUR, CONFIG)).toBe('开班前2小时内不能取消，请联系社区书记调整');
    expect(cancelProblem(mine, 'v1', mine.end + 1, CONFIG)).not.toBeNull();
  });

  it('property: overlap is symmetric and back-to-back intervals never overlap', () => {
    const interval = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 200 })).map(([s, len]) => ({ start: s, end: s + len }));
    fc.assert(
      fc.property(interval, interval, (a, b) => {
        expect(overlaps(a, b)).toBe(overlaps(b, a));
        expect(overlaps(a, { start: a.end, end: a.end + 10 })).toBe(false);
        expect(overlaps(a, a)).toBe(true);
      }),
    );
  });

  it('a check-in belongs to the booked shift it falls in, or one starting within the lead time', () => {
    const r = roster(afternoon);
    expect(bookedShiftAt(r, 'st-wh', afternoon.start - 61 * 60_000, HOUR)).toBeUndefined();
    expect(bookedShiftAt(r, 'st-wh', afternoon.start - 60 * 60_000, HOUR)?.shiftId).toBe(afternoon._id);
    expect(bookedShiftAt(r, 'st-wh', afternoon.end - 1, HOUR)?.shiftId).toBe(afternoon._id);
    expect(bookedShiftAt(r, 'st-wh', afternoon.end, HOUR)).toBeUndefined();
    expect(bookedShiftAt(r, 'st-ms', afternoon.start, HOUR)).toBeUndefined();
  });

  it('minutes are capped by the booked shift and closing time; walk-ins by a maximum', () => {
    const closesAt = atLocal('2026-03-02', '20:00');
    const withShift = { checkInAt: afternoon.start - 10 * 60_000, closesAt, shift: { id: afternoon._id, start: afternoon.start, end: afternoon.end } };
    expect(creditableMinutes(withShift, afternoon.start + 90 * 60_000, CONFIG)).toBe(90);
    expect(creditableMinutes(withShift, afternoon.end + HOUR, CONFIG)).toBe(240);
    expect(creditableMinutes({ ...withShift, checkInAt: afternoon.start + 30 * 60_000 }, afternoon.start + 29 * 60_000, CONFIG)).toBe(0);
    const walkIn = { checkInAt: atLocal('2026-03-02', '09:00'), closesAt, shift: null };
    expect(creditableMinutes(walkIn, atLocal('2026-03-02', '10:30'), CONFIG)).toBe(90);
    expect(creditableMinutes(walkIn, atLocal('2026-03-02', '19:00'), CONFIG)).toBe(240);
    expect(creditableMinutes({ ...walkIn, checkInAt: atLocal('2026-03-02', '19:00') }, atLocal('2026-03-03', '09:00'), CONFIG)).toBe(60);
  });

  it('uncovered opening hours of a day', () => {
    const w = openingWindow(station, NOW);
    expect(uncoveredIntervals(w, [])).toEqual(['08:00–20:00']);
    expect(uncoveredIntervals(w, [shift('2026-03-02', '08:00', '12:00'), shift('2026-03-02', '14:00', '18:00')])).toEqual(['12:00–14:00', '18:00–20:00']);
    expect(uncoveredIntervals(w, [shift('2026-03-02', '08:00', '12:00'), shift('2026-03-02', '12:20', '20:00')])).toEqual([]);
    expect(uncoveredIntervals(null, [])).toEqual([]);
  });
});

describe('sign-up use cases over the persistence port', () => {
  const setup = () => {
    const f = fakeCheckinsDeps(NOW);
    f.docs.seed('stations', [station]);
    f.docs.seed('checkin_shifts', [shift('2026-03-02', '12:00', '16:00', 2), shift('2026-03-02', '14:00', '18:00', 2), shift('2026-03-03', '08:00', '12:00', 1)]);
    const reg = (openid: string, status = 'active') => ({ _id: `reg_c-wh_${openid}`, openid, name: openid, communityId: 'c-wh', communityName: '文汇社区', status, workUnit: 'u', partyBranch: 'b', history: [] });
    f.docs.seed('checkin_registrations', [reg('v1'), reg('v2'), reg('v3'), reg('p1', 'pending')]);
    const actor = (openid: string) => ({ openid, name: openid, grants: [{ role: 'volunteer' as const, orgId: 'c-wh' }] });
    return { ...f, actor };
  };

  it('books atomically: shift members and the volunteer roster together; a repeat is a no-op', async () => {
    const { deps, docs, actor } = setup();
    const first = await signUp(deps, actor('v1'), 'sh-st-wh-20260302-1200');
    expect(first.replayed).toBe(false);
    expect((await signUp(deps, actor('v1'), 'sh-st-wh-20260302-1200')).replayed).toBe(true);
    expect(docs.all<ShiftDoc>('checkin_shifts').find((s) => s._id === 'sh-st-wh-20260302-1200')?.members.map((m) => m.openid)).toEqual(['v1']);
    expect(docs.all<RosterDoc>('checkin_rosters')).toEqual([expect.objectContaining({ _id: 'v1', items: [expect.objectContaining({ shiftId: 'sh-st-wh-20260302-1200' })] })]);
    await expect(signUp(deps, actor('v1'), 'sh-st-wh-20260302-1400')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    await expect(signUp(deps, actor('p1'), 'sh-st-wh-20260302-1400')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', message: '您的报到申请正在审核，审核通过后才能参加服务' });
    await expect(signUp(deps, actor('stranger'), 'sh-st-wh-20260302-1400')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('capacity: the last place goes to one volunteer', async () => {
    const { deps, actor } = setup();
    await signUp(deps, actor('v1'), 'sh-st-wh-20260303-0800');
    await expect(signUp(deps, actor('v2'), 'sh-st-wh-20260303-0800')).rejects.toMatchObject({ code: 'CONFLICT', message: '该班次已满员' });
    await cancelSignUp(deps, actor('v1'), 'sh-st-wh-20260303-0800');
    expect((await signUp(deps, actor('v2'), 'sh-st-wh-20260303-0800')).shift.members.map((m) => m.openid)).toEqual(['v2']);
  });

  it('concurrent sign-ups for the last place: exactly one wins, the roster and the shift agree', async () => {
    const { deps, docs, actor } = setup();
    const results = await Promise.allSettled(['v1', 'v2', 'v3'].map((v) => signUp(deps, actor(v), 'sh-st-wh-20260303-0800')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const members = docs.all<ShiftDoc>('checkin_shifts').find((s) => s._id === 'sh-st-wh-20260303-0800')!.members.map((m) => m.openid);
    expect(members).toHaveLength(1);
    expect(docs.all<RosterDoc>('checkin_rosters').map((r) => r._id)).toEqual(members);
  });

  it('planning a week: slots inside opening hours, no overlaps, closed dates skipped, people kept', async () => {
    const { deps, docs, actor } = setup();
    await signUp(deps, actor('v1'), 'sh-st-wh-20260303-0800');
    await expect(planShifts(deps, 'st-wh', '2026-03-02', [{ start: '07:00', end: '09:00', capacity: 1 }])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(planShifts(deps, 'st-wh', '2026-03-02', [{ start: '09:00', end: '12:00', capacity: 1 }, { start: '11:00', end: '13:00', capacity: 1 }])).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const planned = await planShifts(deps, 'st-wh', '2026-03-04', [{ start: '08:00', end: '12:00', capacity: 3 }]);
    // Monday 08:00 has passed, Sunday 8 March is a closed date: Tuesday to Saturday
    expect(planned.map((s) => s.date)).toEqual(['2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07']);
    const tuesday = docs.all<ShiftDoc>('checkin_shifts').find((s) => s._id === 'sh-st-wh-20260303-0800');
    expect(tuesday).toMatchObject({ capacity: 3, members: [expect.objectContaining({ openid: 'v1' })] });
  });
});
