/**
 * P9 (issue 14): what must hold in the store after the soak — read from the documents only,
 * after the host has stopped. Each check names its kind, so a test can plant one violation of
 * each kind and see it reported (test/integration/soak-invariants.test.ts).
 */
import { ORDER_STATES, HANDLING_STATES, type OrderDoc, type OrderEventDoc } from '../domain/model/order';
import { ROUTE_TO_APPROVAL, TRANSITIONS } from '../domain/orders/lifecycle';
import { isGuarded, ledgerTxProblems, type BalanceDoc, type LedgerTxDoc } from '../domain/points/ledger';
import { addCounters, type Counters, countersOf, isZero, keysOf, zeroCounters } from '../domain/scoring/contribution';

/** What the driver was told by an ok envelope of a mutating call (the last one per id). */
export interface SoakAcks {
  orders: Record<string, { version: number; status: string }>;
  registrations: Record<string, string>;
  sessions: Record<string, string>;
  redemptions: Record<string, string>;
  /** Ledger transaction ids an answer named (points adjustments). */
  ledgerTx: string[];
}

export const emptyAcks = (): SoakAcks => ({ orders: {}, registrations: {}, sessions: {}, redemptions: {}, ledgerTx: [] });

export const VIOLATION_KINDS = [
  'lost-write',
  'version-regressed',
  'ack-not-in-history',
  'unknown-status',
  'event-seq',
  'event-chain',
  'status-vs-events',
  'illegal-transition',
  'state-fields',
  'orphan-event',
  'ledger-not-zero-sum',
  'ledger-malformed',
  'balance-vs-lines',
  'negative-balance',
  'status-regressed',
  'rollup-mismatch',
] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

export interface Violation {
  kind: ViolationKind;
  message: string;
}

export interface SoakCheck {
  violations: Violation[];
  counts: {
    orders: number;
    events: number;
    ledgerTx: number;
    balances: number;
    rollupKeys: number;
    pendingDeltas: number;
    ackedChecked: number;
  };
}

/** The documents of a collection (a DocumentStore, or a plain snapshot in tests). */
export interface StoreReader {
  all(collection: string): ({ _id: string } & Record<string, unknown>)[];
}

/**
 * Every (from → to) an event may record, derived from the transition table: each action's
 * from-states to its target (a `stay` action records from → from). Two moves are not actions of
 * the table: the submit event that creates the order (null → submitted), and the router sending
 * a new order to the secretary's approval instead of a handler (submitted → ROUTE_TO_APPROVAL).
 */
export const allowedMoves = (): Set<string> => {
  const moves = new Set<string>([`null>submitted`]);
  for (const t of Object.values(TRANSITIONS)) for (const from of t.from) moves.add(`${from}>${t.to === 'stay' ? from : t.to}`);
  for (const from of TRANSITIONS.route.from) moves.add(`${from}>${ROUTE_TO_APPROVAL}`);
  return moves;
};

/** The state a document starts in; an acknowledged later state must never fall back to it. */
const INITIAL = { registrations: 'pending', sessions: 'open', redemptions: 'pending' } as const;
const COLLECTION_OF = { registrations: 'checkin_registrations', sessions: 'checkin_sessions', redemptions: 'redemptions' } as const;

interface DeltaDoc {
  applied: boolean;
  entries: { key: string; counters: Counters }[];
}

