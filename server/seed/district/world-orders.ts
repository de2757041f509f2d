import { createHash } from 'node:crypto';
import type { CategoryDoc, Notification, OrderStore, PeopleRepo, VisitRepo } from '../../../domain/ports/orders';
import type { OrgRepo } from '../../../domain/ports/repos';
import type { IdGen } from '../../../domain/ports/ids';
import { HANDLING_STATES, loadHolder, type OrderDoc, type OrderEventDoc, UNRESOLVED_STATES } from '../../../domain/model/order';
import type { OrgNode } from '../../../domain/model/org';
import type { UserDoc } from '../../../domain/model/roles';
import type { RoutingRule } from '../../../domain/orders/routing';
import type { SlaPolicy } from '../../../domain/sla/clocks';
import type { VisitDoc } from '../../../domain/scoring/follow-up';
import { type Counters, countersOf, keysOf, rollupDelta, zeroCounters } from '../../../domain/scoring/contribution';
import type { Doc } from '../../store/document-store';
import { copyOf, type MemDb } from './mem-db';
import type { Rng } from './random';

/**
 * The order use cases' ports over the generator's MemDb, one for one with the SDK
 * repositories in cloudfunctions/_shared/repos (order-store, people-repo, org-repo,
 * config-repos, visit-repo, notifier): the same queries, the same write semantics.
 * Differences, all deliberate and covered by test/integration/district-seed.test.ts:
 * score deltas are folded into `score_rollups` at once instead of by the next sweep
 * (the rollups come out the same), and no `outbox` line is kept (the host's stand-in
 * for WeChat subscribe messages, not a database collection on CloudBase).
 */

const OPEN: readonly string[] = UNRESOLVED_STATES;
const HANDLING: readonly string[] = HANDLING_STATES;
const clone = <T>(doc: Doc | undefined): T | undefined => (doc ? (copyOf(doc) as unknown as T) : undefined);
const clones = <T>(docs: Doc[]): T[] => docs.map((d) => copyOf(d) as unknown as T);

/** The platform's ids: sha256 of the key for idempotent ids (as platform.ts), seeded hex for fresh ones. */
export const seededIds = (rng: Rng): IdGen => ({
  next: (prefix = 'id') => `${prefix}_${rng.hex(24)}`,
  fromKey: (prefix, key) => `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`,
});

/**
 * The rollups as the sweep leaves them once every delta is folded (score-repo.ts): `<node>|<day>`
 * → counters. Nothing in the simulation reads them, so they are summed here and handed to the
 * MemDb only when it writes out (writeRollups), not on every order change.
 */
const rollups = new WeakMap<MemDb, { sums: Map<string, Counters>; touched: Set<string> }>();

const rollupsOf = (db: MemDb) => {
  let r = rollups.get(db);
  if (!r) rollups.set(db, (r = { sums: new Map(), touched: new Set() }));
  return r;
};

/** `into` + `b`, in place, with addCounters' result (categories that reach zero dropped, the same key order). */
const accumulate = (into: Counters, b: Counters): void => {
  for (const key of Object.keys(into) as (keyof Counters)[]) {
    if (key === 'resolveHistogram') b.resolveHistogram.forEach((v, i) => (into.resolveHistogram[i] += v));
    else if (key === 'categories') {
      for (const [k, v] of Object.entries(b.categories)) {
        const next = (Object.prototype.hasOwnProperty.call(into.categories, k) ? into.categories[k] : 0) + v;
        if (next === 0) delete into.categories[k];
        else into.categories[k] = next;
      }
    } else into[key] += b[key];
  }
};

/** Whether an order change leaves every rollup as it was (most steps: a sweep's wake-up, a start, a note). */
const countsTheSame = (before: OrderDoc, after: OrderDoc): boolean =>
  JSON.stringify(keysOf(before)) === JSON.stringify(keysOf(after)) && JSON.stringify(countersOf(before)) === JSON.stringify(countersOf(after));

/** Folds an order change into the rollups, like a score delta folded by the sweep. */
export const foldScores = (db: MemDb, before: OrderDoc | null, after: OrderDoc): void => {
  if (before && countsTheSame(before, after)) return;
  const r = rollupsOf(db);
  for (const [key, counters] of rollupDelta(before, after)) {
    let sum = r.sums.get(key);
    if (!sum) r.sums.set(key, (sum = zeroCounters()));
    accumulate(sum, counters);
    r.touched.add(key);
  }
};

/** Puts the rollups changed since the last call into the MemDb (before it writes out). */
export const writeRollups = (db: MemDb): void => {
  const r = rollupsOf(db);
  for (const key of r.touched) {
    const [node, day] = key.split('|');
    db.put('score_rollups', { _id: key, node, day, counters: copyOf(r.sums.get(key)) } as unknown as Doc);
  }
  r.touched.clear();
};

