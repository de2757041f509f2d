/**
 * A secondary index on one field of one collection, kept in memory beside the
 * documents. It answers equality / `$in` lookups (multikey: every element of an
 * array value is indexed, so `{path: X}` finds every node below X) and range
 * lookups on numbers and dates through a sorted array.
 */
/**
 * A value as the index keys it: strings, finite numbers and booleans as themselves (a Map tells
 * 1 from '1' from true without building a tagged string), a date as its milliseconds.
 */
export type IndexKey = string | number | boolean;

const keyOf = (value: unknown): IndexKey | undefined => {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
};

const sortableOf = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value instanceof Date) return value.getTime();
  return undefined;
};

/** Reads a dotted path (split into its parts), collecting every value reached through arrays. */
const valuesAlong = (doc: unknown, parts: readonly string[]): unknown[] => {
  let current: unknown[] = [doc];
  for (const part of parts) {
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

/**
 * (value, id) pairs kept sorted in chunks of a few hundred: an insert or removal moves
 * at most one chunk (O(√n)) instead of the whole array, so a store with 100k orders
 * (three numeric indexes) updates and loads in time proportional to the chunk size.
 */
class SortedPairs {
  private static readonly MAX = 512;
  private chunks: Array<Array<[number, string]>> = [];

  private static before(a: [number, string], n: number, id: string): boolean {
    return a[0] < n || (a[0] === n && a[1] < id);
  }

  /** Index of the first chunk whose last pair is not before (n, id), or the last chunk. */
  private chunkFor(n: number, id: string): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const chunk = this.chunks[mid];
      if (SortedPairs.before(chunk[chunk.length - 1], n, id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private static lowerBound(chunk: Array<[number, string]>, n: number, id: string): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (SortedPairs.before(chunk[mid], n, id)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(n: number, id: string): void {
    if (this.chunks.length === 0) {
      this.chunks.push([[n, id]]);
      return;
    }
    const c = this.chunkFor(n, id);
    const chunk = this.chunks[c];
    chunk.splice(SortedPairs.lowerBound(chunk, n, id), 0, [n, id]);
    if (chunk.length > 2 * SortedPairs.MAX) this.chunks.splice(c + 1, 0, chunk.splice(SortedPairs.MAX));
  }

  remove(n: number, id: string): void {
    if (this.chunks.length === 0) return;
    const c = this.chunkFor(n, id);
    const chunk = this.chunks[c];
    const at = SortedPairs.lowerBound(chunk, n, id);
    const entry = chunk[at];
    if (!entry || entry[0] !== n || entry[1] !== id) return;
    chunk.splice(at, 1);
    if (chunk.length === 0) this.chunks.splice(c, 1);
  }

  /** Pairs from the first one not before (n, id), in order. */
  *from(n: number, id: string): Generator<[number, string]> {
    if (this.chunks.length === 0) return;
    let c = this.chunkFor(n, id);
    let i = SortedPairs.lowerBound(this.chunks[c], n, id);
    for (; c < this.chunks.length; c++, i = 0) {
      const chunk = this.chunks[c];
      for (; i < chunk.length; i++) yield chunk[i];
    }
  }

  clear(): void {
    this.chunks = [];
  }
}

export class FieldIndex {
  readonly field: string;
  private readonly parts: readonly string[];
  private readonly eq = new Map<IndexKey, Set<string>>();
  /** Sorted by value then id: searchable for ranges. */
  private readonly sorted = new SortedPairs();

  constructor(field: string) {
    this.field = field;
    this.parts = field.split('.');
  }

  /** The document's distinct index keys on this field, each with the value it came from. */
  private keysOf(doc: unknown): Map<IndexKey, unknown> {
    const keys = new Map<IndexKey, unknown>();
    for (const value of valuesAlong(doc, this.parts)) {
      const key = keyOf(value);
      if (key !== undefined && !keys.has(key)) keys.set(key, value);
    }
    return keys;
  }

  add(id: string, doc: unknown): void {
    for (const [key, value] of this.keysOf(doc)) {
      let ids = this.eq.get(key);
      if (!ids) this.eq.set(key, (ids = new Set()));
      ids.add(id);
      const n = sortableOf(value);
      if (n !== undefined) this.sorted.insert(n, id);
    }
  }

  remove(id: string, doc: unknown): void {
    for (const [key, value] of this.keysOf(doc)) {
      const ids = this.eq.get(key);
      ids?.delete(id);
      if (ids && ids.size === 0) this.eq.delete(key);
      const n = sortableOf(value);
      if (n !== undefined) this.sorted.remove(n, id);
    }
  }

  /**
   * The document changed from `before` to `after`: the id leaves the keys it no longer has and
   * joins the new ones (at the end); under a key it keeps, it keeps its place. So candidates
   * come in the order documents first took the value, like a scan's insertion order, and an
   * update that leaves this field alone costs only reading it.
   */
  update(id: string, before: unknown, after: unknown): void {
    const xs = valuesAlong(before, this.parts);
    const ys = valuesAlong(after, this.parts);
    if (xs.length === ys.length && xs.every((x, i) => keyOf(x) === keyOf(ys[i]))) return;
    const old = this.keysOf(before);
    const now = this.keysOf(after);
    for (const [key, value] of old) {
      if (now.has(key)) continue;
      const ids = this.eq.get(key);
      ids?.delete(id);
      if (ids && ids.size === 0) this.eq.delete(key);
      const n = sortableOf(value);
      if (n !== undefined) this.sorted.remove(n, id);
    }
    for (const [key, value] of now) {
      if (old.has(key)) continue;
      let ids = this.eq.get(key);
      if (!ids) this.eq.set(key, (ids = new Set()));
      ids.add(id);
      const n = sortableOf(value);
      if (n !== undefined) this.sorted.insert(n, id);
    }
  }

  /** A test of a document against `values` by its own field (the index's keys; undefined when a value is not indexable). */
  matcher(values: readonly unknown[]): ((doc: unknown) => boolean) | undefined {
    const wanted = new Set<IndexKey>();
    for (const value of values) {
      const key = keyOf(value);
      if (key === undefined) return undefined;
      wanted.add(key);
    }
    return (doc) => valuesAlong(doc, this.parts).some((v) => {
      const key = keyOf(v);
      return key !== undefined && wanted.has(key);
    });
  }

  /** The id sets of `values` that hold any id (undefined when a value is not indexable): what `lookup(values)` unites. */
  setsFor(values: readonly unknown[]): Array<ReadonlySet<string>> | undefined {
    const sets: Array<ReadonlySet<string>> = [];
    for (const value of values) {
      const key = keyOf(value);
      if (key === undefined) return undefined;
      const ids = this.eq.get(key);
      if (ids && !sets.includes(ids)) sets.push(ids);
    }
    return sets;
  }

  /** At most how many ids `lookup(values)` answers (the sum of the sets; exact for one value), without building it; undefined when a value is not indexable. */
  sizeOf(values: unknown[]): number | undefined {
    let n = 0;
    for (const value of values) {
      const key = keyOf(value);
      if (key === undefined) return undefined;
      n += this.eq.get(key)?.size ?? 0;
    }
    return n;
  }

  /**
   * Ids whose field equals (or, for arrays, contains) one of `values`; undefined when a value
   * is not indexable. With `max`, gives up (undefined) as soon as more than `max` ids match.
   */
  lookup(values: unknown[], max = Infinity): Set<string> | undefined {
    const out = new Set<string>();
    for (const value of values) {
      if (keyOf(value) === undefined) return undefined;
    }
    for (const value of values) {
      const ids = this.eq.get(keyOf(value)!);
      if (!ids) continue;
      if (out.size + ids.size > max && values.length === 1) return undefined;
      for (const id of ids) out.add(id);
      if (out.size > max) return undefined;
    }
    return out;
  }

  /** Ids with a value in the bounds, by value then id; with `max`, undefined as soon as more than `max` match. */
  range(bounds: RangeBounds, max = Infinity): Set<string> | undefined {
    const out = new Set<string>();
    const lowValue = bounds.gte ?? bounds.gt ?? -Infinity;
    for (const [n, id] of this.sorted.from(lowValue, '')) {
      if (bounds.gt !== undefined && n <= bounds.gt) continue;
      if (bounds.lt !== undefined && n >= bounds.lt) break;
      if (bounds.lte !== undefined && n > bounds.lte) break;
      out.add(id);
      if (out.size > max) return undefined;
    }
    return out;
  }

  clear(): void {
    this.eq.clear();
    this.sorted.clear();
  }
}

export { sortableOf };
