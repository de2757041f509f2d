import fc from 'fast-check';
import type { RegistrationDoc } from '../../../domain/checkins/model';
import { DomainError } from '../../../domain/model/envelope';
import { DEFAULT_EARNING_RULES, pointsForCompletedOrder, pointsForMinutes, type EarningRule } from '../../../domain/points/earning';
import {
  account,
  applyTx,
  type BalanceDoc,
  InsufficientPoints,
  isGuarded,
  kindOf,
  ledgerTxProblems,
  type LedgerTxDoc,
  postTx,
  sumLines,
  transfer,
} from '../../../domain/points/ledger';
import {
  adjustPoints,
  approveRedemption,
  creditCompletedOrder,
  type RedemptionDoc,
  redeem,
  rejectRedemption,
  type RewardDoc,
} from '../../../domain/points/rewards';
import { fakeCheckinsDeps } from './checkins-fakes';

const NOW = Date.parse('2026-03-02T09:00:00+08:00');
const base = (id: string) => ({ _id: id, at: NOW, month: '2026-03', communityId: 'c-wh', kind: 'adjust' as const, memo: 'x', cause: { type: 'adjustment' as const, id }, by: { openid: 's', name: 's' } });

describe('ledger: transactions and balances', () => {
  it('accounts have a kind; member and hold accounts are guarded', () => {
    expect(kindOf(account.pool('c-wh'))).toBe('pool');
    expect(kindOf(account.member('o1'))).toBe('member');
    expect(kindOf('member:')).toBeUndefined();
    expect(kindOf('bank:1')).toBeUndefined();
    expect([account.member('o'), account.hold('r'), account.pool('c'), account.reward('w')].map(isGuarded)).toEqual([true, true, false, false]);
  });

  it('a transfer is balanced and every line cites the cause; malformed ones are named', () => {
    const tx = transfer(base('t1'), account.pool('c-wh'), account.member('o1'), 30);
    expect(ledgerTxProblems(tx)).toEqual([]);
    expect(tx.lines.map((l) => l.amount)).toEqual([-30, 30]);
    expect(ledgerTxProblems({ ...tx, lines: [tx.lines[0], { ...tx.lines[1], amount: 29 }] })).toContain('lines sum to -1, not 0');
    expect(ledgerTxProblems({ ...tx, lines: [tx.lines[0]] })).toContain('a transaction needs at least two lines');
    expect(ledgerTxProblems(transfer(base('t2'), 'pool:c', 'pool:c', 1))).toContain('account pool:c appears twice');
    expect(ledgerTxProblems(transfer(base('t3'), 'pool:c', 'member:o', 0.5)).length).toBeGreaterThan(0);
    expect(ledgerTxProblems({ ...tx, accounts: ['pool:c-wh'] })).toContain('accounts do not list exactly the lines');
  });

  it('applyTx refuses to overdraw a guarded account and leaves the input untouched', () => {
    const balances = new Map([[account.member('o1'), 20]]);
    expect(() => applyTx(balances, transfer(base('t'), account.member('o1'), account.hold('r1'), 30))).toThrow(InsufficientPoints);
    expect(balances.get(account.member('o1'))).toBe(20);
    const after = applyTx(balances, transfer(base('t'), account.member('o1'), account.hold('r1'), 20));
    expect(after.get(account.member('o1'))).toBe(0);
    expect(after.get(account.hold('r1'))).toBe(20);
    // issuing pools may go negative (points in circulation)
    expect(applyTx(new Map(), transfer(base('t'), account.pool('c'), account.member('o1'), 50)).get(account.pool('c'))).toBe(-50);
  });

  it('postTx is idempotent by transaction id and keeps the derived balance in the same unit of work', async () => {
    const { docs } = fakeCheckinsDeps(NOW);
    const tx = transfer(base('t1'), account.pool('c-wh'), account.member('o1'), 30);
    expect(await docs.transact((d) => postTx(d, tx))).toBe('posted');
    expect(await docs.transact((d) => postTx(d, tx))).toBe('exists');
    expect(docs.all<BalanceDoc>('ledger_balances')).toEqual([expect.objectContaining({ _id: 'member:o1', balance: 30, txCount: 1, lastTxId: 't1' })]);
    await expect(docs.transact((d) => postTx(d, { ...tx, _id: 't2', lines: [tx.lines[0], { ...tx.lines[1], amount: 31 }] }))).rejects.toThrow(/sum to 1/);
    await expect(docs.transact((d) => postTx(d, transfer(base('t3'), account.member('o1'), account.pool('c-wh'), 31)))).rejects.toBeInstanceOf(InsufficientPoints);
    expect(docs.all('ledger_tx')).toHaveLength(1);
  });
});

