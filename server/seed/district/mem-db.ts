import { Aggregator } from 'mingo';
import type { Doc, IndexDecl } from '../../store/document-store';
import type { BulkWriter } from './bulk-writer';
import { QueryCache } from '../../store/compiled-query';
import { FieldIndex } from '../../store/field-index';
import { matchingDocs } from '../../store/matching';

/**
 * The generator's working store: the same documents, secondary indexes (FieldIndex from
 * the host's store, declared by collections.ts) and query planning as the host's
 * DocumentStore, held in memory only, then written to the real store in large batches.
 * Reads answer exactly what the host's engine would for the same query (same candidate
 * order, same mingo matching and sorting); updates follow wx-server-sdk's semantics
 * (a plain `update` flattens nested objects into dotted `$set` paths; `_.set` replaces).
 */

type Criteria = Record<string, unknown>;
export interface QueryOptions {
  sort?: Record<string, 1 | -1>;
  skip?: number;
  limit?: number;
}

interface Collection {
  docs: Map<string, Doc>;
  indexes: Map<string, FieldIndex>;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof RegExp);

/** wx-server-sdk's update serializer: nested plain objects become dotted paths; undefined is dropped; empty objects vanish. */
export const flattenUpdate = (data: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> => {
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value)) flattenUpdate(value, path, out);
    else out[path] = value;
  }
  return out;
};

/**
 * mingo's `$set` on a dotted path (as the host engine applies it), copying only the objects
 * along the path (documents here are never mutated in place): a null or missing step becomes
 * an object, a scalar step stops the path (no change), an equal value is no change.
 */
const setPath = (root: Record<string, unknown>, parts: string[], value: unknown): boolean => {
  let node: Record<string, unknown> = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const child = node[parts[i]];
    let copy: Record<string, unknown>;
    if (child === null || child === undefined) copy = {};
    else if (typeof child !== 'object' || child instanceof Date) return false;
    else copy = (Array.isArray(child) ? [...child] : { ...child }) as Record<string, unknown>;
    node[parts[i]] = copy;
    node = copy;
  }
  const last = parts[parts.length - 1];
  if (last in node && JSON.stringify(node[last]) === JSON.stringify(value)) return false;
  node[last] = value;
  return true;
};

/** Stable sort on numbers or strings (what mingo's $sort does for them); undefined when a key holds anything else. */
const sortLikeMingo = (docs: Doc[], sort: Record<string, 1 | -1>): Doc[] | undefined => {
  const keys = Object.entries(sort);
  for (const d of docs) {
    for (const [k] of keys) {
      const v = k.includes('.') ? undefined : d[k];
      if (typeof v !== 'number' && typeof v !== 'string') return undefined;
    }
  }
  return [...docs].sort((a, b) => {
    for (const [k, dir] of keys) {
      const x = a[k] as number | string;
      const y = b[k] as number | string;
      if (typeof x !== typeof y) return (typeof x === 'number' ? -1 : 1) * dir;
      if (x < y) return -dir;
      if (x > y) return dir;
    }
    return 0;
  });
};

/**
 * What a value looks like after the SDK's JSON round trip (EJSON relaxed is JSON for the
 * numbers, strings, booleans, arrays and plain objects documents hold): undefined fields
 * dropped, undefined array items null, non-finite numbers null. A copy, never shared.
 */
export const asStored = <T>(value: T): T => stored(value) as T;

const stored = (value: unknown): unknown => {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return null;
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => (v === undefined || typeof v === 'function' ? null : stored(v)));
  if (value instanceof Date) return value.toISOString();
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === 'function') continue;
    out[key] = stored(v);
  }
  return out;
};

/** A deep copy of stored (JSON-shaped) data: what a read through the SDK hands back. */
export const copyOf = <T>(value: T): T => stored(value) as T;

export class MemDb {
  private readonly collections = new Map<string, Collection>();
  /** Ids written since the last flush, per collection, in first-write order. */
  private readonly dirty = new Map<string, Set<string>>();
  private pending = 0;
  /** Told of every write (the World keeps its due-time heaps with it). */
  onWrite?: (collection: string, id: string, doc: Doc | null) => void;

  constructor(private readonly decl: IndexDecl) {}

  private col(name: string): Collection {
    let c = this.collections.get(name);
    if (!c) {
      const indexes = new Map<string, FieldIndex>();
      for (const field of this.decl[name] ?? []) indexes.set(field, new FieldIndex(field));
      c = { docs: new Map(), indexes };
      this.collections.set(name, c);
    }
    return c;
  }

  private readonly queries = new QueryCache();

  get(collection: string, id: string): Doc | undefined {
    return this.collections.get(collection)?.docs.get(id);
  }

  size(collection: string): number {
    return this.collections.get(collection)?.docs.size ?? 0;
  }

  /** Matching documents in the host's candidate order (index candidates, else insertion order). */
  find(collection: string, criteria: Criteria): Doc[] {
    const c = this.collections.get(collection);
    if (!c) return [];
    return matchingDocs(c.docs, c.indexes, criteria, this.queries).docs;
  }

