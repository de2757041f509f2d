/** 委托 through the `org` function: a community's delegations, delegate, revoke. */
import type { Envelope } from '@domain/model/envelope'
import type { DelegationDoc, DelegationsView, DelegationView } from '@domain/org/delegation'
import { call } from './cloud'

export type { DelegationsView, DelegationView, DeputyCandidateView } from '@domain/org/delegation'

export interface DelegateInput {
  communityId: string
  deputyOpenid: string
  from: number
  to: number
  reason: string
}

/** The community's delegations (newest first) and, for its secretary, the staff who may be chosen. */
export function delegations(communityId: string): Promise<Envelope<DelegationsView>> {
  return call<DelegationsView>('org', 'delegations', { communityId })
}

/** Hands the secretary's duties to a deputy of the same community for a date range. */
export function delegate(input: DelegateInput, idempotencyKey: string): Promise<Envelope<DelegationDoc>> {
  return call<DelegationDoc>('org', 'delegate', input, { idempotencyKey })
}

/** Ends a delegation now (cannot be undone; a new delegation is needed to hand the duties over again). */
export function revokeDelegation(id: string, idempotencyKey: string): Promise<Envelope<DelegationView>> {
  return call<DelegationView>('org', 'revokeDelegation', { id }, { idempotencyKey })
}
