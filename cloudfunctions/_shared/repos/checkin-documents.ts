import { DomainError } from '../../../domain/model/envelope';
import type { Condition, DocTx, Documents, FindOptions, Where, WithId } from '../../../domain/points/ports';
import type { Db } from '../platform';
import { PAGE_SIZE } from './paging';
import { dataOf, readDoc } from './sdk-results';

/**
 * The check-ins / points persistence port over wx-server-sdk. Queries map onto indexed
 * `where` conditions (see collections.ts); a unit of work is one `db.runTransaction`
 * (document operations only, retried by the SDK on a commit conflict).
 */

// The SDK's transaction and command typings are callback-overloaded; these are the promise shapes we use.
interface TxDocRef {
  get(): Promise<unknown>;
  update(a: { data: Record<string, unknown> }): Promise<unknown>;
  set(a: { data: Record<string, unknown> }): Promise<unknown>;
  remove(): Promise<unknown>;
}
interface TxHandle {
  collection(name: string): { doc(id: string): TxDocRef; add(a: { data: Record<string, unknown> }): Promise<unknown> };
}

const errorText = (error: unknown): string =>
  String((error as { errMsg?: string; message?: string; code?: string })?.errMsg ?? (error as Error)?.message ?? (error as { code?: string })?.code ?? error);

const isConflict = (error: unknown): boolean => /conflict|duplicate/i.test(errorText(error)) || /CONFLICT|DUPLICATE/.test(String((error as { code?: unknown })?.code ?? ''));

const TRANSACTION_ATTEMPTS = 5;
/**
 * The SDK retries a conflicting transaction at once; under a burst on one account (a points
 * ledger hit by many operations) the retries collide again. Between rounds of those attempts
 * wait a random, growing moment so the contenders spread out (full jitter, ≤ 20·2^round ms).
 */
const CONTENDED_ROUNDS = 4;
const jitter = (round: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** round));

export const sdkDocuments = (db: Db): Documents => {
  const _ = db.command;

  const condition = (field: string, c: Condition): Record<string, unknown>[] => {
    if (c === null || typeof c !== 'object') return [{ [field]: c }];
    if ('in' in c) return [{ [field]: _.in([...c.in]) }];
    if ('ne' in c) return [{ [field]: _.neq(c.ne) }];
    const out: Record<string, unknown>[] = [];
    if (c.gt !== undefined) out.push({ [field]: _.gt(c.gt) });
    if (c.gte !== undefined) out.push({ [field]: _.gte(c.gte) });
    if (c.lt !== undefined) out.push({ [field]: _.lt(c.lt) });
    if (c.lte !== undefined) out.push({ [field]: _.lte(c.lte) });
    return out;
  };

  const whereOf = (where: Where): Record<string, unknown> => {
    const parts = Object.entries(where).flatMap(([field, c]) => condition(field, c));
    if (parts.length === 0) return {};
    if (parts.length === 1) return parts[0];
    return _.and(parts) as unknown as Record<string, unknown>;
  };

  /** Whole values, never merged: nested objects and arrays are replaced as given. */
  const fieldsOf = (fields: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) {
      if (k === '_id' || v === undefined) continue;
      out[k] = v !== null && typeof v === 'object' ? _.set(v) : v;
    }
    return out;
  };

  const txPort = (t: TxHandle): DocTx => ({
    async get<T extends WithId>(collection: string, id: string) {
      return ((await readDoc<T | null>(t, collection, id)) ?? undefined) as T | undefined;
    },
    async insert(collection, doc) {
      await t.collection(collection).add({ data: { ...doc } });
    },
    async update(collection, id, fields) {
      const data = fieldsOf(fields);
      if (Object.keys(data).length > 0) await t.collection(collection).doc(id).update({ data });
    },
    async put(collection, doc) {
      const { _id, ...rest } = doc;
      await t.collection(collection).doc(_id).set({ data: rest });
    },
    async remove(collection, id) {
      await t.collection(collection).doc(id).remove();
    },
  });

  return {
    async get<T extends WithId>(collection: string, id: string) {
      return readDoc<T>(db, collection, id);
    },

    async find<T extends WithId>(collection: string, where: Where, options: FindOptions) {
      const out: T[] = [];
      const start = options.offset ?? 0;
      while (out.length < options.limit) {
        let query = db.collection(collection).where(whereOf(where));
        for (const [field, direction] of options.orderBy ?? []) query = query.orderBy(field, direction);
        const want = Math.min(PAGE_SIZE, options.limit - out.length);
        const skip = start + out.length;
        const page = dataOf<T[]>(await (skip > 0 ? query.skip(skip) : query).limit(want).get());
        out.push(...page);
        if (page.length < want) break;
      }
      return out;
    },

    async count(collection, where) {
      return ((await db.collection(collection).where(whereOf(where)).count()) as unknown as { total: number }).total;
    },

    async transact<T>(work: (tx: DocTx) => Promise<T>): Promise<T> {
      for (let round = 1; ; round++) {
        try {
          return (await db.runTransaction(async (t: unknown) => work(txPort(t as TxHandle)), TRANSACTION_ATTEMPTS)) as T;
        } catch (error) {
          if (error instanceof DomainError) throw error;
          if (!isConflict(error)) throw error;
          if (round >= CONTENDED_ROUNDS) throw new DomainError('CONFLICT', '同时操作的人较多，请稍后重试');
          await jitter(round);
        }
      }
    },
  };
};
