import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

/**
 * Beijing wall time, the one time module of the project: the domain takes the clock's number
 * (epoch ms) and asks here for dates, months, clock times and day arithmetic; the pages format
 * with it too, so a desk computer in another time zone still shows Beijing time.
 *
 * China keeps UTC+8 all year (no daylight saving), so a fixed offset is exact; it also avoids
 * the Intl time-zone data that not every mini-program runtime carries.
 */
export const BEIJING_OFFSET_MINUTES = 480;
export const BEIJING_OFFSET_MS = BEIJING_OFFSET_MINUTES * 60_000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;

/** The instant `ms` as Beijing wall time. */
export const beijing = (ms: number): Dayjs => dayjs(ms).utcOffset(BEIJING_OFFSET_MINUTES);

/** Formats `ms` in Beijing time (dayjs tokens: 'YYYY-MM-DD HH:mm'). */
export const formatBeijing = (ms: number, template: string): string => beijing(ms).format(template);

/** 'YYYY-MM-DD' of the Beijing calendar day holding `ms`. */
export const localDate = (ms: number): string => formatBeijing(ms, 'YYYY-MM-DD');

/** 'YYYY-MM' of the Beijing month holding `ms`. */
export const localMonth = (ms: number): string => formatBeijing(ms, 'YYYY-MM');

/** 'HH:MM' Beijing time. */
export const localClock = (ms: number): string => formatBeijing(ms, 'HH:mm');

/** The Beijing hour (0–23). */
export const localHour = (ms: number): number => beijing(ms).hour();

/** Minutes since Beijing midnight. */
export const localMinuteOfDay = (ms: number): number => {
  const d = beijing(ms);
  return d.hour() * 60 + d.minute();
};

/** 0 = Sunday … 6 = Saturday, in Beijing. */
export const localWeekday = (ms: number): number => beijing(ms).day();

export const isDate = (s: string): boolean => DATE.test(s) && dayjs.utc(s).format('YYYY-MM-DD') === s;

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

/** Epoch ms of Beijing midnight starting `date` ('YYYY-MM-DD'). */
export const startOfLocalDay = (date: string): number => {
  if (!DATE.test(date)) throw new Error(`not a date: ${date}`);
  return dayjs.utc(date).valueOf() - BEIJING_OFFSET_MS;
};

/** Epoch ms of Beijing midnight starting the day that holds `ms`. */
export const localMidnight = (ms: number): number => beijing(ms).startOf('day').valueOf();

/** Epoch ms of `date` at `hhmm` Beijing time. */
export const atLocal = (date: string, hhmm: string): number => startOfLocalDay(date) + clockMinutes(hhmm) * MINUTE_MS;

export const addDays = (date: string, days: number): string => localDate(startOfLocalDay(date) + days * DAY_MS);

/** The Monday of the Beijing week holding `date`. */
export const mondayOf = (date: string): string => {
  const weekday = localWeekday(startOfLocalDay(date));
  return addDays(date, weekday === 0 ? -6 : 1 - weekday);
};

/** [start, end) epoch ms of a Beijing month ('YYYY-MM'). */
export const monthRange = (month: string): { start: number; end: number } => {
  if (!isMonth(month)) throw new Error(`not a month: ${month}`);
  const first = dayjs.utc(`${month}-01`);
  return { start: first.valueOf() - BEIJING_OFFSET_MS, end: first.add(1, 'month').valueOf() - BEIJING_OFFSET_MS };
};

/** [start of `from`, start of the day after `to`): a period of Beijing days as instants. */
export const periodRangeMs = (period: { from: string; to: string }): { fromMs: number; toMs: number } => ({
  fromMs: startOfLocalDay(period.from),
  toMs: startOfLocalDay(period.to) + DAY_MS,
});

export const WEEKDAY_LABELS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;

/** "3月2日 周一 09:00" */
export const shortLabel = (ms: number): string => {
  const d = beijing(ms);
  return `${d.month() + 1}月${d.date()}日 ${WEEKDAY_LABELS[d.day()]} ${d.format('HH:mm')}`;
};