export const memOrderStore = (db: MemDb): OrderStore => ({
  async get(id) {
    return clone<OrderDoc>(db.get('orders', id));
  },
  async create(order, events) {
    if (db.get('orders', order._id)) return 'exists';
    db.insert('orders', order as unknown as Doc);
    for (const event of events) db.insert('order_events', event as unknown as Doc);
    foldScores(db, null, order);
    return 'created';
  },
  async commit(id, expectedVersion, patch, events) {
    // read, not copied: nothing below changes it (the update makes a new document)
    const current = db.get('orders', id) as unknown as OrderDoc | undefined;
    if (!current) throw new Error(`order ${id} does not exist`);
    if (current.version !== expectedVersion) return 'conflict';
    const { _id: _ignored, ...fields } = patch as Partial<OrderDoc> & { _id?: string };
    db.updateMerge('orders', id, fields);
    for (const event of events) db.insert('order_events', event as unknown as Doc);
    foldScores(db, current, { ...current, ...fields } as OrderDoc);
    return 'ok';
  },
  async events(orderId) {
    return clones<OrderEventDoc>(db.query('order_events', { orderId }, { sort: { seq: 1 }, limit: 1000 }));
  },
  async list() {
    throw new Error('the generator does not list orders');
  },
  async similarOpen(where, limit) {
    const place = where.gridId ? { 'place.gridId': where.gridId } : { 'place.communityId': where.communityId };
    return clones<OrderDoc>(
      db.query('orders', { ...place, category: where.category, status: { $in: OPEN }, submittedAt: { $gte: where.since } }, { sort: { submittedAt: -1 }, limit }),
    );
  },
  async due(now, limit) {
    return clones<OrderDoc>(db.query('orders', { wakeAt: { $lte: now } }, { sort: { wakeAt: 1 }, limit }));
  },
  async countHandling(openid) {
    return db.find('orders', { handlerOpenid: openid, status: { $in: HANDLING } }).length;
  },
});

type StaffUser = UserDoc & { skills?: string[]; lastAssignedAt?: number };

export const memPeopleRepo = (db: MemDb): PeopleRepo => ({
  async withRole(role, orgId) {
    const users = db.queryAll('users', { 'roles.orgId': orgId }, 5000) as unknown as StaffUser[];
    return users
      .filter((u) => u.roles.some((g) => g.role === role && g.orgId === orgId))
      .map((u) => ({ openid: u._id, name: u.name, skills: [...(u.skills ?? [])], lastAssignedAt: u.lastAssignedAt ?? 0 }));
  },
  async openLoads(openids) {
    const loads = new Map<string, number>();
    for (let i = 0; i < openids.length; i += 1000) {
      const chunk = openids.slice(i, i + 1000);
      const orders = db.queryAll('orders', { $or: [{ handlerOpenid: { $in: chunk }, status: { $in: HANDLING } }, { 'assignee.openid': { $in: chunk }, status: 'dispatched' }] }, 100_000);
      for (const o of orders as unknown as OrderDoc[]) {
        const who = loadHolder(o);
        if (who) loads.set(who, (loads.get(who) ?? 0) + 1);
      }
    }
    return loads;
  },
  async names(openids) {
    const out = new Map<string, string>();
    for (let i = 0; i < openids.length; i += 1000) {
      for (const u of db.query('users', { _id: { $in: [...openids.slice(i, i + 1000)] } }, { limit: 1000 })) out.set(u._id, (u as unknown as UserDoc).name);
    }
    return out;
  },
  async markAssigned(openid, at) {
    db.updateMerge('users', openid, { lastAssignedAt: at });
  },
});

export const memOrgRepo = (db: MemDb): OrgRepo => ({
  async get(id) {
    return clone<OrgNode>(db.get('orgs', id));
  },
  async getMany(ids) {
    const out: OrgNode[] = [];
    for (let i = 0; i < ids.length; i += 1000) out.push(...clones<OrgNode>(db.query('orgs', { _id: { $in: [...ids.slice(i, i + 1000)] } }, { limit: 1000 })));
    return out;
  },
  async descendants(rootId, maxDepth, cap) {
    return clones<OrgNode>(db.queryAll('orgs', { path: rootId, depth: { $lte: maxDepth } }, cap, { depth: 1 }));
  },
});

export const memConfig = (db: MemDb) => ({
  rules: { list: async () => clones<RoutingRule>(db.queryAll('routing_rules', { enabled: true }, 500)) },
  categories: { list: async () => clones<CategoryDoc>(db.queryAll('categories', {}, 500)).sort((a, b) => a.sort - b.sort) },
  sla: { list: async () => clones<SlaPolicy>(db.queryAll('sla_policies', {}, 500)) },
});

export const memVisitRepo = (db: MemDb): VisitRepo & {
  get(id: string): Promise<VisitDoc | undefined>;
  finish(id: string, patch: Pick<VisitDoc, 'outcome' | 'method' | 'note' | 'doneAt' | 'doneBy'>): Promise<boolean>;
} => ({
  async create(visit) {
    db.insert('visits', visit as unknown as Doc);
  },
  async get(id) {
    return clone<VisitDoc>(db.get('visits', id));
  },
  async finish(id, patch) {
    const visit = db.get('visits', id) as unknown as VisitDoc | undefined;
    if (!visit || visit.status !== 'open') return false;
    db.updateMerge('visits', id, { ...patch, status: 'done' });
    return true;
  },
});

/** The in-app inbox (`notifications`), as sdkNotifier writes it. */
export const memNotifier = (db: MemDb, ids: IdGen, now: () => number) => ({
  async send(messages: readonly Notification[]) {
    const at = now();
    for (const m of messages) db.insert('notifications', { _id: ids.next('ntf'), ...m, at, read: false } as unknown as Doc);
  },
});
