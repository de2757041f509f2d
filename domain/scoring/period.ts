import { localDate } from '../sla/calendar';

/** A reporting period in Beijing days; defaults to the current month up to today. */
export const periodOf = (nowMs: number, from?: string, to?: string): { from: string; to: string } => {
  const today = localDate(nowMs);
  return { from: from ?? `${today.slice(0, 8)}01`, to: to ?? today };
};
