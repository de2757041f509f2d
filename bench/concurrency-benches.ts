/**
 * P8 (issue 8): concurrency of idempotent submits and of the points ledger, through the real
 * function bundles and the real wx-server-sdk on the host. The same routines run with reduced
 * counts in test/integration/concurrency.test.ts; `npm run bench -- p8-concurrency` runs the
 * full counts and prints the JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BalanceDoc, LedgerTxDoc } from '../domain/points/ledger';
import { isGuarded, sumLines } from '../domain/points/ledger';
import { createHost, type Host } from '../server/host';
import { activeVolunteerWrites, autoClosedSession } from '../server/seed/checkins-demo';
import type { Doc } from '../server/store/document-store';

type Line = Record<string, unknown>;
type Envelope = { ok: boolean; data?: any; error?: { code: string; message: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any -- bench reads loosely typed envelopes

const FIXED_NOW = Date.parse('2026-03-02T09:00:00+08:00');
const round = (x: number) => Number(x.toFixed(3));

export interface SubmitBurst {
  calls: number;
  keys: number;
  ok: number;
  replayed: number;
  refused: Record<string, number>;
  orders: number;
  events: number;
  /** Orders whose events are not exactly one submit and one route. */
  malformed: number;
  totalMs: number;
}

/**
 * `calls` submits fired at once, `keys` distinct idempotency keys: each key belongs to one
 * resident (a phone retrying), fired calls/keys times. Exactly `keys` orders must exist after.
 */
export const submitBurst = async (host: Host, calls: number, keys: number): Promise<SubmitBurst> => {
  const before = host.store.size('orders');
  // The residents scan their building's door QR (three buildings of 文汇社区).
  const scenes = await Promise.all(
    ['b-wh-1-1', 'b-wh-2-1', 'b-wh-3-1'].map(async (orgId) => ((await host.invoke('org', { action: 'qrcode', payload: { orgId } }, 'demo-secretary')) as Envelope).data.scene as string),
  );
  const owner = (k: number) => `burst-resident-${String(k).padStart(4, '0')}`;
  const t0 = performance.now();
  const results = (await Promise.all(
    Array.from({ length: calls }, (_, i) => {
      const k = i % keys;
      return host.invoke(
        'orders',
        { action: 'submit', idempotencyKey: `burst-key-${String(k).padStart(6, '0')}`, payload: { scene: scenes[k % 3], category: 'repair', description: `并发提交测试第${k}号：楼道灯坏了` } },
        owner(k),
      );
    }),
  )) as Envelope[];
  const totalMs = performance.now() - t0;
  const refused: Record<string, number> = {};
  for (const r of results) if (!r.ok) refused[r.error?.code ?? '?'] = (refused[r.error?.code ?? '?'] ?? 0) + 1;
  const mine = host.store.all('orders').filter((o) => String(o.filedBy ?? '').startsWith('burst-resident-'));
  let events = 0;
  let malformed = 0;
  for (const o of mine) {
    const evs = host.store.find('order_events', { orderId: o._id });
    events += evs.length;
    const count = (type: string) => evs.filter((e) => e.type === type).length;
    if (count('submit') !== 1 || count('route') !== 1 || evs.length !== 2) malformed++;
  }
  return {
    calls,
    keys,
    ok: results.filter((r) => r.ok).length,
    replayed: results.filter((r) => r.ok && r.data?.replayed === true).length,
    refused,
    orders: host.store.size('orders') - before,
    events,
    malformed,
    totalMs: round(totalMs),
  };
};

export interface LedgerBurst {
  operations: number;
  ok: Record<string, number>;
  refused: Record<string, number>;
  /** Every transaction's lines sum to zero, and so do all lines together. */
  zeroSum: boolean;
  /** Every guarded balance document equals the sum of its account's lines. */
  balancesMatchLines: boolean;
  negativeBalances: number;
  /** The member's final balance equals the start plus what the accepted operations moved. */
  memberBalanceExplained: boolean;
  finalBalance: number;
  totalMs: number;
}

/**
 * One member, many concurrent ledger operations at once: redemptions (hold 60), the secretary's
 * adjustments (+10 / −30), earned service minutes (confirmations of auto-closed sessions, +points),
 * and the secretary deciding the held redemptions (approve / reject, each twice at once).
 */
