/**
 * Typed helpers for the `scoring` function's dashboards (contract: domain/scoring/dashboard-view.ts).
 * Types only from the domain, so nothing from the server side enters the app bundle.
 */
import type { Envelope } from '@domain/model/envelope'
import type { DashboardView } from '@domain/scoring/dashboard-view'
import { call } from './cloud'

export type { CategoryShare, DashboardRow, DashboardView, HeatRow, TrendPoint } from '@domain/scoring/dashboard-view'

const FN = 'scoring'

export interface DashboardInput {
  orgId: string
  /** YYYY-MM-DD, Beijing days; both default to this month up to today. */
  from?: string
  to?: string
}

/** A node's dashboard: its numbers, its children side by side, weekly trend, top categories, 超时 heat list. */
export function dashboard(input: DashboardInput): Promise<Envelope<DashboardView>> {
  return call<DashboardView>(FN, 'dashboard', input)
}
