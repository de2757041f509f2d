import type { CategoryDoc, CategoryRepo, RuleRepo, SlaRepo } from '../../../domain/ports/orders';
import type { SlaPolicy } from '../../../domain/sla/clocks';
import type { RoutingRule } from '../../../domain/orders/routing';
import type { AuditDoc } from '../../../domain/org/config';
import type { Db, Tx } from '../platform';
import { readAll } from './paging';
import { isNotFound } from './sdk-results';

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

/**
 * The district admin's side of configuration: every routing rule or SLA policy in the order
 * they are tried, and replacing one document with its audit entry in one transaction.
 */
export const sdkConfigAdmin = (db: Db) => ({
  list: async (kind: 'routing_rules' | 'sla_policies'): Promise<{ order: number }[]> =>
    (await readAll<{ order: number }>(db.collection(kind).where({}), 500)).sort((a, b) => a.order - b.order),
  async save<T extends { _id: string }>(collection: 'routing_rules' | 'sla_policies', doc: T, audit: (before: unknown) => AuditDoc): Promise<T> {
    const { _id, ...fields } = doc;
    await db.runTransaction(async (tx: Tx) => {
      let before: unknown = null;
      try {
        before = ((await tx.collection(collection).doc(_id).get()) as { data: unknown }).data;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
      await tx.collection(collection).doc(_id).set({ data: fields });
      await tx.collection('audit').add({ data: audit(before) });
    });
    return doc;
  },
});
