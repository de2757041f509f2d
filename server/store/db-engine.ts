import { BSONRegExp, EJSON } from 'bson';
import { Aggregator, update as applyUpdate } from 'mingo';
import { type Doc, type DocumentStore, StoreError, type Write } from './document-store';

/**
 * Executes the requests that wx-server-sdk (via @cloudbase/node-sdk's
 * TcbDBApiHttpRequester) would send to the CloudBase database service, against
 * the embedded store. Request and response shapes are pinned by
 * test/integration/sdk-contract.test.ts.
 */

/** CloudBase caps one read at 1000 documents; the SDK defaults to 100. */
export const MAX_DOCS_PER_GET = 1000;
export const DEFAULT_DOCS_PER_GET = 100;

export type DbResponse = Record<string, unknown> & { requestId: string };

/**
 * One read the engine answered, as the query-discipline checks see it: which collection,
 * the filter's shape (field paths and operators, values left out), the sort, whether an
 * index (or the primary key) chose the candidates or the whole collection was scanned,
 * how many documents were examined and how many came back.
 */
export interface QueryRecord {
  api: string;
  collection: string;
  /** Dotted field paths the filter constrains, with their operator (e.g. `status:$in`, `orgPath:$eq`); `$or[…]` groups branches. */
  filter: string[];
  sort: string[];
  indexed: boolean;
  examined: number;
  returned: number;
  /** The limit asked for (after CloudBase's cap of 1000), for reads. */
  limit?: number;
}

/** Field paths and operators of a criteria object, values left out: what an index must cover. */
export const filterShape = (criteria: Record<string, unknown>): string[] => {
  const out: string[] = [];
  for (const [key, value] of Object.entries(criteria)) {
    if ((key === '$and' || key === '$or') && Array.isArray(value)) {
      const parts = value.map((v) => (v && typeof v === 'object' ? filterShape(v as Record<string, unknown>).join(',') : '?'));
      out.push(key === '$and' ? parts.join(',') : `$or[${parts.join(' | ')}]`);
      continue;
    }
    if (value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof RegExp)) {
      const ops = Object.keys(value).filter((k) => k.startsWith('$'));
      if (ops.length > 0) {
        out.push(...ops.map((op) => `${key}:${op}`));
        continue;
      }
    }
    out.push(`${key}:$eq`);
  }
  return out.filter((x) => x.length > 0);
};

type Payload = Record<string, unknown>;

/**
 * Injected network cost of every database request, so the local host can feel like CloudBase
 * (where each request is a round trip from the function to the database): `rttMs` (from
 * REDGRID_DB_RTT_MS, default 0) plus a uniform jitter in [0, `jitterMs`] (REDGRID_DB_RTT_JITTER_MS).
 * Half of it before the request is executed, half after (the request travels, then the answer).
 */
export interface DbLatency {
  rttMs: number;
  jitterMs: number;
}

const nonNegative = (value: string | undefined): number => {
  const n = Number(value ?? 0);
  return Number.isFinite(n) && n > 0 ? n : 0;
};

export const latencyFromEnv = (env: Record<string, string | undefined> = process.env): DbLatency => ({
  rttMs: nonNegative(env.REDGRID_DB_RTT_MS),
  jitterMs: nonNegative(env.REDGRID_DB_RTT_JITTER_MS),
});

/** What one function invocation asked of the database. */
export interface DbStats {
  /** Database requests (every SDK request: reads, writes, counts, aggregates, transaction start/commit/abort). */
  requests: number;
  /**
   * Waves: sets of requests in flight together. A new wave is counted each time a request of the
   * invocation starts while none of its other requests is in flight; requests started while one is
   * in flight join its wave. A chain of N awaited requests is N waves; a Promise.all of N is one.
   * On CloudBase each wave costs one round trip, so waves are the invocation's critical path.
   */
  waves: number;
}

/** A running count of one invocation (the host puts one in each call's context). */
export interface DbMeter extends DbStats {
  inFlight: number;
}

