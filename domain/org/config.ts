import { z } from 'zod';
import { CATEGORY_ID, ID, text } from '../orders/api';
import { ROUTE_TARGETS } from '../orders/routing';
import { ORDER_KINDS, PRIORITIES } from '../model/order-kinds';

/**
 * District configuration as validated data: routing rules and SLA policies (the district admin
 * edits them; every change is audited). Schemas keep a bad rule from ever reaching the router.
 */
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm');
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const match = z.strictObject({
  categories: z.array(CATEGORY_ID).max(20).optional(),
  kinds: z.array(z.enum(ORDER_KINDS)).max(3).optional(),
  priorities: z.array(z.enum(PRIORITIES)).max(3).optional(),
  orgId: ID.optional(),
});

export const routingRuleSchema = z.strictObject({
  _id: ID,
  name: text(2, 40),
  order: z.number().int().min(0).max(100_000),
  enabled: z.boolean(),
  match: match.extend({ hours: z.tuple([z.number().int().min(0).max(23), z.number().int().min(0).max(24)]).optional() }),
  target: z.strictObject({ type: z.enum(ROUTE_TARGETS), approval: z.boolean().optional() }),
});

const MINUTES = z.number().int().min(1).max(60 * 24 * 30);

const BREACH = z.enum(['escalate', 'remind']);

export const slaPolicySchema = z.strictObject({
  _id: ID,
  name: text(2, 60),
  order: z.number().int().min(0).max(100_000),
  match,
  calendar: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('24x7') }),
    z.strictObject({
      kind: z.literal('workdays'),
      start: HHMM,
      end: HHMM,
      overrides: z.record(DATE, z.enum(['workday', 'holiday'])).optional(),
    }),
  ]),
  targets: z.strictObject({ dispatch: MINUTES.optional(), respond: MINUTES.optional(), reply: MINUTES.optional(), resolve: MINUTES.optional() }),
  onBreach: z.strictObject({ dispatch: BREACH.optional(), respond: BREACH.optional(), reply: BREACH.optional(), resolve: BREACH.optional() }).optional(),
  remindAt: z.number().min(0.1).max(0.99),
  promise: text(2, 30),
  topReminderBackoffMinutes: z.array(MINUTES).min(1).max(10).optional(),
});

export const configListInput = z.strictObject({ kind: z.enum(['routing_rules', 'sla_policies']) });
export const saveRuleInput = z.strictObject({ rule: routingRuleSchema });
export const savePolicyInput = z.strictObject({ policy: slaPolicySchema });

export interface AuditDoc {
  _id: string;
  at: number;
  by: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}
