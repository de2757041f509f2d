import fc from 'fast-check';
import { businessCalendar, isWorkingDay } from '../../../domain/sla/calendar';
import { localDate } from '../../../domain/time/beijing';

const at = (local: string) => Date.parse(`${local}+08:00`);
const iso = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('business calendar', () => {
  const work = businessCalendar({ kind: 'workdays', start: '08:30', end: '17:30' });

  it('knows the national calendar: weekends off, holidays off, 调休 Saturdays on', () => {
    expect(isWorkingDay('2026-03-02')).toBe(true); // Monday
    expect(isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-01')).toBe(false); // National Day
    expect(isWorkingDay('2026-02-14')).toBe(true); // a Saturday made a working day (春节调休)
    expect(isWorkingDay('2026-03-07', { '2026-03-07': 'workday' })).toBe(true);
    expect(isWorkingDay('2026-03-02', { '2026-03-02': 'holiday' })).toBe(false);
  });

  it('adds working minutes inside one day', () => {
    expect(iso(work.addMinutes(at('2026-03-02T09:00'), 60))).toBe('2026-03-02 10:00');
  });

  it('carries over closing time into the next working day', () => {
    expect(iso(work.addMinutes(at('2026-03-02T17:00'), 60))).toBe('2026-03-03 09:00');
  });

  it('skips the weekend, starting before opening on Monday', () => {
    expect(iso(work.addMinutes(at('2026-03-06T17:00'), 60))).toBe('2026-03-09 09:00');
    expect(iso(work.addMinutes(at('2026-03-07T12:00'), 30))).toBe('2026-03-09 09:00');
  });

  it('works on a 调休 Saturday and skips the Spring Festival holiday', () => {
    // Friday 13 Feb 2026 17:00 + 60 min → Saturday 14 Feb (a working day) 09:00
    expect(iso(work.addMinutes(at('2026-02-13T17:00'), 60))).toBe('2026-02-14 09:00');
    // Saturday 14 Feb 17:00 + 60 min → the holiday runs Sun 15 … Mon 23 Feb; next working day is Tue 24 Feb
    expect(iso(work.addMinutes(at('2026-02-14T17:00'), 60))).toBe('2026-02-24 09:00');
  });

  it('24x7 counts every minute', () => {
    const always = businessCalendar({ kind: '24x7' });
    expect(always.addMinutes(at('2026-03-07T23:50'), 20)).toBe(at('2026-03-08T00:10'));
    expect(always.elapsedMinutes(at('2026-03-07T23:50'), at('2026-03-08T00:10'))).toBe(20);
  });

  it('property: elapsed(from, add(from, m)) = m for any start and budget', () => {
    fc.assert(
      fc.property(fc.integer({ min: at('2026-01-01T00:00'), max: at('2026-12-01T00:00') }), fc.integer({ min: 1, max: 5000 }), (from, minutes) => {
        const due = work.addMinutes(from, minutes);
        expect(due).toBeGreaterThan(from);
        expect(Math.round(work.elapsedMinutes(from, due))).toBe(minutes);
        expect(isWorkingDay(localDate(due - 1))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