export const newDbMeter = (): DbMeter => ({ requests: 0, waves: 0, inFlight: 0 });

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
/** One turn of the event loop: every request a Promise.all issues reaches the transport before it. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Transaction {
  writes: Map<string, Write>;
  inserts: Set<string>;
  reads: Map<string, number>;
}

class EngineError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const keyOf = (collection: string, id: string) => `${collection}\u0000${id}`;

/** Decodes Extended JSON (string or object) and turns BSON regexes into JS RegExp for mingo. */
const decode = (value: unknown): unknown => {
  if (value === undefined || value === null || value === '') return undefined;
  const parsed = typeof value === 'string' ? EJSON.parse(value, { relaxed: true }) : EJSON.deserialize(value as Payload);
  return toNative(parsed);
};

const toNative = (value: unknown): unknown => {
  if (value instanceof BSONRegExp) return new RegExp(value.pattern, value.options.replace(/[^gimsuy]/g, ''));
  if (Array.isArray(value)) return value.map(toNative);
  if (value && typeof value === 'object' && !(value instanceof Date) && !(value instanceof RegExp)) {
    const out: Payload = {};
    for (const [k, v] of Object.entries(value)) out[k] = toNative(v);
    return out;
  }
  return value;
};

const encode = (doc: unknown): string => EJSON.stringify(doc, { relaxed: true });

const asCriteria = (value: unknown): Payload => {
  const decoded = decode(value);
  if (decoded === undefined) return {};
  if (typeof decoded !== 'object' || Array.isArray(decoded)) throw new EngineError('INVALID_PARAM', 'query must be an object');
  return decoded as Payload;
};

const hasOperators = (data: Payload) => Object.keys(data).some((k) => k.startsWith('$'));

/** The equality fields of a query, used as the base of an upserted document. */
const equalityFields = (criteria: Payload): Payload => {
  const out: Payload = {};
  for (const [k, v] of Object.entries(criteria)) {
    if (k.startsWith('$')) continue;
    if (v !== null && typeof v === 'object' && !(v instanceof Date) && Object.keys(v).some((x) => x.startsWith('$'))) continue;
    out[k] = v;
  }
  return out;
};

export class DbEngine {
  private readonly transactions = new Map<string, Transaction>();
  /** Reads answered since recording started (undefined = not recording): the host's scan report. */
  private log: QueryRecord[] | undefined;

  /** Starts (or restarts) recording every read the functions make. */
  startQueryLog(): void {
    this.log = [];
  }

  /** Stops recording and answers what was recorded. */
  stopQueryLog(): QueryRecord[] {
    const out = this.log ?? [];
    this.log = undefined;
    return out;
  }

  private record(entry: QueryRecord): void {
    this.log?.push(entry);
  }

  /** Open transactions (a leak shows here). */
  get openTransactions(): number {
    return this.transactions.size;
  }
  private requestSeq = 0;
  /** The injected round trip (mutable: a bench switches it between samples on one warm host). */
  readonly latency: DbLatency;

  constructor(
    private readonly store: DocumentStore,
    private readonly newId: () => string,
    latency: DbLatency = { rttMs: 0, jitterMs: 0 },
  ) {
    this.latency = { ...latency };
  }

  /**
   * One request as the SDK transport sends it: counted on `meter` (requests and waves, see
   * DbStats), delayed by the injected round trip, answered by `handle`. The answer always comes
   * back asynchronously (after the round trip, or after one event-loop turn at RTT 0), so the
   * requests an invocation issues together are in flight together and count as one wave whatever
   * the RTT: the counts do not depend on timing.
   */
  async send(api: string, data: Payload | undefined, meter?: DbMeter): Promise<DbResponse> {
    if (meter) {
      meter.requests++;
      if (meter.inFlight === 0) meter.waves++;
      meter.inFlight++;
    }
    try {
      const { rttMs, jitterMs } = this.latency;
      const rtt = rttMs + (jitterMs > 0 ? Math.random() * jitterMs : 0);
      if (rtt > 0) await sleep(rtt / 2);
      const answer = this.handle(api, data);
      await (rtt > 0 ? sleep(rtt / 2) : nextTurn());
      return answer;
    } finally {
      if (meter) meter.inFlight--;
    }
  }

