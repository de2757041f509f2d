/**
 * A secondary index on one field of one collection, kept in memory beside the
 * documents. It answers equality / `$in` lookups (multikey: every element of an
 * array value is indexed, so `{path: X}` finds every node below X) and range
 * lookups on numbers and dates through a sorted array.
 */
export type IndexKey = string;

const keyOf = (value: unknown): IndexKey | undefined => {
  if (typeof value === 'string') return `s:${value}`;
  if (typeof value === 'number' && Number.isFinite(value)) return `n:${value}`;
  if (typeof value === 'boolean') return `b:${value}`;
  if (value instanceof Date) return `n:${value.getTime()}`;
  return undefined;
};

const sortableOf = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value instanceof Date) return value.getTime();
  return undefined;
};

/** Reads a dotted path, collecting every value reached through arrays. */
export const valuesAt = (doc: unknown, path: string): unknown[] => {
  let current: unknown[] = [doc];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const item of current) {
      if (item === null || typeof item !== 'object') continue;
      const value = (item as Record<string, unknown>)[part];
      if (value === undefined) continue;
      if (Array.isArray(value)) next.push(...value);
      else next.push(value);
    }
    current = next;
  }
  return current;
};

export interface RangeBounds {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

export class FieldIndex {
  readonly field: string;
  private readonly eq = new Map<IndexKey, Set<string>>();
  /** Sorted by value then id: binary-searchable for ranges. */
  private readonly sorted: Array<[number, string]> = [];

  constructor(field: string) {
    this.field = field;
  }

  add(id: string, doc: unknown): void {
    const seen = new Set<IndexKey>();
    for (const value of valuesAt(doc, this.field)) {
      const key = keyOf(value);
      if (key === undefined || seen.has(key)) continue;
      seen.add(key);
      let ids = this.eq.get(key);
      if (!ids) this.eq.set(key, (ids = new Set()));
      ids.add(id);
      const n = sortableOf(value);
      if (n !== undefined) this.sorted.splice(this.lowerBound(n, id), 0, [n, id]);
    }
  }

  remove(id: string, doc: unknown): void {
    const seen = new Set<IndexKey>();
    for (const value of valuesAt(doc, this.field)) {
      const key = keyOf(value);
      if (key === undefined || seen.has(key)) continue;
      seen.add(key);
      const ids = this.eq.get(key);
      ids?.delete(id);
      if (ids && ids.size === 0) this.eq.delete(key);
      const n = sortableOf(value);
      if (n !== undefined) {
        const at = this.lowerBound(n, id);
        const entry = this.sorted[at];
        if (entry && entry[0] === n && entry[1] === id) this.sorted.splice(at, 1);
      }
    }
  }

  /** Ids whose field equals (or, for arrays, contains) one of `values`; undefined when a value is not indexable. */
  lookup(values: unknown[]): Set<string> | undefined {
    const out = new Set<string>();
    for (const value of values) {
      const key = keyOf(value);
      if (key === undefined) return undefined;
      for (const id of this.eq.get(key) ?? []) out.add(id);
    }
    return out;
  }

  range(bounds: RangeBounds): Set<string> {
    const out = new Set<string>();
    const lowValue = bounds.gte ?? bounds.gt ?? -Infinity;
    let i = this.lowerBound(lowValue, '');
    for (; i < this.sorted.length; i++) {
      const [n, id] = this.sorted[i];
      if (bounds.gt !== undefined && n <= bounds.gt) continue;
      if (bounds.lt !== undefined && n >= bounds.lt) break;
      if (bounds.lte !== undefined && n > bounds.lte) break;
      out.add(id);
    }
    return out;
  }

  clear(): void {
    this.eq.clear();
    this.sorted.length = 0;
  }

  private lowerBound(n: number, id: string): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const [mn, mid_id] = this.sorted[mid];
      if (mn < n || (mn === n && mid_id < id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export { sortableOf };
