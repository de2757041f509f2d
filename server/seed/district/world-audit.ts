import { AUDITED_DECISIONS } from '../../../cloudfunctions/_shared/audit';
import type { ActionId } from '../../../domain/authz/policy';
import type { IdGen } from '../../../domain/ports/ids';
import type { Doc } from '../../store/document-store';
import type { MemDb } from './mem-db';

/**
 * The dispatcher's audit entry for a decision (cloudfunctions/_shared/audit.ts), written the
 * same way after a successful call: target `<collection>/<id>`, the input and the few
 * outcome fields of the result view. Kept beside the original; the equality test
 * (test/integration/district-seed.test.ts) fails if the two drift apart.
 */

const targetOf = (collection: string, input: Record<string, unknown>, result: Record<string, unknown>): string => {
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

const outcomeOf = (result: unknown): Record<string, unknown> | null => {
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

export const isAudited = (action: string): boolean => AUDITED_DECISIONS[action as ActionId] !== undefined;

export const writeAudit = (db: MemDb, ids: IdGen, at: number, by: string, action: string, input: unknown, result: unknown): void => {
  const spec = AUDITED_DECISIONS[action as ActionId];
  if (!spec) return;
  const payload = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const outcome = outcomeOf(result);
  db.insert('audit', {
    _id: ids.next('aud'),
    at,
    by,
    action,
    label: spec.label,
    target: targetOf(spec.collection, payload, outcome ?? {}),
    before: null,
    after: { input: payload, outcome },
  } as unknown as Doc);
};