  /** Handles one SDK request; never throws (errors come back as `{code, message}` like CloudBase). */
  handle(api: string, data: Payload | undefined): DbResponse {
    const requestId = `local-${++this.requestSeq}`;
    try {
      return { requestId, ...this.dispatch(api, data ?? {}) };
    } catch (error) {
      if (error instanceof EngineError) return { requestId, code: error.code, message: error.message };
      if (error instanceof StoreError) {
        const code = error.code === 'DUPLICATE_KEY' ? 'DATABASE_DUPLICATE_WRITE' : 'DATABASE_REQUEST_FAILED';
        return { requestId, code, message: error.message };
      }
      const message = error instanceof Error ? error.message : String(error);
      return { requestId, code: 'DATABASE_REQUEST_FAILED', message };
    }
  }

  private dispatch(api: string, data: Payload): Payload {
    switch (api) {
      case 'database.getDocument':
        return this.getDocument(data);
      case 'database.calculateDocument': {
        this.lastFind = undefined;
        const total = this.matches(data, 'count').length;
        const seen = this.lastFind as QueryRecord | undefined;
        if (seen) this.record({ ...seen, returned: total });
        return { data: { total } };
      }
      case 'database.insertDocument':
        return this.insertDocument(data);
      case 'database.modifyDocument':
        return this.modifyDocument(data, false);
      case 'database.modifyAndReturnDoc':
        return this.modifyDocument({ ...data, multi: false, merge: true }, true);
      case 'database.removeDocument':
        return this.removeDocument(data);
      case 'database.aggregateDocuments':
        return this.aggregate(data);
      case 'database.addCollection':
        this.store.ensureCollection(this.collectionName(data));
        return {};
      case 'database.startTransaction': {
        const transactionId = `tx-${this.newId()}`;
        this.transactions.set(transactionId, { writes: new Map(), inserts: new Set(), reads: new Map() });
        return { transactionId };
      }
      case 'database.commitTransaction': {
        const tx = this.transaction(data);
        // A transaction ends with its commit, whether it lands or conflicts (the SDK retries with a new one).
        this.transactions.delete(String(data.transactionId));
        this.commitTransaction(tx);
        return {};
      }
      case 'database.abortTransaction':
        // Aborting an already-ended transaction is harmless (the SDK rolls back after a failed commit).
        this.transactions.delete(String(data.transactionId));
        return {};
      default:
        throw new EngineError('UNSUPPORTED_ACTION', `local host does not support ${api}`);
    }
  }

  private collectionName(data: Payload): string {
    const name = data.collectionName;
    if (typeof name !== 'string' || name.length === 0) throw new EngineError('INVALID_PARAM', 'collectionName required');
    return name;
  }

  private transaction(data: Payload): Transaction | undefined {
    if (data.transactionId === undefined) return undefined;
    const tx = this.transactions.get(String(data.transactionId));
    if (!tx) throw new EngineError('DATABASE_TRANSACTION_FAIL', 'transaction not found or already finished');
    return tx;
  }

  /** Reads one document as the transaction (if any) sees it. */
  private read(collection: string, id: string, tx: Transaction | undefined): Doc | undefined {
    if (!tx) return this.store.get(collection, id);
    const key = keyOf(collection, id);
    const pending = tx.writes.get(key);
    if (pending) return pending.doc ?? undefined;
    if (!tx.reads.has(key)) tx.reads.set(key, this.store.revision(collection, id));
    return this.store.get(collection, id);
  }

  /** Documents matching the request's query, honouring DOC queries and transactions. */
  private matches(data: Payload, api = 'query'): Doc[] {
    const collection = this.collectionName(data);
    const criteria = asCriteria(data.query);
    const tx = this.transaction(data);
    if (data.queryType === 'DOC' || tx) {
      const id = criteria._id;
      if (typeof id !== 'string' && typeof id !== 'number') {
        throw new EngineError('INVALID_PARAM', tx ? 'only document operations are allowed in a transaction' : 'doc id required');
      }
      const doc = this.read(collection, String(id), tx);
      return doc ? [doc] : [];
    }
    const found = this.findAll(collection, criteria);
    this.lastFind = { api, collection, filter: filterShape(criteria), sort: [], indexed: this.lastIndexed, examined: this.lastExamined, returned: found.length };
    return found;
  }

