import type { OrderDoc } from '../model/order';
import { countersOf, type Counters } from './contribution';

/**
 * 数字背后的诉求: every number on a scorecard is a count of orders, so each one can list
 * them. A metric is a predicate on the order's own counters (the same ones the rollups
 * sum), so the orders listed for a metric are exactly the ones the number counted.
 */
export const EVIDENCE_METRICS = {
  submitted: { label: '诉求总数', test: (c: Counters) => c.submitted === 1 },
  accepted: { label: '按时接单', test: (c: Counters) => c.respondMet === 1 },
  acceptMissed: { label: '超时接单', test: (c: Counters) => c.respondDecided === 1 && c.respondMet === 0 },
  onTime: { label: '按时办结', test: (c: Counters) => c.resolvedOnTime === 1 },
  late: { label: '超时办结', test: (c: Counters) => c.resolved === 1 && c.resolvedOnTime === 0 },
  satisfied: { label: '满意（评价≥4星或回访满意）', test: (c: Counters) => c.satisfied === 1 || c.visitSatisfied === 1 },
  notSatisfied: {
    label: '不满意（评价≤3星或回访不满意）',
    test: (c: Counters) => (c.rated === 1 && c.satisfied === 0) || (c.visited === 1 && c.visitSatisfied === 0),
  },
  reopened: { label: '重办', test: (c: Counters) => c.reopened === 1 },
  closedAtGrid: { label: '网格内办结', test: (c: Counters) => c.closedAtGrid === 1 },
  closedAbove: { label: '网格外办结', test: (c: Counters) => c.closed === 1 && c.closedAtGrid === 0 },
} as const satisfies Record<string, { label: string; test: (c: Counters) => boolean }>;

export type EvidenceMetric = keyof typeof EVIDENCE_METRICS;
export const EVIDENCE_METRIC_IDS = Object.keys(EVIDENCE_METRICS) as [EvidenceMetric, ...EvidenceMetric[]];

export const countsFor = (metric: EvidenceMetric, order: OrderDoc): boolean => EVIDENCE_METRICS[metric].test(countersOf(order));

/** The orders a page scan of a node's period contributes to a metric. */
export const evidenceOf = (metric: EvidenceMetric, orders: readonly OrderDoc[]): OrderDoc[] => orders.filter((o) => countsFor(metric, o));

/** scoring.evidence's answer: a page of the orders behind the number. */
export interface EvidenceView<Summary> {
  orgId: string;
  orgName: string;
  metric: EvidenceMetric;
  label: string;
  from: string;
  to: string;
  items: Summary[];
  /** Orders looked at for this page. */
  scanned: number;
  nextCursor: string | null;
}