describe('earning rules are data', () => {
  it('points per whole block of minutes; a community rule overrides the default', () => {
    expect(pointsForMinutes(DEFAULT_EARNING_RULES, 'c-wh', 29)).toBe(0);
    expect(pointsForMinutes(DEFAULT_EARNING_RULES, 'c-wh', 59)).toBe(10);
    expect(pointsForMinutes(DEFAULT_EARNING_RULES, 'c-wh', 180)).toBe(60);
    const rules: EarningRule[] = [...DEFAULT_EARNING_RULES, { _id: 'x', kind: 'service_minutes', communityId: 'c-ms', perMinutes: 60, points: 25, enabled: true, label: '' }];
    expect(pointsForMinutes(rules, 'c-ms', 180)).toBe(75);
    expect(pointsForMinutes(rules, 'c-wh', 180)).toBe(60);
    expect(pointsForMinutes(rules.map((r) => ({ ...r, enabled: false })), 'c-wh', 180)).toBe(0);
  });

  it('pointsForCompletedOrder: by order kind, only for a closed order with a handler', () => {
    const order = { _id: 'o1', kind: 'wish' as const, status: 'closed', handlerOpenid: 'v1', place: { communityId: 'c-wh' } };
    expect(pointsForCompletedOrder(DEFAULT_EARNING_RULES, order)).toBe(20);
    expect(pointsForCompletedOrder(DEFAULT_EARNING_RULES, { ...order, kind: 'service' })).toBe(0);
    expect(pointsForCompletedOrder(DEFAULT_EARNING_RULES, { ...order, status: 'resolved' })).toBe(0);
    expect(pointsForCompletedOrder(DEFAULT_EARNING_RULES, { ...order, handlerOpenid: null })).toBe(0);
  });

  it('creditCompletedOrder credits an active volunteer once per order, nobody else', async () => {
    const { deps, docs } = fakeCheckinsDeps(NOW);
    docs.seed('checkin_registrations', [{ _id: 'reg_c-wh_v1', openid: 'v1', communityId: 'c-wh', status: 'active' }]);
    const order = { _id: 'o1', kind: 'wish' as const, status: 'closed', handlerOpenid: 'v1', place: { communityId: 'c-wh' }, description: '帮独居老人买药' };
    expect(await creditCompletedOrder(deps, order)).toEqual({ txId: 'ltx-order-o1', points: 20, replayed: false });
    expect(await creditCompletedOrder(deps, order)).toEqual({ txId: 'ltx-order-o1', points: 20, replayed: true });
    expect(await creditCompletedOrder(deps, { ...order, _id: 'o2', handlerOpenid: 'grid-worker' })).toBeNull();
    expect(await creditCompletedOrder(deps, { ...order, _id: 'o3', kind: 'service' })).toBeNull();
    expect(docs.all<BalanceDoc>('ledger_balances')).toEqual([expect.objectContaining({ _id: 'member:v1', balance: 20 })]);
    expect(docs.all<LedgerTxDoc>('ledger_tx')[0]).toMatchObject({ memo: '完成微心愿：帮独居老人买药', cause: { type: 'order', id: 'o1' } });
  });
});