  private lastIndexed = false;
  private lastExamined = 0;
  private lastFind: QueryRecord | undefined;

  /** store.find, or the whole collection for an empty filter; notes whether an index chose the candidates. */
  private findAll(collection: string, criteria: Payload): Doc[] {
    if (Object.keys(criteria).length === 0) {
      const all = this.store.all(collection);
      this.lastIndexed = false;
      this.lastExamined = all.length;
      return all;
    }
    const found = this.store.find(collection, criteria);
    this.lastIndexed = this.store.stats.usedIndex;
    this.lastExamined = this.store.stats.lastExamined;
    return found;
  }

  private getDocument(data: Payload): Payload {
    this.lastFind = undefined;
    const found = this.matches(data, 'get');
    const seen = this.lastFind as QueryRecord | undefined;
    const order = decode(data.order) as Record<string, 1 | -1> | undefined;
    const projection = decode(data.projection) as Payload | undefined;
    const offset = typeof data.offset === 'number' && data.offset > 0 ? Math.floor(data.offset) : 0;
    const requested = typeof data.limit === 'number' && data.limit > 0 ? Math.floor(data.limit) : DEFAULT_DOCS_PER_GET;
    const limit = Math.min(requested, MAX_DOCS_PER_GET);
    const pipeline: Payload[] = [];
    if (order && Object.keys(order).length > 0) pipeline.push({ $sort: order });
    if (offset > 0) pipeline.push({ $skip: offset });
    pipeline.push({ $limit: limit });
    if (projection && Object.keys(projection).length > 0) pipeline.push({ $project: projection });
    const list = new Aggregator(pipeline, {}).run(found) as Payload[];
    if (seen) this.record({ ...seen, sort: Object.entries(order ?? {}).map(([k, v]) => `${k}:${v}`), returned: list.length, limit });
    return { data: { list: list.map(encode), limit, offset } };
  }

  private insertDocument(data: Payload): Payload {
    const collection = this.collectionName(data);
    const items = Array.isArray(data.data) ? data.data : [];
    if (items.length === 0) throw new EngineError('INVALID_PARAM', 'no document to insert');
    const tx = this.transaction(data);
    const writes: Write[] = [];
    const mustBeNew = new Set<string>();
    for (const item of items) {
      const decoded = decode(item);
      if (!decoded || typeof decoded !== 'object' || Array.isArray(decoded)) throw new EngineError('INVALID_PARAM', 'document must be an object');
      const raw = decoded as Payload;
      const id = raw._id === undefined ? this.newId() : String(raw._id);
      const key = keyOf(collection, id);
      if (mustBeNew.has(key) || this.read(collection, id, tx)) {
        throw new EngineError('DATABASE_DUPLICATE_WRITE', `duplicate key _id: ${id}`);
      }
      mustBeNew.add(key);
      writes.push({ collection, id, doc: { ...raw, _id: id } });
    }
    this.write(writes, mustBeNew, tx);
    return { data: { insertedIds: writes.map((w) => w.id) } };
  }

