import { createHash } from 'node:crypto';
import type { Envelope } from '../../domain/model/envelope';
import type { Db } from './platform';
import { readDoc } from './repos/sdk-results';

/**
 * Idempotency keys bind their payload, for every mutating action, in one place (the dispatcher).
 *
 * The first call with a key reserves `idempotency/<caller+function+key>` by inserting it
 * (insert-first: of two concurrent calls only one inserts, the other waits for its answer),
 * performs the action, and stores the envelope it answered. A later call with the same key:
 * - same request (same digest) → the stored answer again; nothing is performed, nobody notified;
 * - different request → CONFLICT with the original request's digest; nothing is performed.
 * A call that fails releases its reservation (a refusal binds nothing; the retry is judged anew).
 * A reservation whose call died midway (process killed) is taken over after STALE_MS; the
 * actions' own keyed ids (order, ledger transaction, session) keep that retry from doubling.
 *
 * Digest = SHA-256 of the canonical JSON (keys sorted at every level) of {action, payload}.
 */

export const IDEMPOTENCY_COLLECTION = 'idempotency';
/** A reservation older than this without an answer belongs to a call that died. */
export const STALE_MS = 30_000;
/** How long a concurrent duplicate waits for the first call's answer. */
export const WAIT_MS = 15_000;
const POLL_MS = 25;

export interface IdempotencyDoc {
  _id: string;
  fn: string;
  action: string;
  openid: string;
  digest: string;
  state: 'pending' | 'done';
  /** When the reservation was taken (host clock). */
  at: number;
  /** The answered envelope as JSON (done only). */
  answer: string | null;
}

/** JSON with object keys sorted at every level; undefined members dropped as JSON.stringify does. */
export const canonicalJson = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
};

export const requestDigest = (action: string, payload: unknown): string =>
  createHash('sha256').update(canonicalJson({ action, payload: payload ?? {} })).digest('hex');

export const idempotencyId = (fn: string, openid: string, key: string): string =>
  `idem_${createHash('sha256').update(`${fn}\u0000${openid}\u0000${key}`).digest('hex').slice(0, 40)}`;

const isDuplicate = (error: unknown): boolean => /duplicate/i.test(String((error as { errMsg?: string })?.errMsg ?? (error as Error)?.message ?? ''));
const updated = (res: unknown): number => (res as { stats?: { updated?: number } })?.stats?.updated ?? 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export type Reservation =
  | { kind: 'reserved'; id: string }
  | { kind: 'replay'; answer: Envelope<unknown> }
  | { kind: 'conflict'; digest: string }
  | { kind: 'busy' };

const read = async (db: Db, id: string): Promise<IdempotencyDoc | undefined> => {
  return readDoc<IdempotencyDoc>(db, IDEMPOTENCY_COLLECTION, id);
};

/** A replayed answer says so when the action's own answer has a `replayed` flag (submit, check-in, redeem). */
const asReplay = (answer: Envelope<unknown>): Envelope<unknown> => {
  if (answer.ok && answer.data && typeof answer.data === 'object' && typeof (answer.data as { replayed?: unknown }).replayed === 'boolean') {
    return { ok: true, data: { ...(answer.data as object), replayed: true } };
  }
  return answer;
};

/**
 * Takes the key for this request, or says what the earlier request with it answered.
 * `now` is read again while waiting (the host's clock may be moved meanwhile).
 */
export const reserve = async (
  db: Db,
  ref: { fn: string; action: string; openid: string; key: string; payload: unknown },
  now: () => number,
): Promise<Reservation> => {
  const id = idempotencyId(ref.fn, ref.openid, ref.key);
  const digest = requestDigest(ref.action, ref.payload);
  const coll = db.collection(IDEMPOTENCY_COLLECTION);
  const started = Date.now();
  for (;;) {
    try {
      const doc: IdempotencyDoc = { _id: id, fn: ref.fn, action: ref.action, openid: ref.openid, digest, state: 'pending', at: now(), answer: null };
      await coll.add({ data: doc });
      return { kind: 'reserved', id };
    } catch (error) {
      if (!isDuplicate(error)) throw error;
    }
    const existing = await read(db, id);
    if (!existing) continue; // released meanwhile: try to take it
    if (existing.digest !== digest) return { kind: 'conflict', digest: existing.digest };
    if (existing.state === 'done' && existing.answer) return { kind: 'replay', answer: asReplay(JSON.parse(existing.answer) as Envelope<unknown>) };
    // Someone is performing this very request. A reservation that is too old belonged to a call that died: take it over.
    if (now() - existing.at > STALE_MS) {
      if (updated(await coll.where({ _id: id, state: 'pending', at: existing.at }).update({ data: { at: now() } })) === 1) return { kind: 'reserved', id };
      continue;
    }
    if (Date.now() - started > WAIT_MS) return { kind: 'busy' };
    await sleep(POLL_MS);
  }
};

/** Stores the answer of the request that held the reservation. */
export const complete = async (db: Db, id: string, answer: Envelope<unknown>): Promise<void> => {
  await db.collection(IDEMPOTENCY_COLLECTION).doc(id).update({ data: { state: 'done', answer: JSON.stringify(answer) } });
};

/** Gives the key back after a failed call (the next call with it is judged anew). */
export const release = async (db: Db, id: string): Promise<void> => {
  try {
    await db.collection(IDEMPOTENCY_COLLECTION).where({ _id: id, state: 'pending' }).remove();
  } catch (error) {
    console.error('[idempotency] could not release', id, error);
  }
};
