import { type Actor, type CheckinsDeps, loadCommunity, notify, peopleWithRole } from '../checkins/deps';
import type { PointsView, RedemptionView, RewardView, StatementLineView } from '../checkins/api';
import type { SessionDoc } from '../checkins/model';
import { notFound } from '../checkins/not-found';
import { creditRefusal, findRegistration, requireActiveRegistration, requireCreditable } from '../checkins/registration';
import { requireSeparate } from '../authz/duties';
import { localMonth } from '../time/beijing';
import { DomainError } from '../model/envelope';
import { type CompletedOrder, pointsForCompletedOrder } from './earning';
import { account, type BalanceDoc, CAUSE_LABELS, InsufficientPoints, type LedgerTxDoc, postTx, transfer } from './ledger';
import { C } from './ports';

/**
 * 以积分换优惠: rewards with a cost and a stock per community; a member's redemption
 * sets the points aside at once (member → hold) and waits for the secretary, whose
 * approval takes one from stock atomically and settles the points to the reward
 * (hold → reward), or whose rejection gives them back (hold → member). Adjustments
 * with a reason and credits for completed orders/wishes go through the same ledger.
 */

export interface RewardDoc {
  _id: string;
  communityId: string;
  name: string;
  description: string;
  sponsor: string;
  cost: number;
  stock: number;
  status: 'active' | 'retired';
  sort: number;
}

export const REDEMPTION_STATES = ['pending', 'approved', 'rejected'] as const;
export type RedemptionState = (typeof REDEMPTION_STATES)[number];
export const REDEMPTION_STATE_LABELS: Record<RedemptionState, string> = { pending: '待审核', approved: '已兑换', rejected: '已驳回' };

export interface RedemptionDoc {
  _id: string;
  rewardId: string;
  rewardName: string;
  communityId: string;
  openid: string;
  name: string;
  cost: number;
  status: RedemptionState;
  reason: string | null;
  requestedAt: number;
  decidedAt: number | null;
  decidedBy: { openid: string; name: string } | null;
}

export const rewardView = (r: RewardDoc, balance: number): RewardView => ({
  id: r._id,
  communityId: r.communityId,
  name: r.name,
  description: r.description,
  sponsor: r.sponsor,
  cost: r.cost,
  stock: r.stock,
  affordable: r.status === 'active' && r.stock > 0 && balance >= r.cost,
});

export const redemptionView = (r: RedemptionDoc, manager: boolean): RedemptionView => ({
  id: r._id,
  rewardId: r.rewardId,
  rewardName: r.rewardName,
  communityId: r.communityId,
  name: r.name,
  cost: r.cost,
  status: r.status,
  statusLabel: REDEMPTION_STATE_LABELS[r.status],
  reason: r.reason,
  requestedAt: r.requestedAt,
  decidedAt: r.decidedAt,
  can: { approve: manager && r.status === 'pending', reject: manager && r.status === 'pending' },
});

export const listRewards = (deps: Pick<CheckinsDeps, 'docs'>, communityId: string): Promise<RewardDoc[]> =>
  deps.docs.find<RewardDoc>(C.rewards, { communityId, status: 'active' }, { orderBy: [['sort', 'asc']], limit: 200 });

const loadReward = async (deps: Pick<CheckinsDeps, 'docs'>, id: string): Promise<RewardDoc> => {
  const reward = await deps.docs.get<RewardDoc>(C.rewards, id);
  if (!reward) throw new DomainError('NOT_FOUND', '奖品不存在');
  return reward;
};

export const loadRedemption = async (deps: Pick<CheckinsDeps, 'docs'>, id: string): Promise<RedemptionDoc> => {
  const r = await deps.docs.get<RedemptionDoc>(C.redemptions, id);
  if (!r) throw notFound();
  return r;
};

const redemptionTx = (r: RedemptionDoc, kind: LedgerTxDoc['kind'], memo: string, at: number, by: { openid: string; name: string }, from: string, to: string): LedgerTxDoc =>
  transfer({ _id: `ltx-${r._id}-${kind}`, at, month: localMonth(at), communityId: r.communityId, kind, memo, cause: { type: 'redemption', id: r._id }, by }, from, to, r.cost);

