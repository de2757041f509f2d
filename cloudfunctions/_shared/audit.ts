import type { ActionId } from '../../domain/authz/policy';
import type { AuditDoc } from '../../domain/org/config';
import type { Clock } from '../../domain/ports/clock';
import type { IdGen } from '../../domain/ports/ids';
import type { Db } from './platform';

/**
 * The audit log of decisions: every successful call of an action below appends one `audit`
 * document (who, when, which action, on what, with which input, with what outcome). Nothing
 * ever updates or removes an audit document: the functions only `add` to the collection
 * (test/integration/audit-log.test.ts checks the sources and the store), and on CloudBase the
 * collection's permission is "仅管理端可读写" so the app cannot reach it at all.
 *
 * Configuration changes, delegations and the half-year review (SELF_AUDITED_DECISIONS) write
 * their entry inside their own transaction, with the document before and after, and are not
 * listed in AUDITED_DECISIONS. The entries below are written by the dispatcher right after the decision has
 * committed; the decision's own record (the order's event, the ledger transaction, the
 * registration's history) is written in the decision's transaction.
 */
export const AUDITED_DECISIONS: Partial<Record<ActionId, { collection: string; label: string }>> = {
  'orders.approve': { collection: 'orders', label: '审批通过' },
  'orders.reject': { collection: 'orders', label: '不予受理' },
  'orders.approveMany': { collection: 'orders', label: '批量审批' },
  'orders.dispatch': { collection: 'orders', label: '改派' },
  'orders.escalate': { collection: 'orders', label: '吹哨上报' },
  'orders.merge': { collection: 'orders', label: '合并为共性诉求' },
  'orders.verify': { collection: 'orders', label: '验收' },
  'checkins.approve': { collection: 'checkin_registrations', label: '双报到审核通过' },
  'checkins.reject': { collection: 'checkin_registrations', label: '双报到驳回' },
  'checkins.suspend': { collection: 'checkin_registrations', label: '暂停报到' },
  'checkins.reinstate': { collection: 'checkin_registrations', label: '恢复报到' },
  'checkins.markMoved': { collection: 'checkin_registrations', label: '标记迁出' },
  'checkins.confirmSession': { collection: 'checkin_sessions', label: '确认服务时长' },
  'checkins.approveRedemption': { collection: 'redemptions', label: '兑换审核通过' },
  'checkins.rejectRedemption': { collection: 'redemptions', label: '兑换驳回' },
  'checkins.adjustPoints': { collection: 'ledger_tx', label: '积分调整' },
  'checkins.setKeeper': { collection: 'stations', label: '站点管理员变更' },
  'scoring.recordVisit': { collection: 'visits', label: '回访结果' },
};

/**
 * Decisions that write their own entry in their own transaction (with the state before and
 * after): listed so the audit test knows every decision is covered one way or the other.
 */
export const SELF_AUDITED_DECISIONS: readonly ActionId[] = ['org.saveRule', 'org.saveSlaPolicy', 'org.delegate', 'org.revokeDelegation', 'scoring.openReview', 'scoring.commentReview'];

/** What the entry names as its target: `<collection>/<id>` of the document decided on. */
export const targetOf = (collection: string, input: Record<string, unknown>, result: Record<string, unknown>): string => {
  const id =
    (collection === 'ledger_tx' ? result.txId : undefined) ??
    input.id ??
    (Array.isArray(input.ids) ? input.ids.join(',') : undefined) ??
    input.reviewId ??
    input.orgId ??
    result.id ??
    '';
  return `${collection}/${String(id).slice(0, 2000)}`;
};

/** The few fields of a result worth keeping (its state after the decision), never the whole view. */
export const outcomeOf = (result: unknown): Record<string, unknown> | null => {
  if (!result || typeof result !== 'object') return null;
  const r = result as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of ['id', 'status', 'version', 'txId', 'amount', 'balance', 'visitId', 'approved', 'failed']) {
    if (r[key] !== undefined && (typeof r[key] !== 'object' || r[key] === null)) out[key] = r[key];
  }
  const order = r.order as Record<string, unknown> | undefined;
  if (order && typeof order === 'object') out.order = { id: order.id, status: order.status, version: order.version };
  return out;
};

/** Appends the entry for a decision that just succeeded (a retry with the same idempotency key appends nothing). */
export const auditDecision = async (
  ctx: { openid: string; db: Db; clock: Clock; ids: IdGen; idempotencyKey?: string },
  action: ActionId,
  input: unknown,
  result: unknown,
): Promise<void> => {
  const spec = AUDITED_DECISIONS[action];
  if (!spec) return;
  const payload = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const outcome = outcomeOf(result);
  const entry: AuditDoc & { label: string } = {
    _id: ctx.idempotencyKey ? ctx.ids.fromKey('aud', `${action}:${ctx.openid}:${ctx.idempotencyKey}`) : ctx.ids.next('aud'),
    at: ctx.clock.now(),
    by: ctx.openid,
    action,
    label: spec.label,
    target: targetOf(spec.collection, payload, outcome ?? {}),
    before: null,
    after: { input: payload, outcome },
  };
  try {
    await ctx.db.collection('audit').add({ data: entry });
  } catch (error) {
    if (/duplicate/i.test(String((error as { errMsg?: string })?.errMsg ?? ''))) return;
    throw error;
  }
};
