import { type FieldIndex, type RangeBounds, sortableOf } from './field-index';

/**
 * Picks candidate ids for a MongoDB-style criteria object from the declared
 * indexes, or answers `undefined` for "no usable index: scan". The candidates are
 * a superset of the matches; the caller still tests every candidate with mingo.
 */
export const planCandidates = (
  criteria: Record<string, unknown>,
  indexes: ReadonlyMap<string, FieldIndex>,
): Set<string> | undefined => plan(criteria, indexes, Infinity);

/**
 * The smallest candidate set among the usable indexes. `cap`: a set larger than this would
 * not be chosen anyway (a smaller one is known), so building it stops early — the choice
 * is the same as building every set in full, at the cost of the small ones only.
 */
const plan = (criteria: Record<string, unknown>, indexes: ReadonlyMap<string, FieldIndex>, cap: number): Set<string> | undefined => {
  let best: Set<string> | undefined;
  /** Only a strictly smaller set replaces the best one: anything of its size or more need not be built. */
  const limit = () => (best === undefined ? cap : best.size - 1);
  // Upper bounds known without building anything (equality and one-of lookups: the sizes of their
  // sets). A condition whose set is larger than another condition's bound can never be the
  // smallest, so building it stops there.
  const bounds = new Map<string, number>();
  for (const [key, condition] of Object.entries(criteria)) {
    if (key.startsWith('$')) continue;
    const index = indexes.get(key);
    const b = index ? boundOf(index, condition) : undefined;
    if (b !== undefined) bounds.set(key, b);
  }
  const others = (key: string) => {
    let m = Infinity;
    for (const [k, b] of bounds) if (k !== key && b < m) m = b;
    return m;
  };
  const consider = (ids: Set<string> | undefined) => {
    if (ids && (best === undefined || ids.size < best.size)) best = ids;
  };
  for (const [key, condition] of Object.entries(criteria)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const part of condition) {
        if (part && typeof part === 'object') consider(plan(part as Record<string, unknown>, indexes, limit()));
      }
      continue;
    }
    if (key === '$or' && Array.isArray(condition)) {
      // Usable only when every branch is: the union of the branches' candidates.
      const max = limit();
      const union = new Set<string>();
      let usable = true;
      for (const part of condition) {
        const b = part && typeof part === 'object' ? plan(part as Record<string, unknown>, indexes, Infinity) : undefined;
        if (!b) {
          usable = false;
          break;
        }
        for (const id of b) union.add(id);
      }
      if (usable && union.size <= max) consider(union);
      continue;
    }
    if (key.startsWith('$')) continue;
    const index = indexes.get(key);
    if (!index) continue;
    consider(candidatesFor(index, condition, Math.min(limit(), others(key))));
  }
  return best;
};

/** The size `candidatesFor` would answer at most, when it is known without building the set. */
const boundOf = (index: FieldIndex, condition: unknown): number | undefined => {
  if (!isPlainOperatorObject(condition)) {
    if (condition === null || (typeof condition === 'object' && !(condition instanceof Date))) return undefined;
    return index.sizeOf([condition]);
  }
  if ('$eq' in condition) return boundOf(index, condition.$eq);
  if ('$in' in condition && Array.isArray(condition.$in)) return index.sizeOf(condition.$in);
  return undefined;
};

const isPlainOperatorObject = (value: unknown): value is Record<string, unknown> =>
  value !== null &&
  typeof value === 'object' &&
  !Array.isArray(value) &&
  !(value instanceof Date) &&
  !(value instanceof RegExp) &&
  Object.keys(value).length > 0 &&
  Object.keys(value).every((k) => k.startsWith('$'));

const candidatesFor = (index: FieldIndex, condition: unknown, max: number): Set<string> | undefined => {
  if (max < 0) return undefined;
  if (!isPlainOperatorObject(condition)) {
    if (condition === null || typeof condition === 'object') {
      return condition instanceof Date ? index.lookup([condition], max) : undefined;
    }
    return index.lookup([condition], max);
  }
  if ('$eq' in condition) return candidatesFor(index, condition.$eq, max);
  if ('$in' in condition && Array.isArray(condition.$in)) return index.lookup(condition.$in, max);
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
  return ranged ? index.range(bounds, max) : undefined;
};
