import { randomBytes } from 'node:crypto';
import type { OrderDoc } from '../../../domain/model/order';
import { addCounters, type Counters, rollupDelta, zeroCounters } from '../../../domain/scoring/contribution';
import type { Db } from '../platform';
import { readAll } from './paging';
import { dataOf, isNotFound } from './sdk-results';

/**
 * Score rollups kept incrementally. Every order change appends one `score_deltas` document
 * inside the order's own transaction (an insert: no contention between orders); the sweep
 * folds deltas into `score_rollups` (`<node>|<day>` → counters), each delta exactly once.
 * A dashboard reads ≤ 366 rollup documents plus the deltas not folded yet: its cost
 * follows the period, not the number of orders.
 */

export interface DeltaEntry {
  key: string;
  node: string;
  day: string;
  counters: Counters;
}

export interface ScoreDeltaDoc {
  _id: string;
  orderId: string;
  at: number;
  applied: boolean;
  nodes: string[];
  entries: DeltaEntry[];
}

interface RollupDoc {
  _id: string;
  node: string;
  day: string;
  counters: Counters;
}

type TxCollection = {
  add(a: unknown): Promise<unknown>;
  doc(id: string): { get(): Promise<unknown>; set(a: unknown): Promise<unknown>; update(a: unknown): Promise<unknown> };
};
type Tx = { collection(name: string): TxCollection };

/** The delta document for an order change, or null when no score moves. */
export const scoreDeltaDoc = (before: OrderDoc | null, after: OrderDoc, at: number): ScoreDeltaDoc | null => {
  const delta = rollupDelta(before, after);
  if (delta.size === 0) return null;
  const entries = [...delta].map(([key, counters]) => {
    const [node, day] = key.split('|');
    return { key, node, day, counters };
  });
  return {
    _id: `sd_${after._id}_${randomBytes(6).toString('hex')}`,
    orderId: after._id,
    at,
    applied: false,
    nodes: [...new Set(entries.map((e) => e.node))],
    entries,
  };
};

export const sdkScoreRepo = (db: Db) => {
  const _ = db.command;
  return {
    /** Folds up to `limit` pending deltas into the rollups; each in its own transaction, applied once. */
    async fold(limit: number): Promise<number> {
      const pending = dataOf<ScoreDeltaDoc[]>(await db.collection('score_deltas').where({ applied: false }).orderBy('at', 'asc').limit(limit).get());
      let folded = 0;
      for (const d of pending) {
        try {
          await db.runTransaction(async (tx: Tx) => {
            const delta = dataOf<ScoreDeltaDoc>(await tx.collection('score_deltas').doc(d._id).get());
            if (delta.applied) return;
            for (const entry of delta.entries) {
              let current = zeroCounters();
              try {
                current = dataOf<RollupDoc>(await tx.collection('score_rollups').doc(entry.key).get()).counters;
              } catch (error) {
                if (!isNotFound(error)) throw error;
              }
              await tx.collection('score_rollups').doc(entry.key).set({ data: { node: entry.node, day: entry.day, counters: addCounters(current, entry.counters) } });
            }
            await tx.collection('score_deltas').doc(d._id).update({ data: { applied: true } });
          });
          folded++;
        } catch (error) {
          // Another sweep folded it first, or a conflict: the next sweep retries. Nothing is applied twice.
          console.warn('[scores] delta not folded yet', d._id, (error as { errMsg?: string }).errMsg ?? error);
        }
      }
      return folded;
    },

    /** Counters of `node` summed over the days [from, to] (YYYY-MM-DD), including deltas not folded yet. */
    async sum(node: string, from: string, to: string): Promise<Counters> {
      const rollups = await readAll<RollupDoc>(db.collection('score_rollups').where({ node, day: _.gte(from).and(_.lte(to)) }), 2000);
      const pending = await readAll<ScoreDeltaDoc>(db.collection('score_deltas').where({ nodes: node, applied: false }), 100_000);
      let total = zeroCounters();
      for (const r of rollups) total = addCounters(total, r.counters);
      for (const d of pending) for (const e of d.entries) if (e.node === node && e.day >= from && e.day <= to) total = addCounters(total, e.counters);
      return total;
    },
  };
};
