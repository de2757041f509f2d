import { DomainError } from '../model/envelope';
import { localDate } from '../time/beijing';
import type { ReviewPeriod } from './half-year';
import type { Counters } from './contribution';
import { rankBySatisfaction, type ScoresView } from './scores';

/**
 * 半年一评议: the district admin opens a half-year; the system freezes one row per
 * community (its secretary, the rates, smoothed satisfaction, reopen rate, return
 * visits, 双报到 service) and ranks them. The snapshot is written once and never
 * recomputed: later ratings, visits or check-ins do not move it. Street admins add a
 * comment per community beside it (kept apart, so the numbers stay untouched).
 */

export const reviewIdOf = (districtId: string, period: Pick<ReviewPeriod, 'year' | 'half'>): string => `rv_${districtId}_${period.year}h${period.half}`;

/** Only a half-year that has ended can be frozen: its numbers must not move any more. */
export const requireEnded = (period: ReviewPeriod, nowMs: number): void => {
  if (localDate(nowMs) <= period.to) {
    throw new DomainError('FAILED_PRECONDITION', `${period.label}还没有结束（截至${period.to}），结束后才能开展评议`);
  }
};

export interface ServiceCounts {
  /** 双报到 members who served at least once, sessions credited, hours served. */
  volunteers: number;
  sessions: number;
  hours: number;
}

export interface CommunityInfo {
  id: string;
  name: string;
  streetId: string;
  streetName: string;
  secretaries: string[];
}

export interface ReviewRow {
  /** Place by smoothed satisfaction; null for a community with no rating or visit in the half-year (not ranked). */
  rank: number | null;
  communityId: string;
  communityName: string;
  streetId: string;
  streetName: string;
  secretaries: string[];
  count: number;
  acceptRate: number | null;
  onTimeResolveRate: number | null;
  satisfactionRate: number | null;
  smoothedSatisfaction: number | null;
  reopenRate: number | null;
  gridShare: number | null;
  rated: number;
  visited: number;
  /** Share of return visits that found the resident satisfied. */
  visitSatisfiedRate: number | null;
  service: ServiceCounts;
}

export interface ReviewDoc {
  _id: string;
  districtId: string;
  year: number;
  half: 1 | 2;
  from: string;
  to: string;
  label: string;
  openedAt: number;
  openedBy: string;
  openedByName: string;
  prior: { mean: number; weight: number };
  rows: ReviewRow[];
}

export interface ReviewCommentDoc {
  _id: string;
  reviewId: string;
  communityId: string;
  text: string;
  by: string;
  byName: string;
  at: number;
}

export const commentIdOf = (reviewId: string, communityId: string): string => `${reviewId}|${communityId}`;

const ratio = (num: number, den: number): number | null => (den > 0 ? Math.round((num / den) * 10_000) / 10_000 : null);

/** The frozen rows, ranked by smoothed satisfaction (small samples lean to the district mean); rows without ratings come last, unranked. */
export const buildReviewRows = (
  communities: readonly CommunityInfo[],
  scores: ReadonlyMap<string, { view: ScoresView; counters: Counters }>,
  service: ReadonlyMap<string, ServiceCounts>,
): ReviewRow[] => {
  const rows = communities.map((c) => {
    const s = scores.get(c.id);
    const v = s?.view;
    return {
      orgId: c.id,
      communityId: c.id,
      communityName: c.name,
      streetId: c.streetId,
      streetName: c.streetName,
      secretaries: c.secretaries,
      count: v?.count ?? 0,
      acceptRate: v?.acceptRate ?? null,
      onTimeResolveRate: v?.onTimeResolveRate ?? null,
      satisfactionRate: v?.satisfactionRate ?? null,
      smoothedSatisfaction: v?.smoothedSatisfaction ?? null,
      reopenRate: v?.reopenRate ?? null,
      gridShare: v?.gridShare ?? null,
      rated: v?.rated ?? 0,
      visited: s?.counters.visited ?? 0,
      visitSatisfiedRate: s ? ratio(s.counters.visitSatisfied, s.counters.visited) : null,
      service: service.get(c.id) ?? { volunteers: 0, sessions: 0, hours: 0 },
    };
  });
  return rankBySatisfaction(rows).map(({ orgId: _orgId, ...row }) => ({ ...row, rank: row.smoothedSatisfaction === null ? null : row.rank }));
};

/** The rows seen from `node`: a community its own row, a street its communities, the district all of them. */
export const rowsUnder = (rows: readonly ReviewRow[], node: { _id: string; depth: number }): ReviewRow[] =>
  node.depth === 0 ? [...rows] : rows.filter((r) => r.communityId === node._id || r.streetId === node._id);

const pct = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null): string => (v === null ? '—' : v.toFixed(2));

export const REVIEW_COLUMNS = [
  '排名',
  '街道',
  '社区',
  '社区书记',
  '诉求数',
  '接单率',
  '按时办结率',
  '满意率',
  '平滑满意度',
  '重办率',
  '小事不出网格',
  '评价数',
  '回访数',
  '回访满意率',
  '双报到服务人数',
  '服务人次',
  '服务时长(小时)',
  '街道评语',
];

/** The table people export (CSV / XLSX), rows in rank order with the street's comments. */
export const reviewTable = (rows: readonly ReviewRow[], comments: ReadonlyMap<string, string>): (string | number)[][] => [
  REVIEW_COLUMNS,
  ...rows.map((r) => [
    r.rank ?? '未排名',
    r.streetName,
    r.communityName,
    r.secretaries.join('、'),
    r.count,
    pct(r.acceptRate),
    pct(r.onTimeResolveRate),
    pct(r.satisfactionRate),
    num(r.smoothedSatisfaction),
    pct(r.reopenRate),
    pct(r.gridShare),
    r.rated,
    r.visited,
    pct(r.visitSatisfiedRate),
    r.service.volunteers,
    r.service.sessions,
    r.service.hours,
    comments.get(r.communityId) ?? '',
  ]),
];

/** A review as the app receives it: the rows under the caller's node, each with the street's comment. */
export interface ReviewRowView extends ReviewRow {
  comment: { text: string; byName: string; at: number } | null;
  /** The caller is the admin of this row's street. */
  canComment: boolean;
}
export type ReviewView = Omit<ReviewDoc, 'rows'> & { rows: ReviewRowView[] };
export interface ReviewFileView {
  filename: string;
  mime: string;
  /** utf8 = CSV text (with BOM); base64 = XLSX bytes. */
  encoding: 'utf8' | 'base64';
  content: string;
}
