import { type CsvFile, csvFile } from '../model/csv';
import type { ScoresView } from './scores';

/**
 * What `scoring.dashboard` answers and what the app does with it (period presets, the
 * table, its CSV). Kept free of runtime imports beyond CSV so the app bundle can use it.
 */

export type DashboardOrgType = 'district' | 'street' | 'community' | 'grid' | 'department' | 'building' | 'unit';

/** One child of the node (a grid of a community, a community of a street, a street or department of the district). */
export interface DashboardRow extends ScoresView {
  name: string;
  type: DashboardOrgType;
  rank: number;
}

/** One week (Monday–Sunday, clipped to the period) of the node's orders, by submission day. */
export interface TrendPoint {
  /** First day of the week inside the period (YYYY-MM-DD). */
  from: string;
  to: string;
  /** "3/2" */
  label: string;
  count: number;
  resolved: number;
  rated: number;
  satisfactionRate: number | null;
  onTimeResolveRate: number | null;
}

export interface CategoryShare {
  category: string;
  name: string;
  count: number;
  /** Of all orders of the node in the period. */
  share: number;
}

/** 超时热力: open orders past the resident's promise, per grid (community dashboard) or community. */
export interface HeatRow {
  orgId: string;
  name: string;
  /** The street (district dashboard) or community the row belongs to, for context. */
  parentName: string | null;
  overdue: number;
  /** Hours past the promise of the oldest one. */
  worstHours: number;
}

export interface DashboardView {
  org: { id: string; name: string; type: DashboardOrgType };
  from: string;
  to: string;
  /** Today in Beijing (the server's clock): the period presets count from it. */
  today: string;
  prior: { mean: number; weight: number };
  totals: ScoresView;
  /** What the children are: 网格 / 社区 / 街道 (null when the node has none to compare). */
  childLabel: string | null;
  rows: DashboardRow[];
  /** District only: the departments (部门报到), side by side. */
  departments: DashboardRow[];
  trend: TrendPoint[];
  categories: CategoryShare[];
  overdue: { total: number; capped: boolean; rows: HeatRow[] };
}

// ── periods ───────────────────────────────────────────────────────────────────

export const PERIOD_PRESETS = [
  { key: 'month', label: '本月' },
  { key: 'last_month', label: '上月' },
  { key: 'quarter', label: '近三月' },
  { key: 'year', label: '本年' },
] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]['key'];

/** The longest period a dashboard answers for (days, inclusive). */
export const MAX_PERIOD_DAYS = 366;

const DAY_MS = 86_400_000;
const parseDay = (day: string): number => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
const fmtDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export const daysBetween = (from: string, to: string): number => Math.max(0, Math.round((parseDay(to) - parseDay(from)) / DAY_MS) + 1);

export const addDays = (day: string, n: number): string => fmtDay(parseDay(day) + n * DAY_MS);

/** First day of the month `back` months before `day`'s month. */
const monthStart = (day: string, back = 0): string => {
  const d = new Date(parseDay(day));
  return fmtDay(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1));
};

/** A preset's days, counted from today (Beijing). */
export const presetRange = (preset: PeriodPreset, today: string): { from: string; to: string } => {
  switch (preset) {
    case 'month':
      return { from: monthStart(today), to: today };
    case 'last_month':
      return { from: monthStart(today, 1), to: addDays(monthStart(today), -1) };
    case 'quarter':
      return { from: monthStart(today, 2), to: today };
    case 'year':
      return { from: `${today.slice(0, 4)}-01-01`, to: today };
  }
};

/** Which preset a period is, if any. */
export const presetOf = (period: { from: string; to: string }, today: string): PeriodPreset | null =>
  PERIOD_PRESETS.map((p) => p.key).find((k) => {
    const r = presetRange(k, today);
    return r.from === period.from && r.to === period.to;
  }) ?? null;

/** Monday-to-Sunday weeks covering [from, to], clipped to it. */
export const weeksOf = (from: string, to: string): { from: string; to: string }[] => {
  const out: { from: string; to: string }[] = [];
  if (to < from) return out;
  const weekday = (new Date(parseDay(from)).getUTCDay() + 6) % 7; // Monday = 0
  let monday = addDays(from, -weekday);
  while (monday <= to) {
    const sunday = addDays(monday, 6);
    out.push({ from: monday < from ? from : monday, to: sunday > to ? to : sunday });
    monday = addDays(monday, 7);
  }
  return out;
};

/** "3/2" for 2026-03-02. */
export const shortDay = (day: string): string => `${Number(day.slice(5, 7))}/${Number(day.slice(8, 10))}`;

/** "2026-03-01 至 2026-03-02" */
export const periodLabel = (p: { from: string; to: string }): string => (p.from === p.to ? p.from : `${p.from} 至 ${p.to}`);

// ── numbers as people read them ───────────────────────────────────────────────

/** 0.8571 → "85.7%"; null (nothing to divide by) → "—". */
export const percent = (rate: number | null): string => (rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`);

/** 4.3125 → "4.31"; null → "—". */
export const stars = (mean: number | null): string => (mean === null ? '—' : mean.toFixed(2));

export const TABLE_HEADER = ['排名', '名称', '诉求量', '接单率', '按时办结率', '满意率', '平滑满意度', '重办率'] as const;

type TableSource = Pick<ScoresView, 'count' | 'acceptRate' | 'onTimeResolveRate' | 'satisfactionRate' | 'smoothedSatisfaction' | 'reopenRate'>;

const cells = (s: TableSource): string[] => [String(s.count), percent(s.acceptRate), percent(s.onTimeResolveRate), percent(s.satisfactionRate), stars(s.smoothedSatisfaction), percent(s.reopenRate)];

export interface DashboardTable {
  header: string[];
  rows: { orgId: string; cells: string[] }[];
  /** The node's own numbers (合计): every order under it, also those not placed in any child. */
  total: string[];
}

/** The table as shown on the page and written to the CSV: children by smoothed satisfaction, then 合计. */
export const tableOf = (rows: readonly DashboardRow[], totals: TableSource, totalName: string): DashboardTable => ({
  header: [...TABLE_HEADER],
  rows: rows.map((r) => ({ orgId: r.orgId, cells: [String(r.rank), r.name, ...cells(r)] })),
  total: ['合计', totalName, ...cells(totals)],
});

/** The dashboard's table(s) as one CSV (period in the file name): the children, 合计, and for the district the departments below. */
export const dashboardCsv = (view: DashboardView): CsvFile => {
  const main = tableOf(view.rows, view.totals, view.org.name);
  const lines: string[][] = [main.header, ...main.rows.map((r) => r.cells), main.total];
  if (view.departments.length > 0) {
    const deps = tableOf(view.departments, view.totals, view.org.name);
    lines.push([], ['职能部门'], deps.header, ...deps.rows.map((r) => r.cells));
  }
  return csvFile(`${view.org.name}-看板-${view.from}至${view.to}.csv`, lines);
};
