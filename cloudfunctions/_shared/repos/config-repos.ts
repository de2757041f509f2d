import type { CategoryDoc, CategoryRepo, RuleRepo, SlaRepo } from '../../../domain/ports/orders';
import type { SlaPolicy } from '../../../domain/sla/clocks';
import type { RoutingRule } from '../../../domain/orders/routing';
import type { Db } from '../platform';
import { readAll } from './paging';

/** Small configuration collections, read at most once per repository instance (one call) for a minute. */
const cached = <T>(load: () => Promise<T>, ttlMs = 60_000) => {
  let value: { at: number; data: Promise<T> } | undefined;
  return (now: number): Promise<T> => {
    if (!value || now - value.at > ttlMs) value = { at: now, data: load().catch((e) => ((value = undefined), Promise.reject(e))) };
    return value.data;
  };
};

export const sdkRuleRepo = (db: Db, now: () => number): RuleRepo => {
  const load = cached(() => readAll<RoutingRule>(db.collection('routing_rules').where({ enabled: true }), 500));
  return { list: () => load(now()) };
};

export const sdkCategoryRepo = (db: Db, now: () => number): CategoryRepo => {
  const load = cached(async () => (await readAll<CategoryDoc>(db.collection('categories').where({}), 500)).sort((a, b) => a.sort - b.sort));
  return { list: () => load(now()) };
};

export const sdkSlaRepo = (db: Db, now: () => number): SlaRepo => {
  const load = cached(() => readAll<SlaPolicy>(db.collection('sla_policies').where({}), 500));
  return { list: () => load(now()) };
};
