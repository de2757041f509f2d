import type { OrderDoc } from '../model/order';
import type { OrgNode, OrgType } from '../model/org';
import { addCounters, type Counters, zeroCounters } from './contribution';
import type { CategoryShare, DashboardRow, DashboardView, HeatRow, TrendPoint } from './dashboard-view';
import { shortDay, weeksOf } from './dashboard-view';
import { rankBySatisfaction, scoresFrom } from './scores';

export { periodProblem } from './period';

/**
 * The dashboard of one org node, shaped from rollups (never from a scan of orders):
 * the node's numbers, its children side by side ranked by smoothed satisfaction, weekly
 * trend, top categories, and the 超时 heat list from one indexed, limited order query.
 */

/** What a node's children are called on its dashboard (null: nothing to compare). */
export const CHILD_LABELS: Partial<Record<OrgType, string>> = { district: '街道', street: '社区', community: '网格' };

/** The child nodes compared on a node's dashboard (departments separately, district only). */
export const comparedChildren = (node: OrgNode, children: readonly OrgNode[]): { rows: OrgNode[]; departments: OrgNode[] } => {
  const mine = children.filter((c) => c.parentId === node._id);
  const want: Partial<Record<OrgType, OrgType>> = { district: 'street', street: 'community', community: 'grid' };
  return {
    rows: mine.filter((c) => c.type === want[node.type]),
    departments: node.type === 'district' ? mine.filter((c) => c.type === 'department') : [],
  };
};

/** The children's numbers side by side, best smoothed satisfaction first (no ratings last). */
export const childRows = (
  children: readonly OrgNode[],
  sums: ReadonlyMap<string, Counters>,
  period: { from: string; to: string },
  prior: { mean: number; weight: number },
): DashboardRow[] =>
  rankBySatisfaction(
    children.map((c) => ({
      name: c.name,
      type: c.type,
      ...scoresFrom({ orgId: c._id, from: period.from, to: period.to }, sums.get(c._id) ?? zeroCounters(), prior),
    })),
  );

const rate = (num: number, den: number): number | null => (den > 0 ? Number((num / den).toFixed(4)) : null);

/** Per-week numbers of `node` from its per-day counters (keys `<node>|<day>`), every week of the period present. */
export const weeklyTrend = (daily: ReadonlyMap<string, Counters>, node: string, from: string, to: string): TrendPoint[] => {
  const weeks = weeksOf(from, to).map((w) => ({ ...w, c: zeroCounters() }));
  for (const [key, counters] of daily) {
    const cut = key.lastIndexOf('|');
    if (key.slice(0, cut) !== node) continue;
    const day = key.slice(cut + 1);
    const week = weeks.find((w) => day >= w.from && day <= w.to);
    if (week) week.c = addCounters(week.c, counters);
  }
  return weeks.map(({ from: f, to: t, c }) => ({
    from: f,
    to: t,
    label: shortDay(f),
    count: c.submitted,
    resolved: c.resolved,
    rated: c.rated,
    satisfactionRate: rate(c.satisfied + c.visitSatisfied, c.rated + c.visited),
    onTimeResolveRate: rate(c.resolvedOnTime, c.resolved),
  }));
};

/** The node's total over the period, from the same per-day counters. */
export const totalOf = (daily: ReadonlyMap<string, Counters>, node: string): Counters => {
  let total = zeroCounters();
  for (const [key, counters] of daily) if (key.slice(0, key.lastIndexOf('|')) === node) total = addCounters(total, counters);
  return total;
};

/** The most frequent categories (count desc, then id), with their share of all orders. */
export const topCategories = (total: Counters, nameOf: (id: string) => string, limit = 8): CategoryShare[] =>
  Object.entries(total.categories ?? {})
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .slice(0, limit)
    .map(([category, count]) => ({ category, name: nameOf(category), count, share: total.submitted > 0 ? Number((count / total.submitted).toFixed(4)) : 0 }));

export type OverdueOrder = Pick<OrderDoc, 'place' | 'promiseDueAt'>;

/** Where an overdue order is counted on a node's heat list: its grid on a community's (or grid's) dashboard, else its community. */
export const heatKeyOf = (nodeType: OrgType, order: OverdueOrder): string =>
  nodeType === 'community' || nodeType === 'grid' ? (order.place.gridId ?? order.place.communityId) : order.place.communityId;

/** 超时热力: overdue open orders counted per place, most first (then the longest overdue). */
export const heatList = (
  nodeType: OrgType,
  orders: readonly OverdueOrder[],
  names: ReadonlyMap<string, { name: string; parentName: string | null }>,
  now: number,
  limit = 20,
): HeatRow[] => {
  const rows = new Map<string, HeatRow>();
  for (const o of orders) {
    const key = heatKeyOf(nodeType, o);
    const hours = Math.max(0, Math.floor((now - (o.promiseDueAt ?? now)) / 3_600_000));
    const row = rows.get(key) ?? { orgId: key, name: names.get(key)?.name ?? key, parentName: names.get(key)?.parentName ?? null, overdue: 0, worstHours: 0 };
    row.overdue += 1;
    row.worstHours = Math.max(row.worstHours, hours);
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => b.overdue - a.overdue || b.worstHours - a.worstHours || a.orgId.localeCompare(b.orgId)).slice(0, limit);
};

export interface DashboardParts {
  node: OrgNode;
  period: { from: string; to: string };
  today: string;
  now: number;
  prior: { mean: number; weight: number };
  /** Per-day counters of the node (keys `<node>|<day>`). */
  daily: ReadonlyMap<string, Counters>;
  children: { rows: OrgNode[]; departments: OrgNode[] };
  /** Period sums of every child and department. */
  sums: ReadonlyMap<string, Counters>;
  categoryName: (id: string) => string;
  overdue: { orders: readonly OverdueOrder[]; capped: boolean; names: ReadonlyMap<string, { name: string; parentName: string | null }> };
}

export const buildDashboard = (p: DashboardParts): DashboardView => {
  const { node, period } = p;
  const total = totalOf(p.daily, node._id);
  return {
    org: { id: node._id, name: node.name, type: node.type },
    from: period.from,
    to: period.to,
    today: p.today,
    prior: p.prior,
    totals: scoresFrom({ orgId: node._id, ...period }, total, p.prior),
    childLabel: CHILD_LABELS[node.type] ?? null,
    rows: childRows(p.children.rows, p.sums, period, p.prior),
    departments: childRows(p.children.departments, p.sums, period, p.prior),
    trend: weeklyTrend(p.daily, node._id, period.from, period.to),
    categories: topCategories(total, p.categoryName),
    overdue: { total: p.overdue.orders.length, capped: p.overdue.capped, rows: heatList(node.type, p.overdue.orders, p.overdue.names, p.now) },
  };
};
