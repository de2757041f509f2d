import fc from 'fast-check';
import {
  addDays,
  atLocal,
  DAY_MS,
  formatBeijing,
  isDate,
  localClock,
  localDate,
  localHour,
  localMidnight,
  localMonth,
  localWeekday,
  mondayOf,
  monthRange,
  periodRangeMs,
  shortLabel,
  startOfLocalDay,
} from '../../../domain/time/beijing';

/** Beijing wall time at the edges: midnight, month and year ends, whatever the machine's own zone. */
describe('Beijing time', () => {
  it('a service at 23:30 on 31 March in Beijing belongs to March (15:30 UTC)', () => {
    const ms = Date.parse('2026-03-31T23:30:00+08:00');
    expect(localDate(ms)).toBe('2026-03-31');
    expect(localMonth(ms)).toBe('2026-03');
    expect(localClock(ms)).toBe('23:30');
    expect(localMonth(ms + 30 * 60_000)).toBe('2026-04');
  });

  it('midnight is at 16:00 UTC the day before', () => {
    expect(startOfLocalDay('2026-12-31')).toBe(Date.parse('2026-12-30T16:00:00Z'));
    expect(localDate(Date.parse('2026-12-30T15:59:59.999Z'))).toBe('2026-12-30');
    expect(localDate(Date.parse('2026-12-30T16:00:00Z'))).toBe('2026-12-31');
    expect(localHour(Date.parse('2026-12-30T16:00:00Z'))).toBe(0);
  });

  it('months and periods wrap the year', () => {
    expect(monthRange('2026-12')).toEqual({ start: Date.parse('2026-12-01T00:00:00+08:00'), end: Date.parse('2027-01-01T00:00:00+08:00') });
    expect(periodRangeMs({ from: '2026-12-31', to: '2027-01-01' })).toEqual({ fromMs: Date.parse('2026-12-31T00:00:00+08:00'), toMs: Date.parse('2027-01-02T00:00:00+08:00') });
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('weeks start on Monday; labels are Chinese', () => {
    expect(mondayOf('2026-12-06')).toBe('2026-11-30'); // a Sunday
    expect(mondayOf('2026-12-07')).toBe('2026-12-07');
    expect(localWeekday(startOfLocalDay('2026-12-06'))).toBe(0);
    expect(shortLabel(atLocal('2026-03-02', '09:00'))).toBe('3月2日 周一 09:00');
    expect(formatBeijing(Date.parse('2026-03-02T01:05:00Z'), 'M月D日 HH:mm')).toBe('3月2日 09:05');
  });

  it('dates are checked for real', () => {
    expect(isDate('2026-02-28')).toBe(true);
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2026-13-01')).toBe(false);
    expect(isDate('2026-1-01')).toBe(false);
  });

  it('property: every instant lies in the Beijing day its date names', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2100-01-01T00:00:00Z') }), (ms) => {
        const start = startOfLocalDay(localDate(ms));
        expect(start).toBeLessThanOrEqual(ms);
        expect(ms).toBeLessThan(start + DAY_MS);
        expect(localMidnight(ms)).toBe(start);
      }),
    );
  });
});
