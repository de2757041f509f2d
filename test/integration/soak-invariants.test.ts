import { checkSoakStore, emptyAcks, type SoakAcks, type StoreReader, type ViolationKind, VIOLATION_KINDS } from '../../bench/soak-invariants';
import { fixtures, dataOf } from '../helpers/fixtures';
import { startTestHost, type TestHost } from '../helpers/test-host';

/**
 * The soak's checker (bench/soak-invariants.ts) must not pass silently: a store made by the real
 * functions checks clean, and one planted violation of each kind is reported as that kind.
 */
type Doc = { _id: string } & Record<string, unknown>;
type Snapshot = Map<string, Doc[]>;

const COLLECTIONS = ['orders', 'order_events', 'ledger_tx', 'ledger_balances', 'score_rollups', 'score_deltas', 'checkin_registrations', 'checkin_sessions', 'redemptions'];

describe('soak invariant checker', () => {
  let host: TestHost;
  let base: Snapshot;
  const acks: SoakAcks = emptyAcks();
  const ids = { closed: '', claimed: '', dispatched: '', adjustTx: '', member: '', redemption: '' };

  beforeAll(async () => {
    host = startTestHost();
    const fx = fixtures(host);
    let k = 0;
    const write = async <T>(fn: 'orders' | 'checkins', action: string, payload: unknown, openid: string): Promise<T> =>
      dataOf<T>(await fx.invoke<T>(fn, action, payload, openid, `soak-check-${++k}`), `${fn}.${action}`);
    const ackOrder = (o: { id: string; version: number; status: string }) => {
      acks.orders[o.id] = { version: o.version, status: o.status };
      return o;
    };
    type View = { id: string; version: number; status: string };

    // One order through the whole loop, one held by its handler, one waiting.
    const closed = ackOrder(await fx.order('demo-resident'));
    ackOrder(await write<View>('orders', 'claim', { id: closed.id, version: closed.version }, 'demo-grid-worker'));
    ackOrder(await write<View>('orders', 'resolve', { id: closed.id, note: '已更换灯泡' }, 'demo-grid-worker'));
    ids.closed = ackOrder(await write<View>('orders', 'rate', { id: closed.id, stars: 5 }, 'demo-resident')).id;
    const claimed = ackOrder(await fx.order('demo-resident'));
    ids.claimed = ackOrder(await write<View>('orders', 'claim', { id: claimed.id, version: claimed.version }, 'demo-grid-worker')).id;
    ids.dispatched = ackOrder(await fx.order('demo-resident')).id;

    // Points: an adjustment to a member, a redemption the secretary approves.
    const member = await fx.activeMember();
    ids.member = member.openid;
    const adjust = await write<{ txId: string }>('checkins', 'adjustPoints', { communityId: 'c-wh', openid: member.openid, amount: 100, reason: '参加社区活动' }, 'demo-secretary');
    acks.ledgerTx.push((ids.adjustTx = adjust.txId));
    const redeemed = await write<{ redemption: { id: string; status: string } }>('checkins', 'redeem', { rewardId: 'rw-wh-haircut' }, member.openid);
    const approved = await write<{ id: string; status: string }>('checkins', 'approveRedemption', { id: redeemed.redemption.id }, 'demo-secretary');
    acks.redemptions[(ids.redemption = approved.id)] = approved.status;

    await host.trigger('sweep');
    base = new Map(COLLECTIONS.map((c) => [c, host.store.all(c)]));
  }, 60_000);
  afterAll(() => host.destroy());

  /** A deep copy of the store to plant in, and a reader over it. */
  const copy = (): { snap: Snapshot; reader: StoreReader } => {
    const snap: Snapshot = new Map([...base].map(([c, docs]) => [c, structuredClone(docs)]));
    return { snap, reader: { all: (c) => snap.get(c) ?? [] } };
  };
  const docs = (snap: Snapshot, c: string) => snap.get(c) ?? [];
  const one = (snap: Snapshot, c: string, id: string): Doc => {
    const d = docs(snap, c).find((x) => x._id === id);
    if (!d) throw new Error(`no ${c} ${id} in the snapshot`);
    return d;
  };
  const eventsOf = (snap: Snapshot, orderId: string) => docs(snap, 'order_events').filter((e) => e.orderId === orderId).sort((a, b) => Number(a.seq) - Number(b.seq));
  const remove = (snap: Snapshot, c: string, pred: (d: Doc) => boolean): void => void snap.set(c, docs(snap, c).filter((d) => !pred(d)));
  const kinds = (reader: StoreReader, a: SoakAcks = acks) => checkSoakStore(reader, a).violations.map((v) => v.kind);

  it('finds nothing wrong in a store the functions made', () => {
    const { reader } = copy();
    const result = checkSoakStore(reader, acks);
    expect(result.violations).toEqual([]);
    expect(result.counts.orders).toBe(3);
    expect(result.counts.ledgerTx).toBeGreaterThanOrEqual(3);
    expect(result.counts.rollupKeys).toBeGreaterThan(0);
    expect(result.counts.ackedChecked).toBe(5);
  });

  const plants: [ViolationKind, (snap: Snapshot) => SoakAcks | void][] = [
    ['lost-write', (s) => remove(s, 'orders', (o) => o._id === ids.closed)],
    ['version-regressed', (s) => {
      const o = one(s, 'orders', ids.closed);
      remove(s, 'order_events', (e) => e.orderId === ids.closed && e.seq === o.version);
      o.version = Number(o.version) - 1;
      o.status = 'resolved';
    }],
    ['ack-not-in-history', () => ({ ...acks, orders: { ...acks.orders, [ids.claimed]: { version: acks.orders[ids.claimed].version, status: 'in_progress' } } })],
    ['unknown-status', (s) => void (one(s, 'orders', ids.dispatched).status = 'lost')],
    ['event-seq', (s) => remove(s, 'order_events', (e) => e.orderId === ids.closed && e.seq === 2)],
    ['event-chain', (s) => void (eventsOf(s, ids.closed)[2].from = 'submitted')],
    ['status-vs-events', (s) => void (one(s, 'orders', ids.dispatched).status = 'claimed')],
    ['illegal-transition', (s) => {
      const route = eventsOf(s, ids.dispatched).at(-1) as Doc;
      route.to = 'closed';
      one(s, 'orders', ids.dispatched).status = 'closed';
    }],
    ['state-fields', (s) => void (one(s, 'orders', ids.claimed).handlerOpenid = null)],
    ['orphan-event', (s) => void docs(s, 'order_events').push({ ...structuredClone(eventsOf(s, ids.closed)[0]), _id: 'ord_gone-e001', orderId: 'ord_gone' })],
    ['ledger-not-zero-sum', (s) => {
      const lines = one(s, 'ledger_tx', ids.adjustTx).lines as { amount: number }[];
      lines[0].amount -= 1;
    }],
    ['ledger-malformed', (s) => {
      const tx = one(s, 'ledger_tx', ids.adjustTx);
      tx.accounts = (tx.accounts as string[]).slice(0, 1);
    }],
    ['balance-vs-lines', (s) => void ((one(s, 'ledger_balances', `member:${ids.member}`).balance as number) += 1)],
    ['negative-balance', (s) => {
      // A transaction that overdraws the member, with the balance document following it (so only the sign is wrong).
      const tx = structuredClone(one(s, 'ledger_tx', ids.adjustTx)) as Doc & { lines: { account: string; amount: number }[] };
      tx._id = 'ltx-planted-overdraw';
      for (const l of tx.lines) l.amount = l.account.startsWith('member:') ? -1000 : 1000;
      docs(s, 'ledger_tx').push(tx);
      const b = one(s, 'ledger_balances', `member:${ids.member}`);
      b.balance = Number(b.balance) - 1000;
      b.txCount = Number(b.txCount) + 1;
    }],
    ['status-regressed', (s) => void (one(s, 'redemptions', ids.redemption).status = 'pending')],
    ['rollup-mismatch', (s) => {
      const rollup = docs(s, 'score_rollups')[0] as Doc & { counters: { submitted: number } };
      rollup.counters.submitted += 1;
    }],
  ];

  it('has a planted case for every kind it reports', () => {
    expect(new Set(plants.map(([kind]) => kind))).toEqual(new Set(VIOLATION_KINDS));
  });

  it.each(plants)('reports a planted %s', (kind, plant) => {
    const { snap, reader } = copy();
    const plantedAcks = plant(snap) ?? acks;
    expect(kinds(reader, plantedAcks)).toContain(kind);
  });

  it('reports an acknowledged ledger transaction that is gone', () => {
    const { snap, reader } = copy();
    remove(snap, 'ledger_tx', (t) => t._id === ids.adjustTx);
    const messages = checkSoakStore(reader, acks).violations.filter((v) => v.kind === 'lost-write').map((v) => v.message);
    expect(messages.join('\n')).toContain(ids.adjustTx);
  });
});
