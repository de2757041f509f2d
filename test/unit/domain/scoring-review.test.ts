import { DomainError } from '../../../domain/model/envelope';
import type { OrderDoc } from '../../../domain/model/order';
import { countersOf, zeroCounters } from '../../../domain/scoring/contribution';
import { EVIDENCE_METRIC_IDS, countsFor } from '../../../domain/scoring/evidence';
import { ORDER_COLUMNS, orderRow, ratingRow } from '../../../domain/scoring/exports';
import { boundedPeriod } from '../../../domain/scoring/period';
import { buildReviewRows, requireEnded, reviewTable, rowsUnder, type CommunityInfo } from '../../../domain/scoring/review';
import { endedHalves, halfYear, monthsOf } from '../../../domain/scoring/half-year';
import { scoresFrom } from '../../../domain/scoring/scores';

const at = (iso: string) => Date.parse(iso);

describe('半年一评议: periods', () => {
  it('halves and their months', () => {
    expect(halfYear(2026, 1)).toEqual({ year: 2026, half: 1, from: '2026-01-01', to: '2026-06-30', label: '2026年上半年' });
    expect(halfYear(2026, 2)).toMatchObject({ from: '2026-07-01', to: '2026-12-31', label: '2026年下半年' });
    expect(monthsOf(halfYear(2026, 2))).toEqual(['2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']);
    expect(monthsOf({ from: '2025-11-15', to: '2026-02-01' })).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(endedHalves(at('2026-07-01T00:00:00+08:00'), 3).map((p) => p.label)).toEqual(['2026年上半年', '2025年下半年', '2025年上半年']);
    expect(endedHalves(at('2026-06-30T23:00:00+08:00'), 1).map((p) => p.label)).toEqual(['2025年下半年']);
  });

  it('a half-year ends at midnight Beijing time, not UTC', () => {
    const h1 = halfYear(2026, 1);
    expect(() => requireEnded(h1, at('2026-06-30T23:59:59+08:00'))).toThrow(DomainError);
    expect(() => requireEnded(h1, at('2026-06-30T16:00:00Z'))).not.toThrow(); // = 1 July 00:00 in Beijing
  });

  it('bounded periods refuse reversed or over-long ranges', () => {
    const now = at('2026-03-02T09:00:00+08:00');
    expect(boundedPeriod(now, undefined, undefined)).toEqual({ from: '2026-03-01', to: '2026-03-02' });
    expect(() => boundedPeriod(now, '2026-03-02', '2026-03-01')).toThrow('结束日期不能早于开始日期');
    expect(() => boundedPeriod(now, '2025-01-01', '2026-03-01')).toThrow('统计区间最长366天');
    expect(boundedPeriod(now, '2024-01-01', '2024-12-31')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
  });
});

describe('半年一评议: rows', () => {
  const community = (id: string, streetId: string): CommunityInfo => ({ id, name: `${id}社区`, streetId, streetName: `${streetId}街道`, secretaries: [`${id}书记`] });
  const prior = { mean: 4, weight: 10 };
  const scored = (id: string, rated: number, starsSum: number) => {
    const counters = { ...zeroCounters(), submitted: rated, rated, starsSum, satisfied: rated };
    return [id, { view: scoresFrom({ orgId: id, from: '2026-01-01', to: '2026-06-30' }, counters, prior), counters }] as const;
  };

  it('ranks by smoothed satisfaction: a 3-order perfect score ranks below 200 orders at 4.8', () => {
    const rows = buildReviewRows(
      [community('c-a', 's-1'), community('c-b', 's-1'), community('c-c', 's-2')],
      new Map([scored('c-a', 3, 15), scored('c-b', 200, 960)]),
      new Map([['c-b', { volunteers: 12, sessions: 40, hours: 96.5 }]]),
    );
    expect(rows.map((r) => [r.rank, r.communityId])).toEqual([
      [1, 'c-b'],
      [2, 'c-a'],
      [null, 'c-c'],
    ]);
    expect(rows[0].service).toEqual({ volunteers: 12, sessions: 40, hours: 96.5 });
    expect(rows[2]).toMatchObject({ count: 0, smoothedSatisfaction: null, service: { volunteers: 0, sessions: 0, hours: 0 } });
    expect(rowsUnder(rows, { _id: 's-1', depth: 1 }).map((r) => r.communityId).sort()).toEqual(['c-a', 'c-b']);
    expect(rowsUnder(rows, { _id: 'c-c', depth: 2 }).map((r) => r.communityId)).toEqual(['c-c']);
    expect(rowsUnder(rows, { _id: 'd', depth: 0 })).toHaveLength(3);
    const table = reviewTable(rows, new Map([['c-b', '好']]));
    expect(table[1].slice(0, 3)).toEqual([1, 's-1街道', 'c-b社区']);
    expect(table[1].at(-1)).toBe('好');
    expect(table[3][5]).toBe('—');
    expect(table[3][0]).toBe('未排名');
  });
});

describe('evidence and export rows', () => {
  const order = (patch: Partial<OrderDoc>): OrderDoc =>
    ({
      _id: 'o1',
      no: '20260302-0001',
      status: 'closed',
      level: 'grid',
      version: 5,
      category: 'repair',
      kind: 'request',
      priority: 'normal',
      description: '楼道灯坏了',
      media: [],
      place: { orgId: 'b-wh-1-1', label: '1号楼', gridId: 'g-wh-1', communityId: 'c-wh' },
      orgPath: ['d-wc', 's-wy', 'c-wh', 'g-wh-1', 'b-wh-1-1'],
      channel: 'self',
      filedBy: 'res',
      residentOpenid: 'res',
      contactPhone: '13912345678',
      assignee: { kind: 'user', openid: 'gw', name: '赵敏', role: 'grid_worker' },
      handlerOpenid: 'gw',
      reopenCount: 0,
      flaggedForSecretary: false,
      needsReturnVisit: false,
      submittedAt: at('2026-03-02T09:00:00+08:00'),
      updatedAt: at('2026-03-02T12:00:00+08:00'),
      resolution: { note: '修好了', media: [], at: at('2026-03-02T11:00:00+08:00'), by: 'gw' },
      rating: { stars: 3, at: at('2026-03-02T12:00:00+08:00'), by: 'res', byProxy: false },
      ...patch,
    }) as OrderDoc;

  it('every metric is a predicate on the same counters the rollups sum', () => {
    const o = order({});
    const c = countersOf(o);
    const holds = EVIDENCE_METRIC_IDS.filter((m) => countsFor(m, o));
    expect(holds).toEqual(['submitted', 'onTime', 'notSatisfied', 'closedAtGrid']);
    expect(c).toMatchObject({ submitted: 1, resolvedOnTime: 1, rated: 1, satisfied: 0, closedAtGrid: 1 });
    expect(countsFor('satisfied', order({ rating: null, lastStars: null, visitOutcome: 'satisfied' }))).toBe(true);
    expect(countsFor('submitted', order({ status: 'cancelled' }))).toBe(false);
  });

  it('rows carry no phone number and no openid', () => {
    const names = { category: () => '维修', org: (id: string | null) => (id === 'g-wh-1' ? '第一网格' : id === 'c-wh' ? '文汇社区' : '') };
    const row = orderRow(order({}), names);
    expect(row).toHaveLength(ORDER_COLUMNS.length);
    expect(row.slice(0, 4)).toEqual(['20260302-0001', '2026-03-02', '2026-03-02 09:00', '维修']);
    const text = JSON.stringify([row, ratingRow(order({}), names)]);
    expect(text).not.toContain('13912345678');
    expect(text).not.toMatch(/"(res|gw)"/);
    expect(ratingRow(order({ rating: null, lastStars: null }), names)).toBeNull();
  });
});
