import { localDate } from '../time/beijing';

/** 半年一评议 periods: Beijing calendar halves. Light and pure (the app uses it too). */
export interface ReviewPeriod {
  year: number;
  half: 1 | 2;
  from: string;
  to: string;
  label: string;
}

export const halfYear = (year: number, half: 1 | 2): ReviewPeriod => ({
  year,
  half,
  from: half === 1 ? `${year}-01-01` : `${year}-07-01`,
  to: half === 1 ? `${year}-06-30` : `${year}-12-31`,
  label: `${year}年${half === 1 ? '上' : '下'}半年`,
});

/** The months a period covers (YYYY-MM), for the check-in service counts. */
export const monthsOf = (period: Pick<ReviewPeriod, 'from' | 'to'>): string[] => {
  const out: string[] = [];
  let [y, m] = period.from.slice(0, 7).split('-').map(Number) as [number, number];
  const end = period.to.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    out.push(month);
    if (month >= end) return out;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
};

/** The most recent half-years that have ended by `nowMs` (newest first), for the 开展评议 picker. */
export const endedHalves = (nowMs: number, count = 4): ReviewPeriod[] => {
  const today = localDate(nowMs);
  const year = Number(today.slice(0, 4));
  const out: ReviewPeriod[] = [];
  for (let y = year; out.length < count; y--) {
    for (const half of [2, 1] as const) {
      const p = halfYear(y, half);
      if (p.to < today && out.length < count) out.push(p);
    }
  }
  return out;
};
