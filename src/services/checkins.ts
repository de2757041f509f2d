/**
 * Typed helpers for the `checkins` cloud function (contract: domain/checkins/api.ts):
 * 双报到, stations and rotas, on-site 签到/签退, points and rewards, and the
 * secretary's decisions and reports. Payload types come from the zod schemas as
 * `import type` only, so zod never enters the app bundle. Every mutation carries an
 * idempotency key: pass the same key again when the person retries the same tap.
 */
import type { Envelope } from '@domain/model/envelope'
import type {
  CheckInInput,
  CheckInResult,
  CheckOutInput,
  CheckOutResult,
  CsvFileView,
  DutyView,
  KeepersView,
  KeeperView,
  LocationInput,
  MeView,
  MonthlyReportView,
  PointsView,
  RedemptionView,
  RegisterInput,
  RegistrationView,
  RewardView,
  SessionView,
  ShiftView,
  StationTokenView,
  StationView,
} from '@domain/checkins/api'
import type { RegistrationState, SessionState } from '@domain/checkins/model'
import { call } from './cloud'

export type {
  CheckInInput,
  CheckInResult,
  CheckOutInput,
  CheckOutResult,
  KeepersView,
  KeeperView,
  CsvFileView,
  DutyView,
  LocationInput,
  MeView,
  MonthlyReportView,
  PointsView,
  RedemptionView,
  RegisterInput,
  RegistrationView,
  RewardView,
  SessionView,
  ShiftView,
  StationTokenView,
  StationView,
}
export type { DutyDayView, MonthlyReportMember, StatementLineView } from '@domain/checkins/api'

const FN = 'checkins'

export interface RedeemResult {
  redemption: RedemptionView
  replayed: boolean
  balance: number
}

// ── the member ──────────────────────────────────────────────────────────────

/** My registration, this month against the target, next shift, open session, balance. */
export function me(): Promise<Envelope<MeView>> {
  return call<MeView>(FN, 'me', {})
}

/** 双报到: submit (or re-submit / move to another community). */
export function register(input: RegisterInput, key: string): Promise<Envelope<RegistrationView>> {
  return call<RegistrationView>(FN, 'register', input, { idempotencyKey: key })
}

// ── stations and rotas ─────────────────────────────────────────────────────

/** Red stations (of one community, or all) with fence and opening hours. */
export function stations(communityId?: string): Promise<Envelope<StationView[]>> {
  return call<StationView[]>(FN, 'stations', communityId ? { communityId } : {})
}

/** Shifts of a station from `from` (Beijing date, default today) for `days` days. */
export function shifts(input: { stationId: string; from?: string; days?: number }): Promise<Envelope<ShiftView[]>> {
  return call<ShiftView[]>(FN, 'shifts', input)
}

export function signUp(shiftId: string, key: string): Promise<Envelope<ShiftView>> {
  return call<ShiftView>(FN, 'signUp', { shiftId }, { idempotencyKey: key })
}

export function cancelSignUp(shiftId: string, key: string): Promise<Envelope<ShiftView>> {
  return call<ShiftView>(FN, 'cancelSignUp', { shiftId }, { idempotencyKey: key })
}

/** The week of duty with its gaps (secretary). `weekOf` is any date of the week. */
export function duty(stationId: string, weekOf: string): Promise<Envelope<DutyView>> {
  return call<DutyView>(FN, 'duty', { stationId, weekOf })
}

/** The duty screen's rotating token and its QR (the secretary, or a station keeper she named). */
export function stationToken(stationId: string): Promise<Envelope<StationTokenView>> {
  return call<StationTokenView>(FN, 'stationToken', { stationId })
}

// ── 签到 / 签退 ─────────────────────────────────────────────────────────────

export function checkIn(input: CheckInInput, key: string): Promise<Envelope<CheckInResult>> {
  return call<CheckInResult>(FN, 'checkIn', input, { idempotencyKey: key })
}

