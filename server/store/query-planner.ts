import { type FieldIndex, type RangeBounds, sortableOf } from './field-index';

/*
 * Picks candidate ids for a MongoDB-style criteria object from the declared indexes, or
 * answers `undefined` for "no usable index: scan". The candidates are a superset of the
 * matches; the caller tests every candidate with mingo unless the plan says it is exact.
 */

export interface QueryPlan {
  /** A superset of the matches, in the order the chosen index holds them (for an `$or`, branch by branch). */
  ids: Set<string>;
  /**
   * Every id is a match: each condition is an equality or one-of on an indexed field with string
   * or boolean values (whose index keys cannot stand for anything else), so no document needs testing.
   */
  exact: boolean;
}

/**
 * The candidates of the smallest usable index, less those another top-level equality or
 * one-of condition's index rules out (a set membership test each instead of a document
 * match): the same matches in the same order, since every match is in each of those sets.
 */
export const planQuery = (
  criteria: Record<string, unknown>,
  indexes: ReadonlyMap<string, FieldIndex>,
  /** The stored document of an id: lets a one-of condition over many values test the document's own field instead of many sets. */
  docOf?: (id: string) => unknown,
): QueryPlan | undefined => {
  const keys = Object.keys(criteria);
  if (keys.length === 1 && keys[0] === '$or' && Array.isArray(criteria.$or)) return planOr(criteria.$or, indexes, docOf);
  const best = plan(criteria, indexes, Infinity);
  if (!best) return undefined;
  const checks: Array<{ index: FieldIndex; values: unknown[]; sets: Array<ReadonlySet<string>>; exact: boolean }> = [];
  for (const key of keys) {
    const index = key.startsWith('$') ? undefined : indexes.get(key);
    const values = index ? equalityValues(criteria[key]) : undefined;
    const sets = values && index?.setsFor(values);
    if (index && sets) checks.push({ index, values, sets, exact: values.every((v) => typeof v === 'string' || typeof v === 'boolean') });
  }
  const exact = checks.length === keys.length && checks.every((c) => c.exact);
  if (checks.length === 0 || best.size === 0) return { ids: best, exact };
  const tests = checks.map((c) => {
    const byDoc = docOf && c.sets.length > 2 ? c.index.matcher(c.values) : undefined;
    return byDoc ? (id: string) => byDoc(docOf!(id)) : membership(c.sets, best.size);
  });
  const ids = new Set<string>();
  for (const id of best) if (tests.every((has) => has(id))) ids.add(id);
  return { ids, exact };
};

/**
 * A filter that is only an `$or`: each branch planned (and narrowed) on its own, the union in
 * branch order; exact when every branch is. Unusable when any branch has no index.
 */
const planOr = (branches: unknown[], indexes: ReadonlyMap<string, FieldIndex>, docOf?: (id: string) => unknown): QueryPlan | undefined => {
  const ids = new Set<string>();
  let exact = true;
  for (const branch of branches) {
    if (!branch || typeof branch !== 'object' || Array.isArray(branch)) return undefined;
    const part = planQuery(branch as Record<string, unknown>, indexes, docOf);
    if (!part) return undefined;
    exact &&= part.exact;
    for (const id of part.ids) ids.add(id);
  }
  return { ids, exact };
};

/** A test for "in one of these sets", as cheap as `candidates` lookups allow: the union is built only when that costs less than asking each set. */
const membership = (sets: ReadonlyArray<ReadonlySet<string>>, candidates: number): ((id: string) => boolean) => {
  if (sets.length === 0) return () => false;
  if (sets.length === 1) {
    const only = sets[0];
    return (id) => only.has(id);
  }
  let total = 0;
  for (const s of sets) total += s.size;
  if (total > candidates * sets.length) return (id) => sets.some((s) => s.has(id));
  const union = new Set<string>();
  for (const s of sets) for (const id of s) union.add(id);
  return (id) => union.has(id);
};

/** The values an equality (`x`, `{$eq: x}`) or one-of (`{$in: [...]}`) condition accepts; undefined for anything else. */
const equalityValues = (condition: unknown): unknown[] | undefined => {
  if (!isPlainOperatorObject(condition)) {
    if (condition === null || (typeof condition === 'object' && !(condition instanceof Date))) return undefined;
    return [condition];
  }
  const ops = Object.keys(condition);
  if (ops.length !== 1) return undefined;
  if ('$eq' in condition) return equalityValues(condition.$eq);
  if ('$in' in condition && Array.isArray(condition.$in)) return condition.$in;
  return undefined;
};

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