export const checkSoakStore = (store: StoreReader, acks: SoakAcks): SoakCheck => {
  const violations: Violation[] = [];
  const report = (kind: ViolationKind, message: string) => violations.push({ kind, message });
  let ackedChecked = 0;

  // ── orders and their events ─────────────────────────────────────────────────
  const orders = store.all('orders') as unknown as OrderDoc[];
  const byId = new Map(orders.map((o) => [o._id, o]));
  const eventsOf = new Map<string, OrderEventDoc[]>();
  const events = store.all('order_events') as unknown as OrderEventDoc[];
  for (const e of events) {
    if (!byId.has(e.orderId)) report('orphan-event', `event ${e._id} belongs to order ${e.orderId}, which does not exist`);
    const list = eventsOf.get(e.orderId) ?? [];
    list.push(e);
    eventsOf.set(e.orderId, list);
  }
  const moves = allowedMoves();
  const states = new Set<string>(ORDER_STATES);
  for (const order of orders) {
    const id = order._id;
    if (!states.has(order.status)) report('unknown-status', `order ${id} is in unknown state "${String(order.status)}"`);
    const list = (eventsOf.get(id) ?? []).sort((a, b) => a.seq - b.seq);
    const seqs = list.map((e) => e.seq);
    const expected = Array.from({ length: order.version }, (_, i) => i + 1);
    if (seqs.join(',') !== expected.join(',')) {
      report('event-seq', `order ${id} has version ${order.version} but events [${seqs.slice(0, 12).join(',')}${seqs.length > 12 ? ',…' : ''}]`);
    }
    list.forEach((e, i) => {
      const prev = i === 0 ? null : list[i - 1].to;
      if (e.from !== prev) report('event-chain', `order ${id} event ${e.seq} starts from ${String(e.from)}, the previous event left it ${String(prev)}`);
      if (!moves.has(`${String(e.from)}>${e.to}`)) report('illegal-transition', `order ${id} event ${e.seq} (${e.type}) ${String(e.from)} → ${e.to} is allowed by no action`);
    });
    const last = list[list.length - 1];
    if (!last || last.to !== order.status) report('status-vs-events', `order ${id} is ${order.status} but its last event leads to ${last ? last.to : '(no events)'}`);
    if (HANDLING_STATES.includes(order.status) && !order.handlerOpenid) report('state-fields', `order ${id} is ${order.status} with no handler`);
    if ((order.status === 'resolved' || order.status === 'verifying') && !order.resolution) report('state-fields', `order ${id} is ${order.status} with no resolution`);
  }
  for (const [id, ack] of Object.entries(acks.orders)) {
    ackedChecked++;
    const order = byId.get(id);
    if (!order) {
      report('lost-write', `acknowledged order ${id} (v${ack.version} ${ack.status}) is missing`);
      continue;
    }
    if (order.version < ack.version) report('version-regressed', `order ${id} is at version ${order.version}, ${ack.version} was acknowledged`);
    const at = (eventsOf.get(id) ?? []).find((e) => e.seq === ack.version);
    if (at && at.to !== ack.status) report('ack-not-in-history', `order ${id}: version ${ack.version} was acknowledged as ${ack.status}, its event ${ack.version} leads to ${at.to}`);
  }

  // ── other acknowledged documents ────────────────────────────────────────────
  for (const what of ['registrations', 'sessions', 'redemptions'] as const) {
    const docs = new Map(store.all(COLLECTION_OF[what]).map((d) => [d._id, d]));
    for (const [id, status] of Object.entries(acks[what])) {
      ackedChecked++;
      const doc = docs.get(id);
      if (!doc) report('lost-write', `acknowledged ${what.slice(0, -1)} ${id} (${status}) is missing`);
      else if (status !== INITIAL[what] && doc.status === INITIAL[what]) report('status-regressed', `${what.slice(0, -1)} ${id} is ${String(doc.status)} again after ${status} was acknowledged`);
    }
  }

  // ── the points ledger ───────────────────────────────────────────────────────
  const txs = store.all('ledger_tx') as unknown as LedgerTxDoc[];
  const txIds = new Set(txs.map((t) => t._id));
  for (const id of acks.ledgerTx) {
    ackedChecked++;
    if (!txIds.has(id)) report('lost-write', `acknowledged ledger transaction ${id} is missing`);
  }
  const sums = new Map<string, { sum: number; count: number }>();
  for (const tx of txs) {
    const lines = Array.isArray(tx.lines) ? tx.lines : [];
    const sum = lines.reduce((s, l) => s + Number(l.amount), 0);
    if (sum !== 0) report('ledger-not-zero-sum', `ledger transaction ${tx._id} (${tx.kind}) lines sum to ${sum}`);
    const other = ledgerTxProblems({ ...tx, lines }).filter((p) => !p.startsWith('lines sum to'));
    if (other.length > 0) report('ledger-malformed', `ledger transaction ${tx._id}: ${other.join('; ')}`);
    for (const l of lines) {
      const s = sums.get(l.account) ?? { sum: 0, count: 0 };
      s.sum += Number(l.amount);
      s.count += 1;
      sums.set(l.account, s);
    }
  }
  const balances = store.all('ledger_balances') as unknown as BalanceDoc[];
  const withDoc = new Set<string>();
  for (const b of balances) {
    withDoc.add(b.account);
    const lines = sums.get(b.account) ?? { sum: 0, count: 0 };
    if (b.balance !== lines.sum) report('balance-vs-lines', `${b.account} balance ${b.balance}, its lines sum to ${lines.sum}`);
    if (b.txCount !== lines.count) report('balance-vs-lines', `${b.account} counts ${b.txCount} transactions, ${lines.count} touch it`);
    if (b.balance < 0) report('negative-balance', `${b.account} is at ${b.balance}`);
  }
  for (const [acct, s] of sums) {
    if (!isGuarded(acct)) continue;
    if (!withDoc.has(acct)) report('balance-vs-lines', `${acct} has ${s.count} lines (sum ${s.sum}) but no balance document`);
    if (s.sum < 0) report('negative-balance', `${acct} lines sum to ${s.sum}`);
  }

  // ── score rollups against a recomputation ───────────────────────────────────
  const expected = new Map<string, Counters>();
  for (const order of orders) {
    const c = countersOf(order);
    if (isZero(c)) continue;
    for (const key of keysOf(order)) expected.set(key, addCounters(expected.get(key) ?? zeroCounters(), c));
  }
  const actual = new Map<string, Counters>();
  for (const r of store.all('score_rollups')) actual.set(r._id, addCounters(actual.get(r._id) ?? zeroCounters(), r.counters as Counters));
  let pendingDeltas = 0;
  for (const d of store.all('score_deltas') as unknown as DeltaDoc[]) {
    if (d.applied) continue;
    pendingDeltas++;
    for (const e of d.entries) actual.set(e.key, addCounters(actual.get(e.key) ?? zeroCounters(), e.counters));
  }
  const keys = new Set([...expected.keys(), ...actual.keys()]);
  for (const key of [...keys].sort()) {
    const diff = addCounters(actual.get(key) ?? zeroCounters(), expected.get(key) ?? zeroCounters(), -1);
    if (!isZero(diff)) report('rollup-mismatch', `rollup ${key} differs from the orders by ${describe(diff)}`);
  }

  return {
    violations,
    counts: { orders: orders.length, events: events.length, ledgerTx: txs.length, balances: balances.length, rollupKeys: keys.size, pendingDeltas, ackedChecked },
  };
};

/** The non-zero fields of a counters difference, e.g. "submitted +1, closed -1". */
const describe = (c: Counters): string => {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(c)) {
    if (k === 'resolveHistogram') (v as number[]).forEach((x, i) => x !== 0 && parts.push(`resolveHistogram[${i}] ${x > 0 ? '+' : ''}${x}`));
    else if (k === 'categories') for (const [cat, n] of Object.entries(v as Record<string, number>)) parts.push(`categories.${cat} ${n > 0 ? '+' : ''}${n}`);
    else if (v !== 0) parts.push(`${k} ${(v as number) > 0 ? '+' : ''}${v as number}`);
  }
  return `${parts.join(', ')} (rollups + unfolded deltas − recomputation)`;
};
