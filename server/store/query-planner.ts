import { type FieldIndex, type RangeBounds, sortableOf } from './field-index';

/**
 * Picks candidate ids for a MongoDB-style criteria object from the declared
 * indexes, or answers `undefined` for "no usable index: scan". The candidates are
 * a superset of the matches; the caller still tests every candidate with mingo.
 */
export const planCandidates = (
  criteria: Record<string, unknown>,
  indexes: ReadonlyMap<string, FieldIndex>,
): Set<string> | undefined => {
  let best: Set<string> | undefined;
  const consider = (ids: Set<string> | undefined) => {
    if (ids && (best === undefined || ids.size < best.size)) best = ids;
  };
  for (const [key, condition] of Object.entries(criteria)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const part of condition) {
        if (part && typeof part === 'object') consider(planCandidates(part as Record<string, unknown>, indexes));
      }
      continue;
    }
    if (key === '$or' && Array.isArray(condition)) {
      // Usable only when every branch is: the union of the branches' candidates.
      const branches = condition.map((part) => (part && typeof part === 'object' ? planCandidates(part as Record<string, unknown>, indexes) : undefined));
      if (branches.every((b): b is Set<string> => b !== undefined)) {
        const union = new Set<string>();
        for (const b of branches) for (const id of b) union.add(id);
        consider(union);
      }
      continue;
    }
    if (key.startsWith('$')) continue;
    const index = indexes.get(key);
    if (!index) continue;
    consider(candidatesFor(index, condition));
  }
  return best;
};

const isPlainOperatorObject = (value: unknown): value is Record<string, unknown> =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  !(value instanceof Date) &&
  !(value instanceof RegExp) &&
  Object.keys(value).length > 0 &&
  Object.keys(value).every((k) => k.startsWith('$'));

const candidatesFor = (index: FieldIndex, condition: unknown): Set<string> | undefined => {
  if (!isPlainOperatorObject(condition)) {
    if (condition === null || typeof condition === 'object') {
      return condition instanceof Date ? index.lookup([condition]) : undefined;
    }
    return index.lookup([condition]);
  }
  if ('$eq' in condition) return candidatesFor(index, condition.$eq);
  if ('$in' in condition && Array.isArray(condition.$in)) return index.lookup(condition.$in);
  const bounds: RangeBounds = {};
  let ranged = false;
  for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
    const raw = condition[`$${op}`];
    if (raw === undefined) continue;
    const n = sortableOf(raw);
    if (n === undefined) return undefined;
    bounds[op] = n;
    ranged = true;
  }
  return ranged ? index.range(bounds) : undefined;
};