  private modifyDocument(data: Payload, returnDoc: boolean): Payload {
    const collection = this.collectionName(data);
    const tx = this.transaction(data);
    const body = decode(data.data);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new EngineError('INVALID_PARAM', 'update data must be an object');
    const spec = body as Payload;
    const merge = data.merge !== false;
    const modifier = merge ? (hasOperators(spec) ? spec : { $set: spec }) : undefined;
    this.lastFind = undefined;
    let targets = this.matches(data, 'update');
    const seen = this.lastFind as QueryRecord | undefined;
    if (seen) this.record(seen);
    if (data.multi !== true) targets = targets.slice(0, 1);
    const writes: Write[] = [];
    for (const doc of targets) {
      if (modifier) {
        const next = structuredClone(doc);
        const changed = applyUpdate(next, modifier as Parameters<typeof applyUpdate>[1]);
        if (changed.length > 0) writes.push({ collection, id: doc._id, doc: { ...next, _id: doc._id } });
      } else {
        writes.push({ collection, id: doc._id, doc: { ...spec, _id: doc._id } });
      }
    }
    let upsertId: string | null = null;
    const mustBeNew = new Set<string>();
    if (targets.length === 0 && data.upsert === true) {
      const criteria = asCriteria(data.query);
      upsertId = criteria._id === undefined ? this.newId() : String(criteria._id);
      let doc: Payload = { ...equalityFields(criteria), _id: upsertId };
      if (modifier) applyUpdate(doc, modifier as Parameters<typeof applyUpdate>[1]);
      else doc = { ...spec, _id: upsertId };
      writes.push({ collection, id: upsertId, doc: { ...doc, _id: upsertId } });
      mustBeNew.add(keyOf(collection, upsertId));
    }
    this.write(writes, mustBeNew, tx);
    const updated = upsertId === null ? writes.length : 0;
    if (returnDoc) {
      const doc = writes[0]?.doc ?? targets[0];
      return { data: { updated, doc: doc ? encode(doc) : undefined } };
    }
    return { data: { updated, upsert_id: upsertId } };
  }

  private removeDocument(data: Payload): Payload {
    const collection = this.collectionName(data);
    const tx = this.transaction(data);
    this.lastFind = undefined;
    let targets = this.matches(data, 'remove');
    const seen = this.lastFind as QueryRecord | undefined;
    if (seen) this.record(seen);
    if (data.multi !== true) targets = targets.slice(0, 1);
    this.write(
      targets.map((doc) => ({ collection, id: doc._id, doc: null })),
      new Set(),
      tx,
    );
    return { data: { deleted: targets.length } };
  }

  private aggregate(data: Payload): Payload {
    const collection = this.collectionName(data);
    const stages = Array.isArray(data.stages) ? (data.stages as { stageKey: string; stageValue: string }[]) : [];
    const pipeline = stages.map((s) => ({ [s.stageKey]: decode(s.stageValue) }) as Payload);
    const first = pipeline[0];
    const match = first && '$match' in first && first.$match && typeof first.$match === 'object' ? (first.$match as Payload) : {};
    const source = this.findAll(collection, match);
    const limitStage = pipeline.find((st) => '$limit' in st) as { $limit?: number } | undefined;
    const sortStage = pipeline.find((st) => '$sort' in st) as { $sort?: Record<string, number> } | undefined;
    const usesLookup = pipeline.some((st) => '$lookup' in st);
    const list = new Aggregator(pipeline, {
      collectionResolver: (name: string) => this.store.all(name),
    }).run(source) as Payload[];
    this.record({
      api: usesLookup ? 'aggregate+lookup' : 'aggregate',
      collection,
      filter: filterShape(match),
      sort: Object.entries(sortStage?.$sort ?? {}).map(([k, v]) => `${k}:${v}`),
      indexed: this.lastIndexed && !usesLookup,
      examined: this.lastExamined,
      returned: list.length,
      ...(typeof limitStage?.$limit === 'number' ? { limit: limitStage.$limit } : {}),
    });
    return { data: { list: list.map(encode) } };
  }

  private write(writes: Write[], mustBeNew: Set<string>, tx: Transaction | undefined): void {
    if (writes.length === 0) return;
    if (!tx) {
      this.store.commit(writes, mustBeNew);
      return;
    }
    for (const w of writes) {
      const key = keyOf(w.collection, w.id);
      if (!tx.reads.has(key) && !tx.writes.has(key)) tx.reads.set(key, this.store.revision(w.collection, w.id));
      tx.writes.set(key, w);
      if (mustBeNew.has(key)) tx.inserts.add(key);
    }
  }

  private commitTransaction(tx: Transaction | undefined): void {
    if (!tx) throw new EngineError('INVALID_PARAM', 'transactionId required');
    for (const [key, rev] of tx.reads) {
      const [collection, id] = key.split('\u0000');
      if (this.store.revision(collection, id) !== rev) {
        throw new EngineError('DATABASE_TRANSACTION_CONFLICT', 'transaction conflict: a document changed since it was read');
      }
    }
    this.store.commit([...tx.writes.values()], tx.inserts);
  }
}
