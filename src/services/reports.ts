/**
 * Typed helpers for the `scoring` function's evidence, exports and 半年一评议.
 * Types only from the domain, so nothing from the server side enters the app bundle.
 */
import type { Envelope } from '@domain/model/envelope'
import type { OrderSummaryView } from '@domain/orders/api'
import type { EvidenceMetric, EvidenceView } from '@domain/scoring/evidence'
import type { ExportKind, ExportPageView } from '@domain/scoring/exports'
import type { ReviewDoc, ReviewFileView, ReviewView } from '@domain/scoring/review'
import { call } from './cloud'

export type { EvidenceMetric, ExportKind, ExportPageView, ReviewFileView, ReviewView }
export type { ReviewRowView } from '@domain/scoring/review'
export type OrderEvidence = EvidenceView<OrderSummaryView>
export type ReviewSummary = Pick<ReviewDoc, '_id' | 'districtId' | 'year' | 'half' | 'label' | 'from' | 'to' | 'openedAt' | 'openedByName'>

const FN = 'scoring'

export interface PeriodInput {
  orgId: string
  /** YYYY-MM-DD Beijing days; default this month up to today. */
  from?: string
  to?: string
}

/** The orders behind one number (a page; pass nextCursor back for more). */
export function evidence(input: PeriodInput & { metric: EvidenceMetric; cursor?: string }): Promise<Envelope<OrderEvidence>> {
  return call<OrderEvidence>(FN, 'evidence', input)
}

/** One page of an export; the first carries `total`. */
export function exportPage(input: PeriodInput & { kind: ExportKind; cursor?: string }): Promise<Envelope<ExportPageView>> {
  return call<ExportPageView>(FN, 'export', input)
}

export function reviews(orgId: string): Promise<Envelope<{ items: ReviewSummary[] }>> {
  return call<{ items: ReviewSummary[] }>(FN, 'reviews', { orgId })
}

export function review(id: string, orgId: string): Promise<Envelope<ReviewView>> {
  return call<ReviewView>(FN, 'review', { id, orgId })
}

export function reviewFile(id: string, orgId: string, format: 'csv' | 'xlsx'): Promise<Envelope<ReviewFileView>> {
  return call<ReviewFileView>(FN, 'reviewFile', { id, orgId, format })
}

/** 开展评议 (district admin): freezes a half-year that has ended. */
export function openReview(orgId: string, year: number, half: 1 | 2, idempotencyKey: string): Promise<Envelope<ReviewView>> {
  return call<ReviewView>(FN, 'openReview', { orgId, year, half }, { idempotencyKey })
}

/** 街道评语 on one community's row. */
export function commentReview(id: string, communityId: string, text: string, idempotencyKey: string): Promise<Envelope<{ communityId: string; comment: { text: string; byName: string; at: number } }>> {
  return call(FN, 'commentReview', { id, communityId, text }, { idempotencyKey })
}