  /** find + sort / skip / limit exactly like the host engine's getDocument (limit capped at 1000 per read). */
  query(collection: string, criteria: Criteria, options: QueryOptions = {}): Doc[] {
    const found = this.find(collection, criteria);
    const skip = options.skip && options.skip > 0 ? options.skip : 0;
    const limit = Math.min(options.limit ?? 100, 1000);
    const sort = options.sort && Object.keys(options.sort).length > 0 ? options.sort : undefined;
    if (sort) {
      const sorted = sortLikeMingo(found, sort);
      if (!sorted) {
        const pipeline: Record<string, unknown>[] = [{ $sort: sort }];
        if (skip > 0) pipeline.push({ $skip: skip });
        pipeline.push({ $limit: limit });
        return new Aggregator(pipeline, {}).run(found) as Doc[];
      }
      return sorted.slice(skip, skip + limit);
    }
    return found.slice(skip, skip + limit);
  }

  /** Every match across pages of 1000 (the repositories' readAll), up to `cap`. */
  queryAll(collection: string, criteria: Criteria, cap: number, sort?: Record<string, 1 | -1>): Doc[] {
    const out: Doc[] = [];
    while (out.length < cap) {
      const want = Math.min(1000, cap - out.length);
      const page = this.query(collection, criteria, { sort, skip: out.length, limit: want });
      out.push(...page);
      if (page.length < want) break;
    }
    return out;
  }

  /** Creates or replaces a document (its index entries change as the host's store changes them, see FieldIndex.update). */
  put(collection: string, doc: Doc): void {
    const c = this.col(collection);
    const previous = c.docs.get(doc._id);
    c.docs.set(doc._id, doc);
    for (const index of c.indexes.values()) {
      if (previous) index.update(doc._id, previous, doc);
      else index.add(doc._id, doc);
    }
    this.touch(collection, doc._id);
    this.onWrite?.(collection, doc._id, doc);
  }

  /** Inserts; false when the id exists (the SDK's duplicate-key refusal). */
  insert(collection: string, doc: Doc): boolean {
    if (this.get(collection, doc._id)) return false;
    this.put(collection, asStored(doc));
    return true;
  }

  remove(collection: string, id: string): void {
    const c = this.collections.get(collection);
    const previous = c?.docs.get(id);
    if (!c || !previous) return;
    for (const index of c.indexes.values()) index.remove(id, previous);
    c.docs.delete(id);
    this.touch(collection, id);
    this.onWrite?.(collection, id, null);
  }

  /** A plain SDK `doc(id).update({data})`: flattened `$set`. Answers whether a document was there. */
  updateMerge(collection: string, id: string, data: Record<string, unknown>): boolean {
    return this.modify(collection, id, { $set: flattenUpdate(asStored(data)) });
  }

  /** `update` with `_.set(value)` per field: whole values replace. */
  updateWhole(collection: string, id: string, fields: Record<string, unknown>): boolean {
    return this.modify(collection, id, { $set: asStored(fields) });
  }

  private modify(collection: string, id: string, modifier: { $set: Record<string, unknown> }): boolean {
    const current = this.get(collection, id);
    if (!current) return false;
    const next: Doc = { ...current };
    let changed = false;
    for (const [path, value] of Object.entries(modifier.$set)) if (setPath(next, path.split('.'), value)) changed = true;
    if (changed) this.put(collection, next);
    return true;
  }

  private touch(collection: string, id: string): void {
    let ids = this.dirty.get(collection);
    if (!ids) this.dirty.set(collection, (ids = new Set()));
    if (!ids.has(id)) {
      ids.add(id);
      this.pending++;
    }
  }

  /** Documents written since the last flush. */
  get pendingWrites(): number {
    return this.pending;
  }

  /**
   * Writes everything changed since the last flush, in batches; returns how many. Documents
   * of `dropAfter` collections (append-only ones the simulation never reads back) leave
   * memory once written.
   */
  flushTo(writer: BulkWriter, batchSize = 10_000, dropAfter: ReadonlySet<string> = new Set()): number {
    let written = 0;
    let batch: { collection: string; id: string; doc: Doc | null }[] = [];
    const send = () => {
      if (batch.length === 0) return;
      writer.write(batch);
      written += batch.length;
      batch = [];
    };
    for (const [collection, ids] of this.dirty) {
      for (const id of ids) {
        batch.push({ collection, id, doc: this.get(collection, id) ?? null });
        if (batch.length >= batchSize) send();
      }
    }
    send();
    for (const [collection, ids] of this.dirty) if (dropAfter.has(collection)) this.forgetNow(collection, ids);
    this.dirty.clear();
    this.pending = 0;
    return written;
  }

  private forgetNow(collection: string, ids: Iterable<string>): void {
    const c = this.collections.get(collection);
    if (!c) return;
    for (const id of ids) {
      const doc = c.docs.get(id);
      if (!doc) continue;
      for (const index of c.indexes.values()) index.remove(id, doc);
      c.docs.delete(id);
    }
  }


}
