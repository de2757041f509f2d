import type { Rng } from './random';

/**
 * When things happen: submissions follow the day (morning and afternoon peaks, quiet
 * nights), the week (quieter weekends) and the year (heating season, summer rains, the
 * Spring Festival lull). Each submission gets its own millisecond, so no two tie.
 */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.3, 0.3, 0.6, 1.5, 3, 6, 8, 8, 7, 5, 5, 7, 7, 6, 5, 4, 4, 3, 2.5, 2, 1.5];
const MONTH_WEIGHTS = [1.05, 0.85, 1, 1, 1.05, 1.1, 1.25, 1.2, 1, 0.95, 1.1, 1.15];
const HOUR = 3_600_000;
const DAY = 86_400_000;
const BEIJING = 8 * HOUR;

const hourPrefix = (() => {
  const out: number[] = [];
  let s = 0;
  for (const w of HOUR_WEIGHTS) out.push((s += w));
  return out;
})();

/** The start of the Beijing day containing `ms`. */
export const beijingDayStart = (ms: number): number => Math.floor((ms + BEIJING) / DAY) * DAY - BEIJING;

export const beijingHour = (ms: number): number => new Date(ms + BEIJING).getUTCHours();

/** `count` distinct submission instants in [startMs, endMs), sorted. */
export const submissionTimes = (rng: Rng, startMs: number, endMs: number, count: number): number[] => {
  const days: { start: number; weight: number }[] = [];
  for (let d = beijingDayStart(startMs); d < endMs; d += DAY) {
    const date = new Date(d + BEIJING);
    const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
    days.push({ start: d, weight: (weekend ? 0.75 : 1) * MONTH_WEIGHTS[date.getUTCMonth()] * (0.85 + 0.3 * rng.next()) });
  }
  const total = days.reduce((s, d) => s + d.weight, 0);
  const out: number[] = [];
  let carry = 0;
  for (const day of days) {
    const exact = (day.weight / total) * count + carry;
    const n = Math.floor(exact);
    carry = exact - n;
    for (let i = 0; i < n; i++) {
      const r = rng.next() * hourPrefix[23];
      const hour = hourPrefix.findIndex((p) => r < p);
      const at = day.start + hour * HOUR + Math.floor(rng.next() * HOUR);
      if (at >= startMs && at < endMs) out.push(at);
    }
  }
  while (out.length < count) out.push(startMs + Math.floor(rng.next() * (endMs - startMs)));
  out.length = Math.min(out.length, count);
  out.sort((a, b) => a - b);
  for (let i = 1; i < out.length; i++) if (out[i] <= out[i - 1]) out[i] = out[i - 1] + 1;
  return out;
};

/** Moves an instant into working hours (08:30–18:00) when it falls outside them. */
export const duringWork = (ms: number, rng: Rng): number => {
  const h = beijingHour(ms);
  if (h >= 8 && h < 18) return ms;
  const nextMorning = beijingDayStart(h >= 18 ? ms + DAY : ms) + 8.5 * HOUR;
  return nextMorning + Math.floor(rng.next() * 90 * 60_000);
};

export { DAY, HOUR };