describe('property: any sequence of valid operations keeps the ledger balanced and no guarded balance negative', () => {
  const MEMBERS = ['m1', 'm2', 'm3'];
  const REWARDS: RewardDoc[] = [
    { _id: 'r1', communityId: 'c-wh', name: '理发', description: '', sponsor: '', cost: 30, stock: 2, status: 'active', sort: 1 },
    { _id: 'r2', communityId: 'c-wh', name: '购物券', description: '', sponsor: '', cost: 70, stock: 5, status: 'active', sort: 2 },
  ];

  type Op =
    | { op: 'adjust'; member: number; amount: number }
    | { op: 'wish'; member: number }
    | { op: 'redeem'; member: number; reward: number }
    | { op: 'approve'; pick: number }
    | { op: 'reject'; pick: number };

  const opArb: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ op: fc.constant('adjust' as const), member: fc.nat(2), amount: fc.integer({ min: -80, max: 120 }).filter((n) => n !== 0) }),
    fc.record({ op: fc.constant('wish' as const), member: fc.nat(2) }),
    fc.record({ op: fc.constant('redeem' as const), member: fc.nat(2), reward: fc.nat(1) }),
    fc.record({ op: fc.constant('approve' as const), pick: fc.nat(20) }),
    fc.record({ op: fc.constant('reject' as const), pick: fc.nat(20) }),
  );

  it('holds for 150 random histories', async () => {
    const done = { adjust: 0, wish: 0, redeem: 0, approve: 0, reject: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => {
        const { deps, docs, clock } = fakeCheckinsDeps(NOW);
        docs.seed(
          'checkin_registrations',
          MEMBERS.map((m) => ({ _id: `reg_c-wh_${m}`, openid: m, name: m, communityId: 'c-wh', communityName: '文汇社区', status: 'active', workUnit: 'u', partyBranch: 'b', history: [] }) as Partial<RegistrationDoc>),
        );
        docs.seed('rewards', REWARDS);
        const secretary = { openid: 'sec', name: '书记', grants: [{ role: 'secretary' as const, orgId: 'c-wh' }] };
        const actor = (i: number) => ({ openid: MEMBERS[i], name: MEMBERS[i], grants: [{ role: 'volunteer' as const, orgId: 'c-wh' }] });
        let wishes = 0;
        for (const op of ops) {
          clock.advance(1000);
          const redemptions = docs.all<RedemptionDoc>('redemptions').sort((a, b) => a.requestedAt - b.requestedAt);
          try {
            if (op.op === 'adjust') await adjustPoints(deps, secretary, 'c-wh', MEMBERS[op.member], op.amount, '调整');
            if (op.op === 'wish') {
              await creditCompletedOrder(deps, { _id: `w${++wishes}`, kind: 'wish', status: 'closed', handlerOpenid: MEMBERS[op.member], place: { communityId: 'c-wh' } });
            }
            if (op.op === 'redeem') await redeem(deps, actor(op.member), REWARDS[op.reward]._id);
            if (op.op === 'approve' && redemptions.length > 0) await approveRedemption(deps, secretary, redemptions[op.pick % redemptions.length]._id);
            if (op.op === 'reject' && redemptions.length > 0) await rejectRedemption(deps, secretary, redemptions[op.pick % redemptions.length]._id, '不符合条件');
            done[op.op]++;
          } catch (error) {
            done.refused++;
            // refusals (insufficient points, out of stock, already decided) are fine; bugs are not
            if (!(error instanceof DomainError)) throw error;
          }

          const txs = docs.all<LedgerTxDoc>('ledger_tx');
          for (const tx of txs) expect(ledgerTxProblems(tx)).toEqual([]);
          const accounts = new Set(txs.flatMap((t) => t.accounts));
          expect([...accounts].reduce((s, a) => s + sumLines(txs, a), 0)).toBe(0);
          for (const a of accounts) if (isGuarded(a)) expect(sumLines(txs, a)).toBeGreaterThanOrEqual(0);
          for (const b of docs.all<BalanceDoc>('ledger_balances')) expect(b.balance).toBe(sumLines(txs, b.account));
          for (const r of docs.all<RedemptionDoc>('redemptions')) {
            expect(sumLines(txs, account.hold(r._id))).toBe(r.status === 'pending' ? r.cost : 0);
            expect(txs.filter((t) => t.cause.id === r._id).every((t) => t.lines.every((l) => l.cause.type === 'redemption'))).toBe(true);
          }
          for (const reward of REWARDS) {
            const stock = docs.all<RewardDoc>('rewards').find((x) => x._id === reward._id)!.stock;
            const approved = docs.all<RedemptionDoc>('redemptions').filter((r) => r.rewardId === reward._id && r.status === 'approved').length;
            expect(stock).toBeGreaterThanOrEqual(0);
            expect(stock + approved).toBe(reward.stock);
            expect(sumLines(txs, account.reward(reward._id))).toBe(approved * reward.cost);
          }
        }
      }),
      { numRuns: 150 },
    );
    // the histories really exercised every operation, refusals included
    for (const n of Object.values(done)) expect(n).toBeGreaterThan(0);
  });
});
