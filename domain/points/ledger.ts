import { DomainError } from '../model/envelope';
import { C, type DocTx } from './ports';

/**
 * Points as a double-entry ledger (以服务换积分、以积分换优惠). Every transaction moves
 * points between accounts and its lines sum to zero; a balance is the sum of an
 * account's lines. Accounts:
 *   pool:<communityId>     the community's issuing pool (goes negative as it issues points)
 *   member:<openid>        a volunteer's points — never below zero
 *   hold:<redemptionId>    points set aside for a pending redemption — never below zero
 *   reward:<rewardId>      points spent on a reward (a sink)
 * Member and hold balances are kept as derived documents (`ledger_balances`), written in
 * the same database transaction as the lines that change them, so the no-negative rule
 * is checked against a value that cannot move underneath; pool and reward balances are
 * only ever summed (many volunteers credit one pool at once: no hot document).
 */

export const ACCOUNT_KINDS = ['pool', 'member', 'hold', 'reward'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const account = {
  pool: (communityId: string) => `pool:${communityId}`,
  member: (openid: string) => `member:${openid}`,
  hold: (redemptionId: string) => `hold:${redemptionId}`,
  reward: (rewardId: string) => `reward:${rewardId}`,
};

export const kindOf = (acct: string): AccountKind | undefined => {
  const kind = acct.slice(0, acct.indexOf(':'));
  return (ACCOUNT_KINDS as readonly string[]).includes(kind) && acct.length > kind.length + 1 ? (kind as AccountKind) : undefined;
};

/** Accounts that may never go below zero (and so keep a derived balance document). */
export const isGuarded = (acct: string): boolean => {
  const kind = kindOf(acct);
  return kind === 'member' || kind === 'hold';
};

export const CAUSE_TYPES = ['session', 'order', 'redemption', 'adjustment'] as const;
export type CauseType = (typeof CAUSE_TYPES)[number];

export const CAUSE_LABELS: Record<CauseType, string> = {
  session: '驿站服务',
  order: '完成微心愿/诉求',
  redemption: '积分兑换',
  adjustment: '积分调整',
};

export interface Cause {
  type: CauseType;
  id: string;
}

export interface LedgerLine {
  account: string;
  /** Whole points; positive = credit to the account. */
  amount: number;
  cause: Cause;
}

export const TX_KINDS = ['earn', 'redeem_hold', 'redeem_settle', 'redeem_refund', 'adjust'] as const;
export type TxKind = (typeof TX_KINDS)[number];

export interface LedgerTxDoc {
  _id: string;
  at: number;
  /** Beijing month of `at` ('YYYY-MM'), for monthly reports. */
  month: string;
  communityId: string;
  kind: TxKind;
  /** What the member reads on their statement, e.g. "文汇社区红色驿站服务 180 分钟". */
  memo: string;
  cause: Cause;
  lines: LedgerLine[];
  /** The accounts touched (indexed: "every line of account X" is one query). */
  accounts: string[];
  by: { openid: string; name: string };
}

export interface BalanceDoc {
  _id: string;
  account: string;
  balance: number;
  txCount: number;
  lastTxId: string;
  updatedAt: number;
}

export const MAX_TX_AMOUNT = 1_000_000;

/** The bugs a transaction can have; a use case never builds one of these on purpose. */
export const ledgerTxProblems = (tx: Pick<LedgerTxDoc, 'lines' | 'cause' | 'accounts'>): string[] => {
  const problems: string[] = [];
  if (tx.lines.length < 2) problems.push('a transaction needs at least two lines');
  let sum = 0;
  const seen = new Set<string>();
  for (const line of tx.lines) {
    if (!kindOf(line.account)) problems.push(`unknown account ${line.account}`);
    if (!Number.isSafeInteger(line.amount) || line.amount === 0 || Math.abs(line.amount) > MAX_TX_AMOUNT) {
      problems.push(`bad amount ${line.amount} on ${line.account}`);
    }
    if (seen.has(line.account)) problems.push(`account ${line.account} appears twice`);
    seen.add(line.account);
    if (line.cause.type !== tx.cause.type || line.cause.id !== tx.cause.id) problems.push(`line cause differs from the transaction's`);
    sum += line.amount;
  }
  if (sum !== 0) problems.push(`lines sum to ${sum}, not 0`);
  const accounts = [...seen].sort();
  if (accounts.join('\n') !== [...tx.accounts].sort().join('\n')) problems.push('accounts do not list exactly the lines');
  return problems;
};

/** A transaction moving `amount` from one account to another, both lines citing the cause. */
export const transfer = (
  fields: Omit<LedgerTxDoc, 'lines' | 'accounts'>,
  from: string,
  to: string,
  amount: number,
): LedgerTxDoc => {
  const lines: LedgerLine[] = [
    { account: from, amount: -amount, cause: fields.cause },
    { account: to, amount, cause: fields.cause },
  ];
  return { ...fields, lines, accounts: [from, to] };
};

export class InsufficientPoints extends DomainError {
  constructor(
    readonly acct: string,
    readonly balance: number,
    readonly needed: number,
  ) {
    super('FAILED_PRECONDITION', `积分不足（当前 ${balance} 分，需要 ${needed} 分）`, { account: acct, balance, needed });
  }
}

/**
 * Applies a transaction to the guarded balances it touches; refuses (InsufficientPoints)
 * when any would go below zero. Pure: the balances map is not modified.
 */
export const applyTx = (balances: ReadonlyMap<string, number>, tx: Pick<LedgerTxDoc, 'lines'>): Map<string, number> => {
  const next = new Map(balances);
  for (const line of tx.lines) {
    const before = next.get(line.account) ?? 0;
    const after = before + line.amount;
    if (isGuarded(line.account) && after < 0) throw new InsufficientPoints(line.account, before, -line.amount);
    next.set(line.account, after);
  }
  return next;
};

/**
 * Posts a transaction inside a unit of work: reads the guarded balances it touches,
 * refuses overdrafts, inserts the transaction and writes the new derived balances.
 * The transaction id is the idempotency: posting the same id twice is a no-op ('exists').
 */
export const postTx = async (dtx: DocTx, tx: LedgerTxDoc): Promise<'posted' | 'exists'> => {
  const problems = ledgerTxProblems(tx);
  if (problems.length > 0) throw new Error(`invalid ledger transaction ${tx._id}: ${problems.join('; ')}`);
  if (await dtx.get(C.ledgerTx, tx._id)) return 'exists';
  const guarded = tx.lines.filter((l) => isGuarded(l.account)).map((l) => l.account);
  const docs = new Map<string, BalanceDoc | undefined>();
  for (const acct of guarded) docs.set(acct, await dtx.get<BalanceDoc>(C.balances, acct));
  const after = applyTx(new Map(guarded.map((a) => [a, docs.get(a)?.balance ?? 0])), tx);
  await dtx.insert(C.ledgerTx, tx as unknown as LedgerTxDoc & Record<string, unknown>);
  for (const acct of guarded) {
    const prev = docs.get(acct);
    const doc: BalanceDoc = { _id: acct, account: acct, balance: after.get(acct) ?? 0, txCount: (prev?.txCount ?? 0) + 1, lastTxId: tx._id, updatedAt: tx.at };
    await dtx.put(C.balances, doc as unknown as BalanceDoc & Record<string, unknown>);
  }
  return 'posted';
};

/** The sum of an account's lines over a set of transactions (how any balance is derived). */
export const sumLines = (txs: readonly Pick<LedgerTxDoc, 'lines'>[], acct: string): number =>
  txs.reduce((s, tx) => s + tx.lines.filter((l) => l.account === acct).reduce((a, l) => a + l.amount, 0), 0);
