import fc from 'fast-check';
import type { OrgNode } from '../../../domain/model/org';
import { parseCsv } from '../../../domain/model/csv';
import { type Counters, zeroCounters } from '../../../domain/scoring/contribution';
import {
  buildDashboard,
  childRows,
  comparedChildren,
  heatKeyOf,
  heatList,
  periodProblem,
  topCategories,
  totalOf,
  weeklyTrend,
  type OverdueOrder,
} from '../../../domain/scoring/dashboard';
import { daysBetween, dashboardCsv, percent, presetOf, presetRange, stars, tableOf, weeksOf } from '../../../domain/scoring/dashboard-view';

const node = (id: string, type: OrgNode['type'], parent: OrgNode | null, name = id): OrgNode => ({
  _id: id,
  type,
  name,
  parentId: parent?._id ?? null,
  path: parent ? [...parent.path, parent._id] : [],
  depth: parent ? parent.path.length + 1 : 0,
});
const d = node('d', 'district', null, '渭城区');
const s1 = node('s1', 'street', d, '渭阳街道');
const s2 = node('s2', 'street', d, '新兴街道');
const dep = node('dep', 'department', d, '区住建局');
const c1 = node('c1', 'community', s1, '文汇社区');
const g1 = node('g1', 'grid', c1, '第一网格');
const g2 = node('g2', 'grid', c1, '第二网格');
const b1 = node('b1', 'building', g1, '1号楼');

const counters = (over: Partial<Counters>): Counters => ({ ...zeroCounters(), ...over });

describe('periods (Beijing days as YYYY-MM-DD)', () => {
  it('presets count from today: 本月, 上月 (whole month), 近三月, 本年', () => {
    expect(presetRange('month', '2026-03-02')).toEqual({ from: '2026-03-01', to: '2026-03-02' });
    expect(presetRange('last_month', '2026-03-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetRange('last_month', '2024-03-31')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(presetRange('last_month', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetRange('quarter', '2026-03-02')).toEqual({ from: '2026-01-01', to: '2026-03-02' });
    expect(presetRange('quarter', '2026-02-10')).toEqual({ from: '2025-12-01', to: '2026-02-10' });
    expect(presetRange('year', '2026-03-02')).toEqual({ from: '2026-01-01', to: '2026-03-02' });
    expect(presetOf({ from: '2026-02-01', to: '2026-02-28' }, '2026-03-02')).toBe('last_month');
    expect(presetOf({ from: '2026-02-02', to: '2026-02-28' }, '2026-03-02')).toBeNull();
  });

  it('weeks run Monday to Sunday, clipped to the period, none missing', () => {
    // 2026-03-01 is a Sunday, 03-02 a Monday.
    expect(weeksOf('2026-03-01', '2026-03-02')).toEqual([
      { from: '2026-03-01', to: '2026-03-01' },
      { from: '2026-03-02', to: '2026-03-02' },
    ]);
    expect(weeksOf('2026-02-01', '2026-02-28').map((w) => w.from)).toEqual(['2026-02-01', '2026-02-02', '2026-02-09', '2026-02-16', '2026-02-23']);
    expect(weeksOf('2026-03-02', '2026-03-01')).toEqual([]);
  });

  it('property: the weeks tile the period exactly', () => {
    const day = fc.integer({ min: 0, max: 800 }).map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 400 }), (from, span) => {
        const to = new Date(Date.parse(`${from}T00:00:00Z`) + span * 86_400_000).toISOString().slice(0, 10);
        const weeks = weeksOf(from, to);
        expect(weeks[0].from).toBe(from);
        expect(weeks[weeks.length - 1].to).toBe(to);
        expect(weeks.reduce((n, w) => n + daysBetween(w.from, w.to), 0)).toBe(span + 1);
        for (const w of weeks) expect(daysBetween(w.from, w.to)).toBeLessThanOrEqual(7);
      }),
      { numRuns: 200 },
    );
  });

  it('a period must be real days, in order, at most 366 days', () => {
    expect(periodProblem('2026-03-01', '2026-03-02')).toBeNull();
    expect(periodProblem('2025-03-03', '2026-03-02')).toBeNull(); // 365 days
    expect(periodProblem('2026-02-30', '2026-03-02')).toEqual({ field: 'from', message: '开始日期不存在' });
    expect(periodProblem('2026-03-02', '2026-03-01')).toEqual({ field: 'to', message: '结束日期不能早于开始日期' });
    expect(periodProblem('2024-01-01', '2026-03-02')?.message).toBe('统计区间最长366天');
  });
});

