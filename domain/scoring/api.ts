import { z } from 'zod';
import { ID, text } from '../orders/api';

const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

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
