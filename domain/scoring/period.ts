import { DomainError } from '../model/envelope';
import { localDate } from '../time/beijing';
import { daysBetween, MAX_PERIOD_DAYS } from './dashboard-view';

/** A reporting period in Beijing days; defaults to the current month up to today. */
export const periodOf = (nowMs: number, from?: string, to?: string): { from: string; to: string } => {
  const today = localDate(nowMs);
  return { from: from ?? `${today.slice(0, 8)}01`, to: to ?? today };
};

/** Why a period cannot be shown (Chinese, for the toast), or null when it is fine. */
export const periodProblem = (from: string, to: string): { field: 'from' | 'to'; message: string } | null => {
  const real = (day: string) => {
    const ms = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
    return new Date(ms).toISOString().slice(0, 10) === day;
  };
  if (!real(from)) return { field: 'from', message: '开始日期不存在' };
  if (!real(to)) return { field: 'to', message: '结束日期不存在' };
  if (to < from) return { field: 'to', message: '结束日期不能早于开始日期' };
  if (daysBetween(from, to) > MAX_PERIOD_DAYS) return { field: 'from', message: `统计区间最长${MAX_PERIOD_DAYS}天` };
  return null;
};

/** periodOf, refused (INVALID_ARGUMENT naming the field) when a day does not exist, the order is wrong or it spans more than 366 days. */
export const boundedPeriod = (nowMs: number, from: string | undefined, to: string | undefined): { from: string; to: string } => {
  const p = periodOf(nowMs, from, to);
  const problem = periodProblem(p.from, p.to);
  if (problem) throw new DomainError('INVALID_ARGUMENT', problem.message, { fields: [{ path: problem.field, message: problem.message }] });
  return p;
};
