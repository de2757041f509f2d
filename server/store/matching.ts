import type { QueryCache } from './compiled-query';
import type { FieldIndex } from './field-index';
import { planQuery } from './query-planner';

type Doc = { _id: string } & Record<string, unknown>;

/** `{_id: x}` and `{_id: {$in: [...]}}` read straight from the primary key. */
const primaryKeyCandidates = (criteria: Record<string, unknown>): Set<string> | undefined => {
  const id = criteria._id;
  if (typeof id === 'string') return new Set([id]);
  if (id && typeof id === 'object' && Array.isArray((id as { $in?: unknown }).$in)) {
    const list = (id as { $in: unknown[] }).$in;
    if (list.every((x) => typeof x === 'string')) return new Set(list as string[]);
  }
  return undefined;
};

export interface Matches {
  docs: Doc[];
  /** Documents looked at (the candidates, or the whole collection on a scan). */
  examined: number;
  usedIndex: boolean;
}

/**
 * The documents of one collection that match `criteria`, in candidate order: the primary key or
 * the planned indexes (every candidate a match when the plan is exact), else a scan in insertion
 * order. The host's store and the generator's in-memory store both answer reads with this.
 */
export const matchingDocs = (
  docs: ReadonlyMap<string, Doc>,
  indexes: ReadonlyMap<string, FieldIndex>,
  criteria: Record<string, unknown>,
  queries: QueryCache,
): Matches => {
  if (Object.keys(criteria).length === 0) return { docs: [...docs.values()], examined: docs.size, usedIndex: false };
  const byKey = primaryKeyCandidates(criteria);
  const plan = byKey ? { ids: byKey, exact: false } : planQuery(criteria, indexes, (id) => docs.get(id));
  const out: Doc[] = [];
  if (plan?.exact) {
    // The indexes answer the query by themselves (see planQuery): every id is a match.
    for (const id of plan.ids) out.push(docs.get(id)!);
    return { docs: out, examined: out.length, usedIndex: true };
  }
  const query = queries.get(criteria);
  let examined = 0;
  if (plan) {
    for (const id of plan.ids) {
      const doc = docs.get(id);
      if (!doc) continue;
      examined++;
      if (query.test(doc)) out.push(doc);
    }
  } else {
    for (const doc of docs.values()) {
      examined++;
      if (query.test(doc)) out.push(doc);
    }
  }
  return { docs: out, examined, usedIndex: plan !== undefined };
};
