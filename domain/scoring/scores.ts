import { type Counters, TIME_BUCKETS } from './contribution';

/**
 * The numbers people are judged by (接单率、按时办结率、满意率 …), from summed counters.
 * A rate with nothing to divide by is null ("暂无数据"), never 0 or 100%.
 */

export interface ScoresView {
  orgId: string;
  from: string;
  to: string;
  count: number;
  /** 接单率: claimed within the respond clock / respond clocks decided. */
  acceptRate: number | null;
  /** 及时回复率: replied within the reply clock / reply clocks decided (null where no policy promises a reply). */
  replyRate: number | null;
  /** 按时办结率: resolved within the resident's promise / resolved. */
  onTimeResolveRate: number | null;
  /** 满意率: (≥4 stars + satisfied return visits) / (rated + visited). */
  satisfactionRate: number | null;
  reopenRate: number | null;
  /** 小事不出网格: closed at grid level / closed. */
  gridShare: number | null;
  rated: number;
  meanStars: number | null;
  /** Bayesian-smoothed mean stars: (C·m + Σ stars) / (C + n), m = district mean. */
  smoothedSatisfaction: number | null;
  medianResolveMinutes: number | null;
  p90ResolveMinutes: number | null;
}

export const DEFAULT_PRIOR_WEIGHT = 10;

const rate = (num: number, den: number): number | null => (den > 0 ? Number((num / den).toFixed(4)) : null);

/** Upper bound (minutes) of the histogram bucket holding the p-th percentile. */
export const percentileFromHistogram = (histogram: readonly number[], p: number): number | null => {
  const total = histogram.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const target = Math.ceil((p / 100) * total);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i];
    if (seen >= target) return TIME_BUCKETS[i] ?? TIME_BUCKETS[TIME_BUCKETS.length - 1] * 2;
  }
  return null;
};

export const smoothedMean = (starsSum: number, rated: number, prior: { mean: number; weight: number }): number | null =>
  rated + prior.weight > 0 && (rated > 0 || prior.weight > 0) ? Number(((prior.weight * prior.mean + starsSum) / (prior.weight + rated)).toFixed(3)) : null;

export const scoresFrom = (
  scope: { orgId: string; from: string; to: string },
  c: Counters,
  prior: { mean: number; weight: number },
): ScoresView => ({
  ...scope,
  count: c.submitted,
  acceptRate: rate(c.respondMet, c.respondDecided),
  replyRate: rate(c.replyMet ?? 0, c.replyDecided ?? 0),
  onTimeResolveRate: rate(c.resolvedOnTime, c.resolved),
  satisfactionRate: rate(c.satisfied + c.visitSatisfied, c.rated + c.visited),
  reopenRate: rate(c.reopened, c.resolved),
  gridShare: rate(c.closedAtGrid, c.closed),
  rated: c.rated,
  meanStars: c.rated > 0 ? Number((c.starsSum / c.rated).toFixed(3)) : null,
  smoothedSatisfaction: c.rated > 0 ? smoothedMean(c.starsSum, c.rated, prior) : null,
  medianResolveMinutes: percentileFromHistogram(c.resolveHistogram, 50),
  p90ResolveMinutes: percentileFromHistogram(c.resolveHistogram, 90),
});

/** Ranks nodes by smoothed satisfaction (nodes without ratings last). */
export const rankBySatisfaction = <T extends Pick<ScoresView, 'smoothedSatisfaction' | 'orgId'>>(rows: readonly T[]): (T & { rank: number })[] =>
  [...rows]
    .sort((a, b) => (b.smoothedSatisfaction ?? -1) - (a.smoothedSatisfaction ?? -1) || a.orgId.localeCompare(b.orgId))
    .map((row, i) => ({ ...row, rank: i + 1 }));
