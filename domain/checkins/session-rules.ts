import { account, type LedgerTxDoc, transfer } from '../points/ledger';
import type { SessionView } from './api';
import type { CheckinsConfig } from './deps';
import { SESSION_FLAG_LABELS, SESSION_STATE_LABELS, type SessionDoc } from './model';
import { MINUTE_MS, localClock, localMonth } from '../time/beijing';

/** Sessions' pure rules and views: creditable minutes, what counts as a service, the earning transaction, what waits for the secretary. */

/**
 * 签到 / 签退 at a red station. A check-in needs an active registration in the station's
 * community, proof of presence (the duty screen's rotating token, or the printed station
 * code plus a location inside the fence), opening hours, and no open session anywhere —
 * the last one atomic through a lock document keyed by the volunteer. Check-out credits
 * the minutes (capped by the booked shift and closing time) and their points in the same
 * transaction. Sessions left open are closed at closing time by the sweep, flagged, and
 * credited only when the secretary confirms the minutes.
 */

// ── pure rules ───────────────────────────────────────────────────────────────
/** Whole minutes of service a session may be credited for, if it ended at `endAt`. */
export const creditableMinutes = (
  session: Pick<SessionDoc, 'checkInAt' | 'closesAt' | 'shift'>,
  endAt: number,
  config: Pick<CheckinsConfig, 'maxWalkInMinutes'>,
): number => {
  let start = session.checkInAt;
  let end = Math.min(endAt, session.closesAt);
  if (session.shift) {
    start = Math.max(start, session.shift.start);
    end = Math.min(end, session.shift.end);
  }
  const minutes = Math.max(0, Math.floor((end - start) / MINUTE_MS));
  return session.shift ? minutes : Math.min(minutes, config.maxWalkInMinutes);
};

/** Whole minutes on site (check-in to check-out, never past closing). */
export const minutesOnSite = (session: Pick<SessionDoc, 'checkInAt' | 'closesAt'>, endAt: number): number =>
  Math.max(0, Math.floor((Math.min(endAt, session.closesAt) - session.checkInAt) / MINUTE_MS));

/** A session counts toward the monthly target once it is credited with enough minutes. */
export const countsAsService = (session: Pick<SessionDoc, 'credited' | 'creditedMinutes'>, config: Pick<CheckinsConfig, 'minServiceMinutes'>): boolean =>
  session.credited && session.creditedMinutes >= config.minServiceMinutes;

export const sessionEarnTx = (session: SessionDoc, minutes: number, points: number, at: number, by: { openid: string; name: string }): LedgerTxDoc =>
  transfer(
    {
      _id: `ltx-${session._id}`,
      at,
      month: localMonth(at),
      communityId: session.communityId,
      kind: 'earn',
      memo: `${session.stationName}服务 ${minutes} 分钟`,
      cause: { type: 'session', id: session._id },
      by,
    },
    account.pool(session.communityId),
    account.member(session.openid),
    points,
  );

// ── views ────────────────────────────────────────────────────────────────────
/** Waiting for the secretary: forgotten check-out, presence not verified, or still open without a verified location. */
export const awaitsConfirmation = (s: Pick<SessionDoc, 'status' | 'unverifiedLocation'>): boolean =>
  s.status === 'auto_closed' || s.status === 'unverified' || (s.status === 'open' && s.unverifiedLocation === true);

export const isConfirmable = (s: Pick<SessionDoc, 'status'>): boolean => s.status === 'auto_closed' || s.status === 'unverified';

export const sessionView = (s: SessionDoc, manager = false, viewerOpenid?: string): SessionView => ({
  id: s._id,
  stationId: s.stationId,
  stationName: s.stationName,
  communityId: s.communityId,
  name: s.name,
  status: s.status,
  statusLabel: s.status === 'open' && s.unverifiedLocation ? '服务中·待书记确认' : SESSION_STATE_LABELS[s.status],
  method: s.method,
  checkInAt: s.checkInAt,
  checkOutAt: s.checkOutAt,
  closesAt: s.closesAt,
  shift: s.shift ? { ...s.shift, label: `${localClock(s.shift.start)}–${localClock(s.shift.end)}` } : null,
  minutes: s.minutes,
  creditedMinutes: s.creditedMinutes,
  creditableMinutes: s.creditableMinutes,
  points: s.points,
  credited: s.credited,
  autoClosed: s.autoClosed,
  distanceM: s.location?.distanceM ?? null,
  unverifiedLocation: s.unverifiedLocation === true,
  awaitingConfirmation: awaitsConfirmation(s),
  flags: (s.flags ?? []).map((f) => ({ code: f, label: SESSION_FLAG_LABELS[f] })),
  // Nobody confirms their own session (domain/authz/duties.ts): no button for it either.
  can: { confirm: manager && isConfirmable(s) && s.openid !== viewerOpenid },
});
