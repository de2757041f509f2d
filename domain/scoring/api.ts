import { z } from 'zod';
import { ID } from '../orders/api';

const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const scoresInput = z.strictObject({ orgId: ID, from: DAY.optional(), to: DAY.optional() });
/** The children of `orgId` side by side (grids of a community, communities of a street, streets of the district). */
export const rankingInput = z.strictObject({ orgId: ID, from: DAY.optional(), to: DAY.optional() });
