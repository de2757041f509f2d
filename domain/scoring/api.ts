import { z } from 'zod';
import { isDate } from '../time/beijing';
import { ID, text } from '../orders/api';
import { EVIDENCE_METRIC_IDS } from './evidence';

/** A calendar day that exists (2026-02-30 and 2026-13-01 are refused, not rolled over). */
const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').refine(isDate, '日期不存在');

export const scoresInput = z.strictObject({ orgId: ID, from: DAY.optional(), to: DAY.optional() });
/** The children of `orgId` side by side (grids of a community, communities of a street, streets of the district). */
export const visitsInput = z.strictObject({ box: z.enum(['todo', 'overdue']) });
export const recordVisitInput = z.strictObject({
  id: z.string().min(1).max(120).regex(/^[A-Za-z0-9_-]+$/, '编号格式不正确'),
  outcome: z.enum(['satisfied', 'partly', 'not_satisfied']),
  method: z.enum(['phone', 'door']),
  note: text(2, 300),
});

export const rankingInput = z.strictObject({ orgId: ID, from: DAY.optional(), to: DAY.optional() });

/** scoring.dashboard: one node's dashboard for a period (default this month; ≤ 366 days, checked after defaults). */
export const dashboardInput = z.strictObject({ orgId: ID, from: DAY.optional(), to: DAY.optional() });

const CURSOR = z.string().max(200).regex(/^[A-Za-z0-9_-]*$/, '分页参数无效');

/** scoring.evidence: the orders behind one number of a node's scores, a page at a time. */
export const evidenceInput = z.strictObject({
  orgId: ID,
  metric: z.enum(EVIDENCE_METRIC_IDS),
  from: DAY.optional(),
  to: DAY.optional(),
  cursor: CURSOR.optional(),
});

/** scoring.export: one page of an export (orders / ratings / visits) of a subtree and period. */
export const exportInput = z.strictObject({
  kind: z.enum(['orders', 'ratings', 'visits']),
  orgId: ID,
  from: DAY.optional(),
  to: DAY.optional(),
  cursor: CURSOR.optional(),
});

/** 半年一评议. */
const REVIEW_ID = z.string().min(1).max(80).regex(/^rv_[A-Za-z0-9_-]+$/, '评议编号格式不正确');
const HALF = z.union([z.literal(1), z.literal(2)]);
export const openReviewInput = z.strictObject({ orgId: ID, year: z.number().int().min(2020).max(2100), half: HALF });
export const reviewsInput = z.strictObject({ orgId: ID });
export const reviewInput = z.strictObject({ id: REVIEW_ID, orgId: ID });
export const reviewFileInput = z.strictObject({ id: REVIEW_ID, orgId: ID, format: z.enum(['csv', 'xlsx']) });
export const commentReviewInput = z.strictObject({ id: REVIEW_ID, communityId: ID, text: text(2, 300) });
