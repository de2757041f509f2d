import { join } from 'node:path';
import Database from 'better-sqlite3';
import { EJSON } from 'bson';
import { DocumentStore, type Doc, type IndexDecl } from '../../store/document-store';

/**
 * Writes generated documents into a data dir in the host store's own format, without
 * holding them in memory: the tables are created by a DocumentStore (so the layout, the
 * marker file and the checks are the store's own), then rows go in with the same
 * statement and the same EJSON serialization the store uses, in large transactions.
 * Opening the data dir with DocumentStore afterwards reads exactly these documents
 * (test/integration/district-seed.test.ts compares a reopened store with the reference).
 */
export class BulkWriter {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, { put: Database.Statement; del: Database.Statement }>();
  written = 0;

  constructor(dataDir: string, indexes: IndexDecl) {
    const store = new DocumentStore({ dataDir, indexes });
    for (const name of Object.keys(indexes)) store.ensureCollection(name);
    store.close();
    this.db = new Database(join(dataDir, 'redgrid.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
  }

  private statement(collection: string): { put: Database.Statement; del: Database.Statement } {
    let st = this.statements.get(collection);
    if (!st) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(collection)) throw new Error(`invalid collection name: ${collection}`);
      this.db.exec(`CREATE TABLE IF NOT EXISTS "c_${collection}" (_id TEXT PRIMARY KEY, doc TEXT NOT NULL) WITHOUT ROWID`);
      st = {
        put: this.db.prepare(`INSERT OR REPLACE INTO "c_${collection}" (_id, doc) VALUES (?, ?)`),
        del: this.db.prepare(`DELETE FROM "c_${collection}" WHERE _id = ?`),
      };
      this.statements.set(collection, st);
    }
    return st;
  }

  /** Puts (or replaces) documents, or deletes them (doc null), in one transaction for the batch. */
  write(batch: readonly { collection: string; id: string; doc: Doc | null }[]): void {
    const rows = batch.map(({ collection, id, doc }) => [this.statement(collection), id, doc ? EJSON.stringify(doc, { relaxed: true }) : null] as const);
    this.db.transaction(() => {
      for (const [st, id, text] of rows) {
        if (text === null) st.del.run(id);
        else st.put.run(id, text);
      }
    })();
    this.written += batch.filter((b) => b.doc).length;
  }

  close(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
