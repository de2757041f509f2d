import { AUDITED_DECISIONS, outcomeOf, targetOf } from '../../../cloudfunctions/_shared/audit';
import type { ActionId } from '../../../domain/authz/policy';
import type { IdGen } from '../../../domain/ports/ids';
import type { Doc } from '../../store/document-store';
import type { MemDb } from './mem-db';

/**
 * The dispatcher's audit entry for a decision (cloudfunctions/_shared/audit.ts), written the
 * same way after a successful call, with the same target and outcome helpers; the equality
 * test (test/integration/district-seed.test.ts) compares the entries.
 */

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
