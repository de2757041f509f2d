import { isWorkday as isChineseWorkday } from 'chinese-days';
import { DAY_MS, localDate, localMidnight, MINUTE_MS } from '../time/beijing';

/**
 * Business calendars for SLA clocks (FixMyStreet-style pure working-time helpers).
 * `24x7` counts every minute; `workdays` counts only working hours on Chinese working
 * days: weekends off, public holidays off, and 调休 Saturdays/Sundays on (from the kept
 * `chinese-days` data), with per-deployment overrides from a data file.
 * All local times are Beijing time (UTC+8, no DST).
 */


export type CalendarSpec =
  | { kind: '24x7' }
  | {
      kind: 'workdays';
      /** Local working hours, "HH:mm". */
      start: string;
      end: string;
      /** YYYY-MM-DD → forced working day or day off (overrides the national calendar). */
      overrides?: Readonly<Record<string, 'workday' | 'holiday'>>;
    };

export interface BusinessCalendar {
  /** The instant `minutes` of business time after `fromMs`. */
  addMinutes(fromMs: number, minutes: number): number;
  /** Business minutes between two instants (0 when `toMs <= fromMs`). */
  elapsedMinutes(fromMs: number, toMs: number): number;
}





const minutesOf = (hhmm: string): number => {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59) throw new Error(`bad time of day: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
};

export const isWorkingDay = (date: string, overrides: Readonly<Record<string, 'workday' | 'holiday'>> = {}): boolean => {
  const forced = overrides[date];
  if (forced) return forced === 'workday';
  return isChineseWorkday(date);
};

const ALWAYS: BusinessCalendar = {
  addMinutes: (fromMs, minutes) => fromMs + minutes * MINUTE_MS,
  elapsedMinutes: (fromMs, toMs) => Math.max(0, (toMs - fromMs) / MINUTE_MS),
};

/** How far ahead we look for working time before giving up (a misconfigured calendar). */
const MAX_DAYS = 800;

export const businessCalendar = (spec: CalendarSpec): BusinessCalendar => {
  if (spec.kind === '24x7') return ALWAYS;
  const open = minutesOf(spec.start) * MINUTE_MS;
  const close = minutesOf(spec.end) * MINUTE_MS;
  if (close <= open) throw new Error('working hours must end after they start');
  const overrides = spec.overrides ?? {};
  /** The working window [start, end) of the local day starting at `midnight`, or null on a day off. */
  const windowOf = (midnight: number): [number, number] | null =>
    isWorkingDay(localDate(midnight + 1), overrides) ? [midnight + open, midnight + close] : null;

  return {
    addMinutes(fromMs, minutes) {
      let remaining = minutes * MINUTE_MS;
      let midnight = localMidnight(fromMs);
      for (let day = 0; day < MAX_DAYS; day++, midnight += DAY_MS) {
        const window = windowOf(midnight);
        if (!window) continue;
        const from = Math.max(fromMs, window[0]);
        if (from >= window[1]) continue;
        const available = window[1] - from;
        if (remaining <= available) return from + remaining;
        remaining -= available;
      }
      throw new Error('no working time found in the calendar');
    },
    elapsedMinutes(fromMs, toMs) {
      if (toMs <= fromMs) return 0;
      let total = 0;
      for (let midnight = localMidnight(fromMs); midnight < toMs; midnight += DAY_MS) {
        const window = windowOf(midnight);
        if (!window) continue;
        const overlap = Math.min(toMs, window[1]) - Math.max(fromMs, window[0]);
        if (overlap > 0) total += overlap;
      }
      return total / MINUTE_MS;
    },
  };
};
