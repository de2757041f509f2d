import { DomainError } from '../model/envelope';
import { localDate } from '../sla/calendar';

/** A reporting period in Beijing days; defaults to the current month up to today. */
export const periodOf = (nowMs: number, from?: string, to?: string): { from: string; to: string } => {
  const today = localDate(nowMs);
  return { from: from ?? `${today.slice(0, 8)}01`, to: to ?? today };
};

/** periodOf, refused when from > to or when it spans more than `maxDays` days (a list must stay bounded). */
export const boundedPeriod = (nowMs: number, from: string | undefined, to: string | undefined, maxDays = 366): { from: string; to: string } => {
  const p = periodOf(nowMs, from, to);
  const days = (Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000 + 1;
  if (!(days >= 1)) throw new DomainError('INVALID_ARGUMENT', '开始日期不能晚于结束日期', { fields: [{ path: 'from', message: '开始日期不能晚于结束日期' }] });
  if (days > maxDays) throw new DomainError('INVALID_ARGUMENT', `时间范围最长${maxDays}天`, { fields: [{ path: 'to', message: `时间范围最长${maxDays}天` }] });
  return p;
};