/** A member asks for a reward: the points are set aside now (never overdrawn), the secretary decides. */
export const redeem = async (deps: CheckinsDeps, actor: Actor, rewardId: string, idempotencyKey?: string): Promise<{ redemption: RedemptionDoc; replayed: boolean }> => {
  const id = idempotencyKey ? deps.ids.fromKey('rdm', `${actor.openid}:${idempotencyKey}`) : deps.ids.next('rdm');
  if (idempotencyKey) {
    const prior = await deps.docs.get<RedemptionDoc>(C.redemptions, id);
    if (prior && prior.openid === actor.openid) return { redemption: prior, replayed: true };
  }
  const reward = await loadReward(deps, rewardId);
  if (reward.status !== 'active') throw new DomainError('FAILED_PRECONDITION', '该奖品已下架');
  const community = await loadCommunity(deps, reward.communityId);
  const reg = await requireActiveRegistration(deps, actor.openid, community);
  if (reward.stock <= 0) throw new DomainError('FAILED_PRECONDITION', '该奖品已兑完');
  const now = deps.clock.now();
  const redemption: RedemptionDoc = {
    _id: id,
    rewardId: reward._id,
    rewardName: reward.name,
    communityId: reward.communityId,
    openid: actor.openid,
    name: reg.name,
    cost: reward.cost,
    status: 'pending',
    reason: null,
    requestedAt: now,
    decidedAt: null,
    decidedBy: null,
  };
  const by = { openid: actor.openid, name: reg.name };
  const result = await deps.docs.transact(async (tx) => {
    const prior = await tx.get<RedemptionDoc>(C.redemptions, id);
    if (prior) return { redemption: prior, replayed: true };
    try {
      await postTx(tx, redemptionTx(redemption, 'redeem_hold', `申请兑换：${reward.name}`, now, by, account.member(actor.openid), account.hold(id)));
    } catch (error) {
      if (error instanceof InsufficientPoints) throw new DomainError('FAILED_PRECONDITION', `积分不足：兑换“${reward.name}”需要 ${reward.cost} 分，您当前有 ${error.balance} 分`, error.details);
      throw error;
    }
    await tx.insert(C.redemptions, redemption as unknown as RedemptionDoc & Record<string, unknown>);
    return { redemption, replayed: false };
  });
  if (!result.replayed) {
    const secretaries = await peopleWithRole(deps, 'secretary', reward.communityId);
    await notify(deps, secretaries.map((to) => ({ to, type: 'redemption', title: '积分兑换待审核', body: `${reg.name}申请兑换“${reward.name}”（${reward.cost} 分）`, orderId: null })));
  }
  return result;
};

/** The secretary approves: stock is taken atomically with the settlement of the held points. */
export const approveRedemption = async (deps: CheckinsDeps, actor: Actor, id: string): Promise<RedemptionDoc> => {
  requireSeparate('decide_redemption', actor.openid, [(await loadRedemption(deps, id)).openid]);
  const now = deps.clock.now();
  const by = { openid: actor.openid, name: actor.name };
  const { doc, changed } = await deps.docs.transact(async (tx) => {
    const r = await tx.get<RedemptionDoc>(C.redemptions, id);
    if (!r) throw notFound();
    if (r.status === 'approved') return { doc: r, changed: false };
    if (r.status !== 'pending') throw new DomainError('FAILED_PRECONDITION', '该申请已驳回');
    const reward = await tx.get<RewardDoc>(C.rewards, r.rewardId);
    if (!reward) throw new DomainError('NOT_FOUND', '奖品不存在');
    if (reward.stock < 1) throw new DomainError('FAILED_PRECONDITION', `“${reward.name}”库存不足，请补充库存或驳回申请`, { stock: reward.stock });
    await tx.update(C.rewards, reward._id, { stock: reward.stock - 1 });
    const patch = { status: 'approved' as const, decidedAt: now, decidedBy: by };
    await tx.update(C.redemptions, id, patch);
    await postTx(tx, redemptionTx(r, 'redeem_settle', `兑换成功：${r.rewardName}`, now, by, account.hold(id), account.reward(r.rewardId)));
    return { doc: { ...r, ...patch }, changed: true };
  });
  if (changed) await notify(deps, [{ to: doc.openid, type: 'redemption', title: '积分兑换已通过', body: `“${doc.rewardName}”请到社区领取`, orderId: null }]);
  return doc;
};

