/**
 * 回访: the caller's return-visit tasks and recording their outcome (`scoring` function).
 * Types only from the domain, so nothing from the server side enters the app bundle.
 */
import type { Envelope } from '@domain/model/envelope'
import type { OrderView } from '@domain/orders/api'
import type { VisitTaskView } from '@domain/scoring/visit-view'
import type { VisitOutcome } from '@domain/scoring/follow-up'
import { call } from './cloud'

export type { VisitTaskView, VisitOutcome }

/** Open tasks (todo), or only those past their 14 days (overdue). */
export function visits(box: 'todo' | 'overdue'): Promise<Envelope<VisitTaskView[]>> {
  return call<VisitTaskView[]>('scoring', 'visits', { box })
}

export interface RecordVisitInput {
  id: string
  outcome: VisitOutcome
  method: 'phone' | 'door'
  note: string
}

/** 回访结果; 不满意 reopens the order (and moves it up the ladder). */
export function recordVisit(input: RecordVisitInput, idempotencyKey: string): Promise<Envelope<{ visitId: string; order: OrderView }>> {
  return call<{ visitId: string; order: OrderView }>('scoring', 'recordVisit', input, { idempotencyKey })
}