export const ledgerBurst = async (host: Host, perKind: number): Promise<LedgerBurst> => {
  const member = `ledger-member-${Math.random().toString(36).slice(2, 8)}`;
  host.store.commit(activeVolunteerWrites([member], FIXED_NOW));
  const balanceOf = () => (host.store.get('ledger_balances', `member:${member}`) as unknown as BalanceDoc | undefined)?.balance ?? 0;
  const seed = (await host.invoke('checkins', { action: 'adjustPoints', idempotencyKey: `ledger-seed-${member}`, payload: { communityId: 'c-wh', openid: member, amount: 300, reason: '初始积分' } }, 'demo-secretary')) as Envelope;
  if (!seed.ok) throw new Error(`seed: ${JSON.stringify(seed.error)}`);
  const start = balanceOf();
  // Auto-closed sessions to confirm (+points each): written as the sweep leaves them.
  const sessions = Array.from({ length: perKind }, (_, i) => ({
    collection: 'checkin_sessions',
    id: `ses-ledger-${member}-${i}`,
    doc: autoClosedSession({
      id: `ses-ledger-${member}-${i}`,
      openid: member,
      registrationId: `reg_c-wh_${member}`,
      checkInAt: FIXED_NOW - 2 * 86_400_000 - i * 60_000,
      closedAt: FIXED_NOW - 86_400_000,
      minutes: 600,
    }) as unknown as Doc,
  }));
  host.store.commit(sessions);
  const ops: { kind: string; run: () => Promise<unknown> }[] = [];
  for (let i = 0; i < perKind; i++) {
    ops.push({ kind: 'redeem', run: () => host.invoke('checkins', { action: 'redeem', idempotencyKey: `ledger-redeem-${member}-${i}`, payload: { rewardId: 'rw-wh-haircut' } }, member) });
    ops.push({ kind: 'adjust+', run: () => host.invoke('checkins', { action: 'adjustPoints', idempotencyKey: `ledger-plus-${member}-${i}`, payload: { communityId: 'c-wh', openid: member, amount: 10, reason: '加分' } }, 'demo-secretary') });
    ops.push({ kind: 'adjust-', run: () => host.invoke('checkins', { action: 'adjustPoints', idempotencyKey: `ledger-minus-${member}-${i}`, payload: { communityId: 'c-wh', openid: member, amount: -30, reason: '扣分' } }, 'demo-secretary') });
    ops.push({ kind: 'earn', run: () => host.invoke('checkins', { action: 'confirmSession', payload: { id: `ses-ledger-${member}-${i}`, minutes: 60 } }, 'demo-secretary') });
  }
  const t0 = performance.now();
  const results = (await Promise.all(ops.map((o) => o.run()))) as Envelope[];
  // Then the held redemptions are decided, each by two clicks at once.
  const held = host.store.find('redemptions', { openid: member, status: 'pending' });
  const decisions = held.flatMap((r, i) => {
    const action = i % 2 === 0 ? 'approveRedemption' : 'rejectRedemption';
    const payload = action === 'approveRedemption' ? { id: r._id } : { id: r._id, reason: '库存调整' };
    return [0, 1].map(() => ({ kind: action, run: () => host.invoke('checkins', { action, payload }, 'demo-secretary') }));
  });
  const decided = (await Promise.all(decisions.map((d) => d.run()))) as Envelope[];
  const totalMs = performance.now() - t0;

  const ok: Record<string, number> = {};
  const refused: Record<string, number> = {};
  [...ops, ...decisions].forEach((op, i) => {
    const r = [...results, ...decided][i];
    if (r.ok) ok[op.kind] = (ok[op.kind] ?? 0) + 1;
    else refused[`${op.kind}:${r.error?.code}`] = (refused[`${op.kind}:${r.error?.code}`] ?? 0) + 1;
  });

  const txs = host.store.all('ledger_tx') as unknown as LedgerTxDoc[];
  const zeroSum = txs.every((tx) => tx.lines.reduce((s, l) => s + l.amount, 0) === 0) && txs.reduce((s, tx) => s + tx.lines.reduce((a, l) => a + l.amount, 0), 0) === 0;
  const balances = host.store.all('ledger_balances') as unknown as BalanceDoc[];
  const balancesMatchLines = balances.every((b) => isGuarded(b.account) && b.balance === sumLines(txs, b.account));
  const negativeBalances = balances.filter((b) => b.balance < 0).length;
  // What the accepted operations moved on the member's account: −60 per hold, +60 back per refund, ±adjustments, + earned points.
  const earned = results.filter((r, i) => ops[i].kind === 'earn' && r.ok).reduce((s, r) => s + Number(r.data?.points ?? 0), 0);
  const refunds = new Set(held.filter((r) => (host.store.get('redemptions', r._id) as { status?: string } | undefined)?.status === 'rejected').map((r) => r._id)).size;
  const expected = start - 60 * (ok.redeem ?? 0) + 60 * refunds + 10 * (ok['adjust+'] ?? 0) - 30 * (ok['adjust-'] ?? 0) + earned;
  const finalBalance = balanceOf();
  return {
    operations: ops.length + decisions.length,
    ok,
    refused,
    zeroSum,
    balancesMatchLines,
    negativeBalances,
    memberBalanceExplained: finalBalance === expected && finalBalance === sumLines(txs, `member:${member}`),
    finalBalance,
    totalMs: round(totalMs),
  };
};

const freshHost = (functionsDir: string): { host: Host; dir: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'redgrid-bench-'));
  return { host: createHost({ dataDir: dir, functionsDir, dev: true, seed: 'demo', clockStartMs: FIXED_NOW, sweepEveryMs: 0 }), dir };
};

/** P8: 1,000 concurrent submits with 100 keys → exactly 100 orders; 400 concurrent ledger operations keep the ledger whole. */
export const p8Concurrency = async (functionsDir: string, calls = 1000, keys = 100, ledgerPerKind = 100): Promise<Line[]> => {
  const { host, dir } = freshHost(functionsDir);
  try {
    const submits = await submitBurst(host, calls, keys);
    const ledger = await ledgerBurst(host, ledgerPerKind);
    return [
      {
        bench: 'p8-concurrency',
        item: 'submits',
        value: submits.orders,
        unit: 'count',
        goal: `${calls} concurrent submits with ${keys} idempotency keys → exactly ${keys} orders, each with its events once`,
        pass: submits.orders === keys && submits.ok === calls && submits.replayed === calls - keys && submits.malformed === 0,
        ...submits,
      },
      {
        bench: 'p8-concurrency',
        item: 'ledger',
        value: ledger.negativeBalances,
        unit: 'count',
        goal: `${ledger.operations} concurrent ledger operations on one member: zero-sum, balances = lines, none negative`,
        pass: ledger.zeroSum && ledger.balancesMatchLines && ledger.negativeBalances === 0 && ledger.memberBalanceExplained && !Object.keys(ledger.refused).some((k) => k.endsWith(':INTERNAL')),
        ...ledger,
      },
    ];
  } finally {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
