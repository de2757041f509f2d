/**
 * Beijing wall time (UTC+8, no daylight saving) for opening hours, shifts and month
 * boundaries. Pure arithmetic on epoch milliseconds: a service at 23:30 on 31 March in
 * Beijing belongs to March even though it is 15:30 UTC.
 */

export const BEIJING_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;

const shifted = (ms: number) => new Date(ms + BEIJING_OFFSET_MS);
const pad = (n: number) => String(n).padStart(2, '0');

/** 'YYYY-MM-DD' of the Beijing calendar day holding `ms`. */
export const localDate = (ms: number): string => shifted(ms).toISOString().slice(0, 10);

/** 'YYYY-MM' of the Beijing month holding `ms`. */
export const localMonth = (ms: number): string => shifted(ms).toISOString().slice(0, 7);

/** 'HH:MM' Beijing time. */
export const localClock = (ms: number): string => shifted(ms).toISOString().slice(11, 16);

/** Minutes since Beijing midnight. */
export const localMinuteOfDay = (ms: number): number => {
  const d = shifted(ms);
  return d.getUTCHours() * 60 + d.getUTCMinutes();
};

/** 0 = Sunday … 6 = Saturday, in Beijing. */
export const localWeekday = (ms: number): number => shifted(ms).getUTCDay();

export const WEEKDAY_LABELS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;

export const isDate = (s: string): boolean => {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
};

export const isMonth = (s: string): boolean => {
  const m = MONTH.exec(s);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12;
};

export const isClock = (s: string): boolean => HHMM.test(s) && (s < '24:00' || s === '24:00');

/** Minutes since midnight of an 'HH:MM' ('24:00' = 1440). */
export const clockMinutes = (hhmm: string): number => {
  const m = HHMM.exec(hhmm);
  if (!m) throw new Error(`not a clock time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
};

/** Epoch ms of Beijing midnight starting `date`. */
export const startOfLocalDay = (date: string): number => {
  const m = DATE.exec(date);
  if (!m) throw new Error(`not a date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - BEIJING_OFFSET_MS;
};

/** Epoch ms of `date` at `hhmm` Beijing time. */
export const atLocal = (date: string, hhmm: string): number => startOfLocalDay(date) + clockMinutes(hhmm) * MINUTE_MS;

export const addDays = (date: string, days: number): string => localDate(startOfLocalDay(date) + days * DAY_MS);

/** The Monday of the Beijing week holding `date`. */
export const mondayOf = (date: string): string => {
  const weekday = localWeekday(startOfLocalDay(date));
  return addDays(date, weekday === 0 ? -6 : 1 - weekday);
};

/** [start, end) epoch ms of a Beijing month. */
export const monthRange = (month: string): { start: number; end: number } => {
  const m = MONTH.exec(month);
  if (!m) throw new Error(`not a month: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return {
    start: Date.UTC(y, mo - 1, 1) - BEIJING_OFFSET_MS,
    end: Date.UTC(mo === 12 ? y + 1 : y, mo === 12 ? 0 : mo, 1) - BEIJING_OFFSET_MS,
  };
};

/** "3月2日 周一 09:00" */
export const shortLabel = (ms: number): string => {
  const d = shifted(ms);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${WEEKDAY_LABELS[d.getUTCDay()]} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
};
