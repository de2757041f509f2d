import fc from 'fast-check';
import type { SessionDoc } from '../../../domain/checkins/model';
import { serviceRecords, servicesInMonth } from '../../../domain/checkins/report';
import { countsAsService } from '../../../domain/checkins/session-rules';
import {
  addDays,
  atLocal,
  BEIJING_OFFSET_MS,
  isDate,
  isMonth,
  localClock,
  localDate,
  localMonth,
  mondayOf,
  monthRange,
  shortLabel,
} from '../../../domain/time/beijing';

const CONFIG = { minServiceMinutes: 30 };

const session = (checkInAt: number, creditedMinutes: number, credited = true): SessionDoc =>
  ({ _id: `s${checkInAt}`, openid: 'v1', checkInAt, creditedMinutes, credited, points: Math.floor(creditedMinutes / 30) * 10 }) as SessionDoc;

describe('Beijing time for months and days', () => {
  it('a moment belongs to its Beijing day and month, not its UTC one', () => {
    const lateMarch = Date.parse('2026-03-31T23:30:00+08:00'); // 15:30 UTC
    expect(localMonth(lateMarch)).toBe('2026-03');
    expect(localDate(lateMarch)).toBe('2026-03-31');
    const earlyApril = Date.parse('2026-04-01T00:30:00+08:00'); // still 31 March in UTC
    expect(new Date(earlyApril).toISOString().slice(0, 10)).toBe('2026-03-31');
    expect(localMonth(earlyApril)).toBe('2026-04');
    expect(localClock(earlyApril)).toBe('00:30');
    expect(localMonth(Date.parse('2026-12-31T16:00:00Z'))).toBe('2027-01');
  });

  it('month ranges are [Beijing midnight of the 1st, next 1st)', () => {
    expect(monthRange('2026-03')).toEqual({ start: Date.parse('2026-03-01T00:00:00+08:00'), end: Date.parse('2026-04-01T00:00:00+08:00') });
    expect(monthRange('2026-12').end).toBe(Date.parse('2027-01-01T00:00:00+08:00'));
    expect(monthRange('2028-02').end - monthRange('2028-02').start).toBe(29 * 86_400_000);
  });

  it('property: localMonth agrees with monthRange', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2035-01-01T00:00:00Z') }), (ms) => {
        const { start, end } = monthRange(localMonth(ms));
        expect(ms >= start && ms < end).toBe(true);
        expect(localDate(ms)).toBe(new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 10));
      }),
    );
  });

  it('calendar helpers', () => {
    expect(mondayOf('2026-03-08')).toBe('2026-03-02'); // Sunday → the Monday before
    expect(mondayOf('2026-03-02')).toBe('2026-03-02');
    expect(mondayOf('2026-03-04')).toBe('2026-03-02');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(atLocal('2026-03-02', '08:00')).toBe(Date.parse('2026-03-02T08:00:00+08:00'));
    expect(atLocal('2026-03-02', '24:00')).toBe(Date.parse('2026-03-03T00:00:00+08:00'));
    expect(shortLabel(Date.parse('2026-03-07T09:00:00+08:00'))).toBe('3月7日 周六 09:00');
    expect(isDate('2026-02-30')).toBe(false);
    expect(isDate('2026-02-28')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-01')).toBe(true);
  });
});

describe('monthly target counting (≥2 services a month)', () => {
  it('a credited session of at least the minimum minutes is a service; unconfirmed or short ones are not', () => {
    expect(countsAsService(session(0, 30), CONFIG)).toBe(true);
    expect(countsAsService(session(0, 29), CONFIG)).toBe(false);
    expect(countsAsService(session(0, 180, false), CONFIG)).toBe(false);
  });

  it('services count in the Beijing month they started in, across month ends', () => {
    const records = serviceRecords(
      [
        session(Date.parse('2026-02-28T19:00:00+08:00'), 60),
        session(Date.parse('2026-03-31T23:30:00+08:00'), 60), // UTC: 15:30 on the 31st — March either way
        session(Date.parse('2026-04-01T00:10:00+08:00'), 60), // UTC: still 31 March — but April in Beijing
        session(Date.parse('2026-03-15T09:00:00+08:00'), 20), // too short
        session(Date.parse('2026-03-16T09:00:00+08:00'), 120, false), // auto-closed, not confirmed
      ],
      [
        // An order closed at 00:30 on 1 April in Beijing (16:30 UTC on 31 March): an April service.
        { _id: 'svc-order-o1', openid: 'v1', communityId: 'c', orderId: 'o1', orderNo: '20260331-0001', kind: 'wish', at: Date.parse('2026-03-31T16:30:00Z'), month: '2026-04', points: 20 },
      ],
      CONFIG,
    );
    expect(servicesInMonth(records, '2026-02')).toHaveLength(1);
    expect(servicesInMonth(records, '2026-03')).toHaveLength(1);
    expect(servicesInMonth(records, '2026-04').map((r) => r.kind)).toEqual(['session', 'order']);
  });

  it('property: every service is counted in exactly one month', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: Date.parse('2025-12-01T00:00:00Z'), max: Date.parse('2026-03-01T00:00:00Z') }), { maxLength: 30 }), (times) => {
        const records = serviceRecords(times.map((t) => session(t, 60)), [], CONFIG);
        const months = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03'];
        expect(months.reduce((n, m) => n + servicesInMonth(records, m).length, 0)).toBe(times.length);
      }),
    );
  });
});