describe('shaping the dashboard from rollups', () => {
  const prior = { mean: 4, weight: 10 };
  const period = { from: '2026-03-01', to: '2026-03-31' };

  it('compares the right children: grids of a community, communities of a street, streets (and departments apart) of the district', () => {
    expect(comparedChildren(c1, [g1, g2, b1]).rows.map((n) => n._id)).toEqual(['g1', 'g2']);
    const district = comparedChildren(d, [s1, s2, dep, c1]);
    expect(district.rows.map((n) => n._id)).toEqual(['s1', 's2']);
    expect(district.departments.map((n) => n._id)).toEqual(['dep']);
    expect(comparedChildren(g1, [b1])).toEqual({ rows: [], departments: [] });
  });

  it('children ranked by smoothed satisfaction; a small sample does not top a large one; no ratings last', () => {
    const sums = new Map([
      ['g1', counters({ submitted: 2, rated: 2, starsSum: 10, satisfied: 2 })],
      ['g2', counters({ submitted: 40, rated: 40, starsSum: 192, satisfied: 38 })],
    ]);
    const rows = childRows([g1, g2, node('g3', 'grid', c1, '第三网格')], sums, period, prior);
    expect(rows.map((r) => [r.rank, r.orgId, r.name])).toEqual([
      [1, 'g2', '第二网格'],
      [2, 'g1', '第一网格'],
      [3, 'g3', '第三网格'],
    ]);
    expect(rows[0].smoothedSatisfaction).toBe(Number(((10 * 4 + 192) / 50).toFixed(3)));
    expect(rows[2]).toMatchObject({ count: 0, smoothedSatisfaction: null, satisfactionRate: null });
  });

  it('weekly trend from per-day counters; every week present, other nodes ignored', () => {
    const daily = new Map([
      ['c1|2026-03-02', counters({ submitted: 2, resolved: 2, resolvedOnTime: 1, rated: 2, satisfied: 1 })],
      ['c1|2026-03-08', counters({ submitted: 1, resolved: 1, resolvedOnTime: 1 })],
      ['c1|2026-03-20', counters({ submitted: 4, visited: 1, visitSatisfied: 1 })],
      ['c10|2026-03-20', counters({ submitted: 100 })],
    ]);
    const trend = weeklyTrend(daily, 'c1', '2026-03-01', '2026-03-22');
    expect(trend.map((t) => [t.label, t.count, t.resolved, t.satisfactionRate, t.onTimeResolveRate])).toEqual([
      ['3/1', 0, 0, null, null],
      ['3/2', 3, 3, 0.5, 0.6667],
      ['3/9', 0, 0, null, null],
      ['3/16', 4, 0, 1, null],
    ]);
    expect(totalOf(daily, 'c1').submitted).toBe(7);
  });

  it('top categories by count with their share', () => {
    const total = counters({ submitted: 10, categories: { repair: 5, dispute: 2, elderly: 3 } });
    const names: Record<string, string> = { repair: '维修报修', elderly: '养老助老' };
    expect(topCategories(total, (id) => names[id] ?? id, 2)).toEqual([
      { category: 'repair', name: '维修报修', count: 5, share: 0.5 },
      { category: 'elderly', name: '养老助老', count: 3, share: 0.3 },
    ]);
    expect(topCategories(zeroCounters(), (id) => id)).toEqual([]);
  });

  it('超时 heat list: per grid on a community dashboard, per community above; most overdue first', () => {
    const now = Date.parse('2026-03-02T09:00:00+08:00');
    const order = (gridId: string | null, communityId: string, hoursLate: number): OverdueOrder => ({
      place: { orgId: 'x', label: '', buildingId: null, gridId, communityId, streetId: 's1', districtId: 'd' },
      promiseDueAt: now - hoursLate * 3_600_000,
    });
    const orders = [order('g1', 'c1', 2), order('g2', 'c1', 30), order('g2', 'c1', 1), order(null, 'c1', 5), order('g9', 'c2', 1)];
    expect(heatKeyOf('community', orders[3])).toBe('c1');
    const names = new Map([
      ['g2', { name: '第二网格', parentName: null }],
      ['c1', { name: '文汇社区', parentName: '渭阳街道' }],
    ]);
    expect(heatList('community', orders.slice(0, 4), names, now)).toEqual([
      { orgId: 'g2', name: '第二网格', parentName: null, overdue: 2, worstHours: 30 },
      { orgId: 'c1', name: '文汇社区', parentName: '渭阳街道', overdue: 1, worstHours: 5 },
      { orgId: 'g1', name: 'g1', parentName: null, overdue: 1, worstHours: 2 },
    ]);
    expect(heatList('district', orders, names, now).map((r) => [r.orgId, r.overdue])).toEqual([
      ['c1', 4],
      ['c2', 1],
    ]);
  });

  it('builds the whole view; the table and its CSV carry the same cells, 合计 = the node', () => {
    const daily = new Map([['c1|2026-03-02', counters({ submitted: 3, respondDecided: 3, respondMet: 2, resolved: 2, resolvedOnTime: 2, rated: 2, satisfied: 1, starsSum: 7, reopened: 1, categories: { repair: 3 } })]]);
    const sums = new Map([
      ['g1', counters({ submitted: 2, respondDecided: 2, respondMet: 2, resolved: 2, resolvedOnTime: 2, rated: 2, satisfied: 1, starsSum: 7, reopened: 1 })],
      ['g2', counters({ submitted: 1, respondDecided: 1 })],
    ]);
    const view = buildDashboard({
      node: c1,
      period,
      today: '2026-03-02',
      now: 0,
      prior,
      daily,
      children: comparedChildren(c1, [g1, g2]),
      sums,
      categoryName: (id) => (id === 'repair' ? '维修报修' : id),
      overdue: { orders: [], capped: false, names: new Map() },
    });
    expect(view).toMatchObject({ org: { id: 'c1', name: '文汇社区', type: 'community' }, childLabel: '网格', departments: [], overdue: { total: 0, rows: [] } });
    expect(view.totals).toMatchObject({ count: 3, acceptRate: 0.6667, onTimeResolveRate: 1, satisfactionRate: 0.5, reopenRate: 0.5 });
    expect(view.categories).toEqual([{ category: 'repair', name: '维修报修', count: 3, share: 1 }]);
    expect(view.trend.map((t) => t.label)).toEqual(['3/1', '3/2', '3/9', '3/16', '3/23', '3/30']);

    const table = tableOf(view.rows, view.totals, view.org.name);
    expect(table.header).toEqual(['排名', '名称', '诉求量', '接单率', '按时办结率', '满意率', '平滑满意度', '重办率']);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['1', '第一网格', '2', '100.0%', '100.0%', '50.0%', stars(view.rows[0].smoothedSatisfaction), '50.0%'],
      ['2', '第二网格', '1', '0.0%', '—', '—', '—', '—'],
    ]);
    expect(table.total).toEqual(['合计', '文汇社区', '3', '66.7%', '100.0%', '50.0%', stars(view.totals.smoothedSatisfaction), '50.0%']);

    const csv = dashboardCsv(view);
    expect(csv.filename).toBe('文汇社区-看板-2026-03-01至2026-03-31.csv');
    expect(csv.content.startsWith('\uFEFF"排名","名称"')).toBe(true);
    expect(parseCsv(csv.content)).toEqual([table.header, ...table.rows.map((r) => r.cells), table.total]);
  });

  it('the district CSV lists the departments after the streets', () => {
    const view = buildDashboard({
      node: d,
      period,
      today: '2026-03-02',
      now: 0,
      prior,
      daily: new Map(),
      children: comparedChildren(d, [s1, dep]),
      sums: new Map(),
      categoryName: (id) => id,
      overdue: { orders: [], capped: false, names: new Map() },
    });
    const rows = parseCsv(dashboardCsv(view).content);
    expect(rows.map((r) => r[1])).toEqual(['名称', '渭阳街道', '渭城区', undefined, '名称', '区住建局']);
    expect(rows[3]).toEqual(['职能部门']);
  });

  it('numbers as people read them', () => {
    expect([percent(null), percent(0), percent(0.8571), percent(1), percent(0.66665)]).toEqual(['—', '0.0%', '85.7%', '100.0%', '66.7%']);
    expect([stars(null), stars(4.3125), stars(5)]).toEqual(['—', '4.31', '5.00']);
  });
});
