import { randomBytes } from 'node:crypto';
import type { OrderDoc } from '../../../domain/model/order';
import { addCounters, type Counters, rollupDelta, zeroCounters } from '../../../domain/scoring/contribution';
import type { Db, Tx } from '../platform';
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

  /**
   * Per-day counters of `nodes` over [from, to], keyed `<node>|<day>` (only days with data),
   * including deltas not folded yet. Reads ≤ nodes × days rollup documents, 1000 per get.
   */
  const daily = async (nodes: readonly string[], from: string, to: string): Promise<Map<string, Counters>> => {
    const out = new Map<string, Counters>();
    if (nodes.length === 0) return out;
    const wanted = new Set(nodes);
    const node = nodes.length === 1 ? nodes[0] : _.in([...nodes]);
    const rollups = await readAll<RollupDoc>(
      db.collection('score_rollups').where({ node, day: _.gte(from).and(_.lte(to)) }).orderBy('_id', 'asc'),
      Math.max(2000, nodes.length * 400),
    );
    const pending = await readAll<ScoreDeltaDoc>(db.collection('score_deltas').where({ nodes: node, applied: false }).orderBy('_id', 'asc'), 100_000);
    const add = (key: string, counters: Counters) => out.set(key, addCounters(out.get(key) ?? zeroCounters(), counters));
    for (const r of rollups) add(`${r.node}|${r.day}`, r.counters);
    for (const d of pending) for (const e of d.entries) if (wanted.has(e.node) && e.day >= from && e.day <= to) add(`${e.node}|${e.day}`, e.counters);
    return out;
  };

  /** Counters of several nodes over [from, to]: one rollup query and one pending-delta query for all of them. */
  const sumMany = async (nodes: readonly string[], from: string, to: string): Promise<Map<string, Counters>> => {
    const out = new Map<string, Counters>(nodes.map((n) => [n, zeroCounters()]));
    for (const [key, counters] of await daily(nodes, from, to)) {
      const node = key.slice(0, key.lastIndexOf('|'));
      out.set(node, addCounters(out.get(node) ?? zeroCounters(), counters));
    }
    return out;
  };

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
      return (await sumMany([node], from, to)).get(node) ?? zeroCounters();
    },

    sumMany,
    daily,
  };
};