/** The secretary rejects with a reason: the held points go back to the member. */
export const rejectRedemption = async (deps: CheckinsDeps, actor: Actor, id: string, reason: string): Promise<RedemptionDoc> => {
  requireSeparate('decide_redemption', actor.openid, [(await loadRedemption(deps, id)).openid]);
  const now = deps.clock.now();
  const by = { openid: actor.openid, name: actor.name };
  const { doc, changed } = await deps.docs.transact(async (tx) => {
    const r = await tx.get<RedemptionDoc>(C.redemptions, id);
    if (!r) throw notFound();
    if (r.status === 'rejected') return { doc: r, changed: false };
    if (r.status !== 'pending') throw new DomainError('FAILED_PRECONDITION', '该申请已兑换，不能驳回');
    const patch = { status: 'rejected' as const, reason, decidedAt: now, decidedBy: by };
    await tx.update(C.redemptions, id, patch);
    await postTx(tx, redemptionTx(r, 'redeem_refund', `兑换未通过，积分退回：${r.rewardName}`, now, by, account.hold(id), account.member(r.openid)));
    return { doc: { ...r, ...patch }, changed: true };
  });
  if (changed) await notify(deps, [{ to: doc.openid, type: 'redemption', title: '积分兑换未通过', body: `“${doc.rewardName}”：${reason}（积分已退回）`, orderId: null }]);
  return doc;
};

export const listRedemptions = (deps: Pick<CheckinsDeps, 'docs'>, where: { communityId?: string; openid?: string; status?: RedemptionState }, limit: number): Promise<RedemptionDoc[]> =>
  deps.docs.find<RedemptionDoc>(C.redemptions, where, { orderBy: [['requestedAt', 'desc']], limit });

/**
 * A secretary's adjustment with a reason (pool ↔ member); a deduction never overdraws.
 * Never of one's own points; never a credit to a member whose registration is not active.
 * The idempotency key binds its request: a retry with the same one answers the original
 * adjustment and notifies nobody again; with a different member, amount or reason it is
 * CONFLICT and changes nothing.
 */
export const adjustPoints = async (
  deps: CheckinsDeps,
  actor: Actor,
  communityId: string,
  openid: string,
  amount: number,
  reason: string,
  idempotencyKey?: string,
): Promise<LedgerTxDoc> => {
  requireSeparate('adjust_points', actor.openid, [openid]);
  const community = await loadCommunity(deps, communityId);
  const id = idempotencyKey ? deps.ids.fromKey('ltx-adj', `${actor.openid}:${idempotencyKey}`) : deps.ids.next('ltx-adj');
  const memo = `积分调整：${reason}`;
  const pool = account.pool(community._id);
  const member = account.member(openid);
  const same = (prior: LedgerTxDoc) =>
    prior.communityId === community._id && prior.memo === memo && prior.lines.some((l) => l.account === member && l.amount === amount);
  if (idempotencyKey) {
    const prior = await deps.docs.get<LedgerTxDoc>(C.ledgerTx, id);
    if (prior) {
      if (!same(prior)) throw new DomainError('CONFLICT', '该请求已用于另一次积分调整，请刷新后重试', { txId: prior._id });
      return prior;
    }
  }
  const reg = await findRegistration(deps, community._id, openid);
  if (!reg || reg.status === 'pending' || reg.status === 'rejected') throw new DomainError('NOT_FOUND', `该党员未在${community.name}报到`);
  if (amount > 0) requireCreditable(reg);
  const now = deps.clock.now();
  const tx = transfer(
    { _id: id, at: now, month: localMonth(now), communityId: community._id, kind: 'adjust', memo, cause: { type: 'adjustment', id }, by: { openid: actor.openid, name: actor.name } },
    amount > 0 ? pool : member,
    amount > 0 ? member : pool,
    Math.abs(amount),
  );
  const outcome = await deps.docs.transact(async (dtx) => {
    const prior = await dtx.get<LedgerTxDoc>(C.ledgerTx, id);
    if (prior) return { tx: prior, posted: false };
    try {
      await postTx(dtx, tx);
    } catch (error) {
      if (error instanceof InsufficientPoints) throw new DomainError('FAILED_PRECONDITION', `扣减后积分将为负（当前 ${error.balance} 分）`, error.details);
      throw error;
    }
    return { tx, posted: true };
  });
  if (!outcome.posted) {
    if (!same(outcome.tx)) throw new DomainError('CONFLICT', '该请求已用于另一次积分调整，请刷新后重试', { txId: outcome.tx._id });
    return outcome.tx;
  }
  await notify(deps, [{ to: openid, type: 'points', title: '积分调整', body: `${amount > 0 ? '+' : ''}${amount} 分：${reason}`, orderId: null }]);
  return tx;
};

