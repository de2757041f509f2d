import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DocumentStore, type Doc, type IndexDecl } from '../../store/document-store';

/**
 * Writes generated documents into a data dir in the host store's own format, on a second
 * core: the tables are created by a DocumentStore (so the layout, the marker file and the
 * checks are the store's own), then a worker thread puts the rows in with the same
 * statement and the same serialization the store uses, in large transactions, while the
 * simulation goes on. Opening the data dir with DocumentStore afterwards reads exactly these
 * documents (test/integration/district-seed.test.ts compares a reopened store with the reference).
 */

/** One row for the worker: collection, id, the document's text (null: delete). */
type Row = [string, string, string | null];
type FromWorker = { type: 'written'; rows: number } | { type: 'closed' };

/**
 * The worker's whole program (plain CommonJS, so it runs the same from the bundled CLI, the
 * host and ts-jest). A fresh store being filled: no rollback journal and no syncs until the
 * end (a generation that stops halfway is thrown away, see cli.ts and main.ts), and a cache
 * that holds the hot pages of the primary-key trees; closing turns it into the host's WAL mode.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file);
db.pragma('journal_mode = OFF');
db.pragma('synchronous = OFF');
db.pragma('cache_size = -262144');
const statements = new Map();
const statement = (collection) => {
  let st = statements.get(collection);
  if (!st) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(collection)) throw new Error('invalid collection name: ' + collection);
    db.exec('CREATE TABLE IF NOT EXISTS "c_' + collection + '" (_id TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID');
    st = {
      put: db.prepare('INSERT OR REPLACE INTO "c_' + collection + '" (_id, doc) VALUES (?, ?)'),
      del: db.prepare('DELETE FROM "c_' + collection + '" WHERE _id = ?'),
    };
    statements.set(collection, st);
  }
  return st;
};
const write = db.transaction((rows) => {
  for (const [collection, id, text] of rows) {
    const st = statement(collection);
    if (text === null) st.del.run(id);
    else st.put.run(id, text);
  }
});
parentPort.on('message', (message) => {
  if (message.type === 'rows') {
    write(message.rows);
    parentPort.postMessage({ type: 'written', rows: message.rows.length });
  } else if (message.type === 'close') {
    db.pragma('journal_mode = WAL');
    db.close();
    parentPort.postMessage({ type: 'closed' });
    parentPort.close();
  }
});
`;

export class BulkWriter {
  private readonly worker: Worker;
  private failure: Error | undefined;
  private pendingRows = 0;
  private closing: Promise<void> | undefined;
  /** Documents put so far (sent to the worker; close() waits until they are in). */
  written = 0;
  /** Told how many rows each batch held once the worker has them in the store. */
  onWritten?: (rows: number) => void;

  constructor(dataDir: string, indexes: IndexDecl) {
    const store = new DocumentStore({ dataDir, indexes });
    for (const name of Object.keys(indexes)) store.ensureCollection(name);
    store.close();
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: join(dataDir, 'redgrid.sqlite'), sqlite: createRequire(__filename).resolve('better-sqlite3') },
    });
    this.worker.on('message', (message: FromWorker) => {
      if (message.type === 'written') {
        this.pendingRows -= message.rows;
        this.onWritten?.(message.rows);
      }
    });
    this.worker.on('error', (error) => {
      this.failure = error;
    });
  }

  /** Hands a batch of puts (or deletes: doc null) to the worker, written there in one transaction. */
  write(batch: readonly { collection: string; id: string; doc: Doc | null }[]): void {
    if (this.failure) throw new Error(`写入存储失败：${this.failure.message}`);
    // The generator's documents are JSON-shaped (see asStored in mem-db.ts), for which relaxed EJSON is plain JSON.
    const rows: Row[] = batch.map(({ collection, id, doc }) => [collection, id, doc ? JSON.stringify(doc) : null]);
    this.pendingRows += rows.length;
    this.written += batch.filter((b) => b.doc).length;
    this.worker.postMessage({ type: 'rows', rows });
  }

  /** Rows handed over and not yet in the store. */
  get backlog(): number {
    return this.pendingRows;
  }

  /** Waits until every batch is in, turns the store into WAL mode and closes it; rejects if any write failed. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        void this.worker.terminate();
        reject(new Error(`写入存储失败：${error.message}`));
      };
      if (this.failure) return fail(this.failure);
      let closed = false;
      this.worker.on('error', fail);
      this.worker.on('message', (message: FromWorker) => {
        if (message.type === 'closed') closed = true;
      });
      this.worker.on('exit', (code) => {
        if (closed) resolve();
        else fail(new Error(`写入线程意外退出（${code}）`));
      });
      this.worker.postMessage({ type: 'close' });
    });
    return this.closing;
  }

  /** Stops the worker without waiting for what is still queued (the generation failed; its store is thrown away). */
  async abort(): Promise<void> {
    await this.worker.terminate();
  }
}