/** 签退, with where the phone is (weapp) or `client: 'h5'` (a browser's location is not trusted). */
export function checkOut(key: string, input: CheckOutInput = {}): Promise<Envelope<CheckOutResult>> {
  return call<CheckOutResult>(FN, 'checkOut', input, { idempotencyKey: key })
}

// ── points ──────────────────────────────────────────────────────────────────

/** Balance, hours, statement lines (newest first, cursor-paged) and my redemptions. */
export function points(input: { limit?: number; cursor?: string } = {}): Promise<Envelope<PointsView>> {
  return call<PointsView>(FN, 'points', input)
}

/** Rewards of my community (or the one named) and whether I can afford each. */
export function rewards(communityId?: string): Promise<Envelope<RewardView[]>> {
  return call<RewardView[]>(FN, 'rewards', communityId ? { communityId } : {})
}

/** Ask for a reward: the points are held at once; the secretary approves. */
export function redeem(rewardId: string, key: string): Promise<Envelope<RedeemResult>> {
  return call<RedeemResult>(FN, 'redeem', { rewardId }, { idempotencyKey: key })
}

// ── the secretary ───────────────────────────────────────────────────────────

export function registrations(input: { communityId?: string; status?: RegistrationState; limit?: number } = {}): Promise<Envelope<RegistrationView[]>> {
  return call<RegistrationView[]>(FN, 'registrations', input)
}

export function approve(id: string, key: string): Promise<Envelope<RegistrationView>> {
  return call<RegistrationView>(FN, 'approve', { id }, { idempotencyKey: key })
}

export function reject(id: string, reason: string, key: string): Promise<Envelope<RegistrationView>> {
  return call<RegistrationView>(FN, 'reject', { id, reason }, { idempotencyKey: key })
}

export function sessions(input: { communityId?: string; status?: SessionState; limit?: number } = {}): Promise<Envelope<SessionView[]>> {
  return call<SessionView[]>(FN, 'sessions', input)
}

/** Name an approved member (by registration) keeper of a station: they may open its duty screen. */
export function grantKeeper(stationId: string, registrationId: string, key: string): Promise<Envelope<KeepersView>> {
  return call<KeepersView>(FN, 'grantKeeper', { stationId, registrationId }, { idempotencyKey: key })
}

export function revokeKeeper(stationId: string, keeperId: string, key: string): Promise<Envelope<KeepersView>> {
  return call<KeepersView>(FN, 'revokeKeeper', { stationId, keeperId }, { idempotencyKey: key })
}

/** Credit an auto-closed or unverified session with `minutes` (0 = not credited). */
export function confirmSession(id: string, minutes: number, key: string): Promise<Envelope<SessionView>> {
  return call<SessionView>(FN, 'confirmSession', { id, minutes }, { idempotencyKey: key })
}

export function redemptions(input: { communityId?: string; status?: 'pending' | 'approved' | 'rejected'; limit?: number } = {}): Promise<Envelope<RedemptionView[]>> {
  return call<RedemptionView[]>(FN, 'redemptions', input)
}

export function approveRedemption(id: string, key: string): Promise<Envelope<RedemptionView>> {
  return call<RedemptionView>(FN, 'approveRedemption', { id }, { idempotencyKey: key })
}

export function rejectRedemption(id: string, reason: string, key: string): Promise<Envelope<RedemptionView>> {
  return call<RedemptionView>(FN, 'rejectRedemption', { id, reason }, { idempotencyKey: key })
}

/** The month's per-work-unit 双报到 report. */
export function monthlyReport(month: string, communityId?: string): Promise<Envelope<MonthlyReportView>> {
  return call<MonthlyReportView>(FN, 'monthlyReport', communityId ? { month, communityId } : { month })
}

/** The same report as a CSV file (UTF-8 with BOM, for Excel). */
export function monthlyReportCsv(month: string, communityId?: string): Promise<Envelope<CsvFileView>> {
  return call<CsvFileView>(FN, 'monthlyReport', communityId ? { month, communityId, format: 'csv' } : { month, format: 'csv' })
}
