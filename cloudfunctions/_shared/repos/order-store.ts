import { HANDLING_STATES, type OrderDoc, type OrderEventDoc, UNRESOLVED_STATES } from '../../../domain/model/order';
import type { OrderListQuery, OrderStore } from '../../../domain/ports/orders';
import type { Db, Tx } from '../platform';
import { scoreDeltaDoc } from './score-repo';
import { dataOf, readDoc } from './sdk-results';


const isConflict = (error: unknown) => /conflict|duplicate/i.test(String((error as { errMsg?: string; message?: string })?.errMsg ?? (error as Error)?.message ?? ''));

/** Orders and their events over wx-server-sdk; every change is one transaction (order + events, or nothing). */
export const sdkOrderStore = (db: Db): OrderStore => {
  const _ = db.command;
  return {
    async get(id) {
      return readDoc<OrderDoc>(db, 'orders', id);
    },

    async create(order, events) {
      try {
        await db.runTransaction(async (tx: Tx) => {
          await tx.collection('orders').add({ data: order });
          for (const event of events) await tx.collection('order_events').add({ data: event });
          const scores = scoreDeltaDoc(null, order, order.updatedAt);
          if (scores) await tx.collection('score_deltas').add({ data: scores });
        });
        return 'created';
      } catch (error) {
        if (isConflict(error)) return 'exists';
        throw error;
      }
    },

    async commit(id, expectedVersion, patch, events) {
      const stale = Symbol('stale');
      try {
        await db.runTransaction(async (tx: Tx) => {
          const current = dataOf<OrderDoc>(await tx.collection('orders').doc(id).get());
          if (current.version !== expectedVersion) throw stale;
          const { _id: _ignored, ...fields } = patch as Partial<OrderDoc> & { _id?: string };
          await tx.collection('orders').doc(id).update({ data: fields });
          for (const event of events) await tx.collection('order_events').add({ data: event });
          const scores = scoreDeltaDoc(current, { ...current, ...fields } as OrderDoc, fields.updatedAt ?? current.updatedAt);
          if (scores) await tx.collection('score_deltas').add({ data: scores });
        }, 1);
        return 'ok';
      } catch (error) {
        if (error === stale || isConflict(error)) return 'conflict';
        throw error;
      }
    },

    async events(orderId) {
      return dataOf<OrderEventDoc[]>(await db.collection('order_events').where({ orderId }).orderBy('seq', 'asc').limit(1000).get());
    },

    async list(query: OrderListQuery) {
      const newest = query.order === 'newest';
      const anyOf = query.anyOf.map((c) =>
        Object.fromEntries(Object.entries(c).map(([field, value]) => [field, Array.isArray(value) ? _.in([...value]) : value])),
      );
      const conditions: Record<string, unknown>[] = [_.or(anyOf) as unknown as Record<string, unknown>];
      if (query.status) conditions.push({ status: typeof query.status === 'string' ? query.status : _.in([...query.status]) });
      if (query.orgId) conditions.push({ orgPath: query.orgId });
      if (query.promiseDueBefore !== undefined) conditions.push({ promiseDueAt: _.lte(query.promiseDueBefore) });
      if (query.submittedFrom !== undefined) conditions.push({ submittedAt: _.gte(query.submittedFrom) });
      if (query.submittedTo !== undefined) conditions.push({ submittedAt: _.lt(query.submittedTo) });
      if (query.after) {
        const { at, id } = query.after;
        conditions.push(
          _.or([
            { submittedAt: newest ? _.lt(at) : _.gt(at) },
            { submittedAt: at, _id: newest ? _.lt(id) : _.gt(id) },
          ]) as unknown as Record<string, unknown>,
        );
      }
      const direction = newest ? 'desc' : 'asc';
      const res = await db
        .collection('orders')
        .where(_.and(conditions))
        .orderBy('submittedAt', direction)
        .orderBy('_id', direction)
        .limit(query.limit)
        .get();
      return dataOf<OrderDoc[]>(res);
    },

    async similarOpen(where, limit) {
      const place = where.gridId ? { 'place.gridId': where.gridId } : { 'place.communityId': where.communityId };
      const res = await db
        .collection('orders')
        .where({ ...place, category: where.category, status: _.in([...UNRESOLVED_STATES]), submittedAt: _.gte(where.since) })
        .orderBy('submittedAt', 'desc')
        .limit(limit)
        .get();
      return dataOf<OrderDoc[]>(res);
    },

    async due(now, limit) {
      return dataOf<OrderDoc[]>(await db.collection('orders').where({ wakeAt: _.lte(now) }).orderBy('wakeAt', 'asc').limit(limit).get());
    },

    async countHandling(openid) {
      const res = await db.collection('orders').where({ handlerOpenid: openid, status: _.in([...HANDLING_STATES]) }).count();
      return (res as unknown as { total: number }).total;
    },
  };
};

/** The orders behind a page of visits (≤ 500, in chunks of 100 ids). */
export const ordersByIds = async (db: Db, ids: readonly string[]): Promise<OrderDoc[]> => {
  const _ = db.command;
  const unique = [...new Set(ids)];
  const out: OrderDoc[] = [];
  for (let i = 0; i < unique.length; i += 100) {
    out.push(...dataOf<OrderDoc[]>(await db.collection('orders').where({ _id: _.in(unique.slice(i, i + 100)) }).limit(100).get()));
  }
  return out;
};
