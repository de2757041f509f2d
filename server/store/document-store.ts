import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EJSON } from 'bson';
import { COUNTER_COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import { FieldIndex } from './field-index';
import { QueryCache } from './compiled-query';
import { matchingDocs } from './matching';

export type Doc = { _id: string } & Record<string, unknown>;

/** Declared secondary indexes: collection → fields (dotted paths allowed). */
export type IndexDecl = Readonly<Record<string, readonly string[]>>;

export interface StoreOptions {
  dataDir: string;
  indexes?: IndexDecl;
  /** SQLite `synchronous`: NORMAL survives a process kill (SIGKILL); FULL also survives power loss. */
  synchronous?: 'NORMAL' | 'FULL';
}

/** One write of a batch: a document to put (insert or replace), or null to delete. */
export interface Write {
  collection: string;
  id: string;
  doc: Doc | null;
}

export interface ScanStats {
  /** Documents tested by the last `find`/`count` (index candidates or the whole collection). */
  lastExamined: number;
  usedIndex: boolean;
}

const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export class StoreError extends Error {
  constructor(
    readonly code: 'INVALID_COLLECTION' | 'DUPLICATE_KEY' | 'CLOSED' | 'CORRUPT',
    message: string,
  ) {
    super(message);
  }
}

interface CollectionState {
  docs: Map<string, Doc>;
  indexes: Map<string, FieldIndex>;
  put: Database.Statement;
  del: Database.Statement;
}

/**
 * The embedded durable document store behind the local cloud host.
 * Every collection lives in memory (for speed) and in its own SQLite table
 * (`_id` primary key, EJSON document) in WAL mode. A write batch is one SQLite
 * transaction committed before memory changes, so what is acknowledged is on
 * disk and nothing is half-applied.
 */
export class DocumentStore {
  readonly stats: ScanStats = { lastExamined: 0, usedIndex: false };
  private readonly db: Database.Database;
  private readonly file: string;
  private readonly marker: string;
  private marked = false;
  private readonly collections = new Map<string, CollectionState>();
  private readonly revisions = new Map<string, number>();
  private readonly indexDecl: IndexDecl;
  private closed = false;
  private readonly queries = new QueryCache();

  /** Batches committed since the store was opened (a refused call must not move it). */
  private commits = 0;
  private documentWrites = 0;

  constructor(options: StoreOptions) {
    mkdirSync(options.dataDir, { recursive: true });
    const file = join(options.dataDir, STORE_FILE);
    const marker = join(options.dataDir, MARKER_FILE);
    // A data dir that once held a store must still hold it: an empty or missing file is never
    // taken for a new store (that would seed over, i.e. silently empty, the real data).
    if (existsSync(marker) && (!existsSync(file) || statSync(file).size === 0)) {
      throw corrupt(file, `${STORE_FILE} is ${existsSync(file) ? 'empty' : 'missing'} but ${MARKER_FILE} says this directory holds a store`, [
        `put the data file back (restore ${file} from your backup), or`,
        `to start over with an empty store on purpose, move the whole directory ${options.dataDir} away`,
      ]);
    }
    let db: Database.Database | undefined;
    try {
      this.db = db = new Database(file);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
      this.db.pragma('foreign_keys = OFF');
      const check = this.db.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`quick_check: ${String(check)}`);
      this.indexDecl = options.indexes ?? {};
      this.file = file;
      const tables = this.db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'c\\_%' ESCAPE '\\'")
        .all() as { name: string }[];
      for (const { name } of tables) this.load(name.slice(2));
    } catch (error) {
      db?.close();
      if (error instanceof StoreError) throw error;
      throw corrupt(file, error instanceof Error ? error.message : String(error), recoverSteps(file));
    }
    this.marker = marker;
    if (this.collections.size > 0) this.mark();
  }

  /** Notes that this directory now holds a store (once it has a table: an untouched new file stays unmarked). */
  private mark(): void {
    if (this.marked) return;
    if (!existsSync(this.marker)) writeFileSync(this.marker, `${JSON.stringify({ store: STORE_FILE, format: 1 })}\n`);
    this.marked = true;
  }

  /** Names of the collections that exist. */
  collectionNames(): string[] {
    return [...this.collections.keys()].sort();
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  /** Creates the collection (table + indexes) if missing. */
  ensureCollection(name: string): void {
    this.state(name);
  }

  get(collection: string, id: string): Doc | undefined {
    return this.collections.get(collection)?.docs.get(id);
  }

  /** Revision counter of one document (0 = never written); bumps on every write. */
  revision(collection: string, id: string): number {
    return this.revisions.get(`${collection}\u0000${id}`) ?? 0;
  }

  size(collection: string): number {
    return this.collections.get(collection)?.docs.size ?? 0;
  }

  /** All documents matching `criteria`, using an index when one applies. */
  find(collection: string, criteria: Record<string, unknown>): Doc[] {
    const state = this.collections.get(collection);
    if (!state) {
      this.stats.lastExamined = 0;
      this.stats.usedIndex = false;
      return [];
    }
    const found = matchingDocs(state.docs, state.indexes, criteria, this.queries);
    this.stats.lastExamined = found.examined;
    this.stats.usedIndex = found.usedIndex;
    return found.docs;
  }

  all(collection: string): Doc[] {
    return [...(this.collections.get(collection)?.docs.values() ?? [])];
  }

  /**
   * Applies a batch atomically: one SQLite transaction, then memory and indexes.
   * `mustBeNew` ids fail the whole batch with DUPLICATE_KEY if they already exist.
   */
  commit(writes: readonly Write[], mustBeNew: ReadonlySet<string> = new Set()): void {
    if (this.closed) throw new StoreError('CLOSED', 'store is closed');
    for (const w of writes) {
      if (mustBeNew.has(`${w.collection}\u0000${w.id}`) && this.get(w.collection, w.id)) {
        throw new StoreError('DUPLICATE_KEY', `duplicate key _id: ${w.id}`);
      }
    }
    const states = writes.map((w) => this.state(w.collection));
    const serialized = writes.map((w) => (w.doc ? EJSON.stringify(w.doc, { relaxed: true }) : null));
    this.db.transaction(() => {
      writes.forEach((w, i) => {
        const text = serialized[i];
        if (text === null) states[i].del.run(w.id);
        else states[i].put.run(w.id, text);
      });
    })();
    writes.forEach((w, i) => {
      const state = states[i];
      const previous = state.docs.get(w.id);
      if (w.doc) {
        state.docs.set(w.id, w.doc);
        for (const index of state.indexes.values()) {
          if (previous) index.update(w.id, previous, w.doc);
          else index.add(w.id, w.doc);
        }
      } else {
        if (previous) for (const index of state.indexes.values()) index.remove(w.id, previous);
        state.docs.delete(w.id);
      }
      const revKey = `${w.collection}\u0000${w.id}`;
      this.revisions.set(revKey, (this.revisions.get(revKey) ?? 0) + 1);
    });
    this.commits++;
    for (const w of writes) if (!COUNTERS.has(w.collection)) this.documentWrites++;
  }

  /** How many write batches have been committed since the store was opened. */
  get commitCount(): number {
    return this.commits;
  }

  /** How many documents outside the rate-limit counters have been written since the store was opened (the cheap "did anything change?"). */
  get dataWriteCount(): number {
    return this.documentWrites;
  }

  /**
   * SHA-256 over every collection and document, in a stable order: "did anything change?".
   * Rate-limit counters (bookkeeping about calls, not data) are left out unless asked for.
   */
  digest(options: { includeCounters?: boolean } = {}): string {
    const hash = createHash('sha256');
    for (const name of this.collectionNames()) {
      if (!options.includeCounters && COUNTERS.has(name)) continue;
      hash.update(`#${name}\n`);
      const docs = this.collections.get(name)!.docs;
      for (const id of [...docs.keys()].sort()) hash.update(`${EJSON.stringify(docs.get(id), { relaxed: true })}\n`);
    }
    return hash.digest('hex');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private state(name: string): CollectionState {
    const existing = this.collections.get(name);
    if (existing) return existing;
    if (!COLLECTION_NAME.test(name)) throw new StoreError('INVALID_COLLECTION', `invalid collection name: ${name}`);
    this.db.exec(`CREATE TABLE IF NOT EXISTS "c_${name}" (_id TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID`);
    const state = this.load(name);
    this.mark();
    return state;
  }

  private load(name: string): CollectionState {
    const indexes = new Map<string, FieldIndex>();
    for (const field of this.indexDecl[name] ?? []) indexes.set(field, new FieldIndex(field));
    const state: CollectionState = {
      docs: new Map(),
      indexes,
      put: this.db.prepare(`INSERT OR REPLACE INTO "c_${name}" (_id, doc) VALUES (?, ?)`),
      del: this.db.prepare(`DELETE FROM "c_${name}" WHERE _id = ?`),
    };
    let rows: Iterable<{ _id: string; doc: string }>;
    try {
      rows = this.db.prepare(`SELECT _id, doc FROM "c_${name}"`).iterate() as Iterable<{ _id: string; doc: string }>;
    } catch (error) {
      throw corrupt(this.file, `table c_${name}: ${error instanceof Error ? error.message : String(error)}`, recoverSteps(this.file));
    }
    for (const row of iterateRows(rows, this.file, name)) {
      let doc: Doc;
      try {
        doc = parseStored(row.doc) as Doc;
        if (!doc || typeof doc !== 'object' || Array.isArray(doc) || doc._id !== row._id) throw new Error('not a document with this _id');
      } catch (error) {
        throw corrupt(this.file, `document ${name}/${row._id} cannot be read (${error instanceof Error ? error.message : String(error)})`, [
          `restore ${this.file} from your backup, or`,
          `if losing that one document is acceptable, delete it and start again: sqlite3 ${this.file} "DELETE FROM c_${name} WHERE _id = '${row._id.replace(/'/g, "''")}'"`,
        ]);
      }
      state.docs.set(row._id, doc);
      for (const index of indexes.values()) index.add(row._id, doc);
    }
    this.collections.set(name, state);
    return state;
  }
}

/**
 * A stored document's text. Relaxed EJSON without a `$`-key is plain JSON (numbers stay numbers),
 * so only texts that have a `"$` anywhere go through EJSON: the same documents, opened faster.
 */
const parseStored = (text: string): unknown => (text.includes('"$') ? EJSON.parse(text, { relaxed: true }) : JSON.parse(text));

/** The rows of a table; a read that fails halfway (a torn page) is reported like one that fails at once. */
function* iterateRows(rows: Iterable<{ _id: string; doc: string }>, file: string, name: string): Generator<{ _id: string; doc: string }> {
  try {
    yield* rows;
  } catch (error) {
    throw corrupt(file, `table c_${name}: ${error instanceof Error ? error.message : String(error)}`, recoverSteps(file));
  }
}

const COUNTERS: ReadonlySet<string> = new Set(COUNTER_COLLECTIONS);
const STORE_FILE = 'redgrid.sqlite';
/** Written next to the data file once a store exists there (see the constructor). */
const MARKER_FILE = 'redgrid-store.json';

const recoverSteps = (file: string): string[] => [
  'stop anything else using the file',
  `restore ${file} (and drop ${file}-wal / ${file}-shm) from your backup, or`,
  `salvage what SQLite can read: sqlite3 ${file} ".recover" | sqlite3 recovered.sqlite, then replace ${file} with recovered.sqlite`,
];

/** The refusal to open a damaged store: what is wrong and what to do, never a fresh empty store. */
const corrupt = (file: string, problem: string, steps: string[]): StoreError =>
  new StoreError(
    'CORRUPT',
    [`The data file ${file} is damaged: ${problem}.`, 'The store refuses to open it (it never starts empty over damaged data). To recover:', ...steps.map((step, i) => `  ${i + 1}. ${step}`)].join('\n'),
  );