/**
 * Credits the handler of a closed order (a fulfilled 微心愿, an emergency answered) by the
 * earning rules — only when the handler is an active registered volunteer of the order's
 * community (staff do not earn points). Idempotent: one credit per order, ever.
 * Returns null when nothing is credited.
 */
export const creditCompletedOrder = async (
  deps: Pick<CheckinsDeps, 'docs' | 'ids' | 'clock' | 'rules'>,
  order: CompletedOrder & { no?: string; description?: string },
): Promise<{ txId: string; points: number; replayed: boolean } | null> => {
  const points = pointsForCompletedOrder(await deps.rules(), order);
  if (points <= 0 || !order.handlerOpenid) return null;
  // Nobody is credited while their registration there is not active (moved, suspended…): nothing is posted.
  const reg = await findRegistration(deps, order.place.communityId, order.handlerOpenid);
  if (!reg || creditRefusal(reg) !== null) return null;
  const now = deps.clock.now();
  const label = order.kind === 'wish' ? '完成微心愿' : '完成诉求';
  const tx = transfer(
    {
      _id: `ltx-order-${order._id}`,
      at: now,
      month: localMonth(now),
      communityId: order.place.communityId,
      kind: 'earn',
      memo: `${label}${order.description ? `：${order.description.slice(0, 20)}` : order.no ? ` ${order.no}` : ''}`,
      cause: { type: 'order', id: order._id },
      by: { openid: 'system', name: '系统' },
    },
    account.pool(order.place.communityId),
    account.member(order.handlerOpenid),
    points,
  );
  const outcome = await deps.docs.transact((dtx) => postTx(dtx, tx));
  return { txId: tx._id, points, replayed: outcome === 'exists' };
};

const lineView = (tx: LedgerTxDoc, acct: string): StatementLineView => ({
  txId: tx._id,
  at: tx.at,
  amount: tx.lines.filter((l) => l.account === acct).reduce((s, l) => s + l.amount, 0),
  kind: tx.kind,
  memo: tx.memo,
  cause: { ...tx.cause, label: CAUSE_LABELS[tx.cause.type] },
});

/** `checkins.points`: the caller's balance, held points, confirmed hours and statement (newest first). */
export const pointsOf = async (deps: CheckinsDeps, actor: Actor, limit: number, cursor?: string): Promise<PointsView> => {
  const member = account.member(actor.openid);
  const offset = cursor && /^\d{1,6}$/.test(cursor) ? Number(cursor) : 0;
  const [balanceDoc, txs, pending, sessions, recent] = await Promise.all([
    deps.docs.get<BalanceDoc>(C.balances, member),
    deps.docs.find<LedgerTxDoc>(C.ledgerTx, { accounts: member }, { orderBy: [['at', 'desc'], ['_id', 'desc']], limit: limit + 1, offset }),
    listRedemptions(deps, { openid: actor.openid, status: 'pending' }, 100),
    deps.docs.find<SessionDoc>(C.sessions, { openid: actor.openid, credited: true }, { limit: 5000 }),
    listRedemptions(deps, { openid: actor.openid }, 20),
  ]);
  const minutes = sessions.reduce((s, x) => s + x.creditedMinutes, 0);
  return {
    balance: balanceDoc?.balance ?? 0,
    held: pending.reduce((s, r) => s + r.cost, 0),
    hours: Math.round(minutes / 6) / 10,
    minutes,
    lines: txs.slice(0, limit).map((t) => lineView(t, member)),
    nextCursor: txs.length > limit ? String(offset + limit) : null,
    redemptions: recent.map((r) => redemptionView(r, false)),
  };
};

