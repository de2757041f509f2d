import { DEFAULT_EARNING_RULES, type EarningRule } from '../../../domain/points/earning';
import { C } from '../../../domain/points/ports';
import type { Db } from '../platform';
import { readAll } from './paging';

/** The earning rules (`points_rules`, data); the built-in defaults when none are configured. */
export const sdkEarningRules = async (db: Db): Promise<EarningRule[]> => {
  const rules = await readAll<EarningRule>(db.collection(C.rules).where({ enabled: true }), 500);
  return rules.length > 0 ? rules : DEFAULT_EARNING_RULES;
};
