import { isSecretaryOf } from '../authz/grants';
import { requireSeparate } from '../authz/duties';
import { DomainError } from '../model/envelope';
import type { Notification } from '../ports/orders';
import { pointsForMinutes } from '../points/earning';
import { account, type BalanceDoc, type LedgerTxDoc, postTx, transfer } from '../points/ledger';
import { C } from '../points/ports';
import { decodeScene } from '../qr/scene';
import type { CheckInInput, CheckOutInput, SessionView } from './api';
import { type Actor, type CheckinsConfig, type CheckinsDeps, loadCommunity, managesCommunity, notify, peopleWithRole } from './deps';
import { checkFence, type FenceCheck, outsideFenceMessage } from './geo';
import { isActingKeeper, seesCommunity } from './keepers';
import {
  SESSION_FLAG_LABELS,
  SESSION_STATE_LABELS,
  type OpenSessionDoc,
  type RegistrationDoc,
  type RosterDoc,
  type SessionDoc,
  type SessionFlag,
  type SessionState,
  type StationDoc,
} from './model';
import { notFound } from './not-found';
import { requireActiveRegistration, requireCreditable } from './registration';
import { bookedShiftAt, hoursLabel, loadStation, openingWindow, shiftsOfStation } from './shifts';
import { DAY_MS, MINUTE_MS, localClock, localDate, localMonth, shortLabel, startOfLocalDay } from './time';
import { encodeCheckinCode, type IssuedToken, issueToken, verifyToken } from './token';

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

const alreadyCheckedIn = (lock: OpenSessionDoc) =>
  new DomainError('CONFLICT', `您已在${lock.stationName}签到（${localClock(lock.checkInAt)}），请先签退`, { sessionId: lock.sessionId, stationId: lock.stationId });

export const FORGED_TOKEN_MESSAGE = '签到码无效，请扫描驿站值班屏上的二维码';
export const STALE_TOKEN_MESSAGE = '签到码已过期，请扫描值班屏上最新的二维码';
export const BAD_POSTER_MESSAGE = '驿站二维码无效，请扫描本驿站张贴的二维码';
export const NEED_LOCATION_MESSAGE = '扫描张贴的驿站二维码签到需要您的位置，请允许定位后重试';
export const TOKEN_NEEDS_LOCATION_MESSAGE = '在小程序中签到需要您的位置（确认您在驿站），请允许定位后重试';

// ── use cases ────────────────────────────────────────────────────────────────
export const checkIn = async (
  deps: CheckinsDeps,
  actor: Actor,
  input: CheckInInput,
  idempotencyKey?: string,
): Promise<{ session: SessionDoc; replayed: boolean }> => {
  const id = idempotencyKey ? deps.ids.fromKey('ses', `${actor.openid}:${idempotencyKey}`) : deps.ids.next('ses');
  if (idempotencyKey) {
    const prior = await deps.docs.get<SessionDoc>(C.sessions, id);
    if (prior && prior.openid === actor.openid) return { session: prior, replayed: true };
  }
  const station = await loadStation(deps, input.stationId);
  const community = await loadCommunity(deps, station.communityId);
  const registration = await requireActiveRegistration(deps, actor.openid, community);
  const lock = await deps.docs.get<OpenSessionDoc>(C.open, actor.openid);
  if (lock) throw alreadyCheckedIn(lock);
  const now = deps.clock.now();
  if (station.status !== 'active') throw new DomainError('FAILED_PRECONDITION', `${station.name}暂停服务`);
  const window = openingWindow(station, now);
  if (!window || now < window.openAt || now >= window.closeAt) {
    throw new DomainError('FAILED_PRECONDITION', `${station.name}现在不在开放时间（${window ? hoursLabel(station) : '今日闭站'}）`, { openingHours: hoursLabel(station) });
  }

  let method: SessionDoc['method'];
  // The duty-screen code without a location (H5 has no trusted one): good only within its own step, and the session waits for the secretary.
  // A browser's location is not trusted (it is whatever the page says): on H5 the code counts as a code alone.
  const noLocation = input.token !== undefined && (!input.location || input.client === 'h5');
  // Whoever may open the duty screen themself (the secretary, a station keeper) proves nothing with its code: someone else confirms.
  const codeHolder =
    input.token !== undefined && (isSecretaryOf(actor, community._id) || (station.keepers ?? []).some((k) => k.openid === actor.openid));
  const unverified = noLocation || codeHolder;
  if (input.token !== undefined) {
    method = 'token';
    if (!input.location && input.client !== 'h5' && input.client !== undefined) {
      throw new DomainError('INVALID_ARGUMENT', TOKEN_NEEDS_LOCATION_MESSAGE, { fields: [{ path: 'location', message: TOKEN_NEEDS_LOCATION_MESSAGE }] });
    }
    const verdict = verifyToken(await deps.stationSigner(station._id), station._id, input.token, now, { currentStepOnly: noLocation });
    if (verdict === 'forged') throw new DomainError('INVALID_ARGUMENT', FORGED_TOKEN_MESSAGE, { fields: [{ path: 'token', message: FORGED_TOKEN_MESSAGE }] });
    if (verdict === 'stale') throw new DomainError('FAILED_PRECONDITION', STALE_TOKEN_MESSAGE, { token: 'stale' });
  } else {
    method = 'static';
    const decoded = decodeScene(input.staticScene ?? '', await deps.sceneSigner());
    if (!decoded.ok || decoded.scene.kind !== 'station' || decoded.scene.id !== station._id) {
      throw new DomainError('INVALID_ARGUMENT', BAD_POSTER_MESSAGE, { fields: [{ path: 'staticScene', message: BAD_POSTER_MESSAGE }] });
    }
    if (!input.location) throw new DomainError('INVALID_ARGUMENT', NEED_LOCATION_MESSAGE, { fields: [{ path: 'location', message: NEED_LOCATION_MESSAGE }] });
  }
  let location: SessionDoc['location'] = null;
  if (input.location && !(method === 'token' && noLocation)) {
    const fence = checkFence(station.fence, input.location, deps.config.accuracyCapM);
    if (!fence.inside) {
      throw new DomainError('FAILED_PRECONDITION', outsideFenceMessage(fence.distanceM), {
        distanceM: fence.distanceM,
        radiusM: station.fence.radiusM,
        allowanceM: fence.allowanceM,
      });
    }
    location = { lat: input.location.lat, lng: input.location.lng, accuracy: input.location.accuracy ?? null, distanceM: fence.distanceM };
  }

  const roster = await deps.docs.get<RosterDoc>(C.rosters, actor.openid);
  const booked = bookedShiftAt(roster, station._id, now, deps.config.shiftLeadMs);
  const session: SessionDoc = {
    _id: id,
    openid: actor.openid,
    name: registration.name,
    stationId: station._id,
    stationName: station.name,
    communityId: station.communityId,
    registrationId: registration._id,
    workUnit: registration.workUnit,
    partyBranch: registration.partyBranch,
    method,
    location,
    shift: booked ? { id: booked.shiftId, start: booked.start, end: booked.end } : null,
    checkInAt: now,
    closesAt: window.closeAt,
    month: localMonth(now),
    status: 'open',
    checkOutAt: null,
    minutes: null,
    creditableMinutes: null,
    creditedMinutes: 0,
    points: 0,
    credited: false,
    autoClosed: false,
    confirmedBy: null,
    checkInKey: idempotencyKey ?? null,
    checkOutKey: null,
    unverifiedLocation: unverified,
    lastVerifiedAt: unverified ? null : now,
    checkOutLocation: null,
    flags: [...(noLocation ? ['unverified_location' as const] : []), ...(codeHolder ? ['code_holder' as const] : [])],
  };
  const openDoc: OpenSessionDoc = { _id: actor.openid, sessionId: id, stationId: station._id, stationName: station.name, checkInAt: now, closesAt: window.closeAt };
  return deps.docs.transact(async (tx) => {
    const prior = await tx.get<SessionDoc>(C.sessions, id);
    if (prior) return { session: prior, replayed: true };
    const current = await tx.get<OpenSessionDoc>(C.open, actor.openid);
    if (current) throw alreadyCheckedIn(current);
    await tx.insert(C.sessions, session as unknown as SessionDoc & Record<string, unknown>);
    await tx.insert(C.open, openDoc as unknown as OpenSessionDoc & Record<string, unknown>);
    return { session, replayed: false };
  });
};

export const memberBalance = async (deps: Pick<CheckinsDeps, 'docs'>, openid: string): Promise<number> =>
  (await deps.docs.get<BalanceDoc>(C.balances, account.member(openid)))?.balance ?? 0;

/**
 * 签退. The location is asked again: inside the fence, the session is credited (minutes
 * capped by the shift and closing time); outside or without one, only up to the last
 * verified moment, and flagged. A session checked in without a verified location is
 * credited only when the secretary confirms it ('unverified'), and a member whose
 * registration is no longer active is credited nothing.
 */
export const checkOut = async (
  deps: CheckinsDeps,
  actor: Actor,
  idempotencyKey?: string,
  input: CheckOutInput = {},
): Promise<{ session: SessionDoc; replayed: boolean }> => {
  const lock = await deps.docs.get<OpenSessionDoc>(C.open, actor.openid);
  if (!lock) {
    if (idempotencyKey) {
      const [done] = await deps.docs.find<SessionDoc>(C.sessions, { openid: actor.openid, checkOutKey: idempotencyKey }, { limit: 1 });
      if (done) return { session: done, replayed: true };
    }
    throw new DomainError('FAILED_PRECONDITION', '您当前没有签到，无需签退');
  }
  const session = await deps.docs.get<SessionDoc>(C.sessions, lock.sessionId);
  if (!session) throw new Error(`open-session lock ${actor.openid} points at missing session ${lock.sessionId}`);
  const [station, registration] = await Promise.all([
    deps.docs.get<StationDoc>(C.stations, session.stationId),
    deps.docs.get<RegistrationDoc>(C.registrations, session.registrationId),
  ]);
  const now = deps.clock.now();
  const patch = checkOutPatch(session, now, {
    // An H5 location is not trusted: checking out there counts as checking out without one.
    fence: input.location && input.client !== 'h5' && station ? checkFence(station.fence, input.location, deps.config.accuracyCapM) : null,
    location: input.location ?? null,
    registrationActive: registration?.status === 'active',
    config: deps.config,
  });
  if (patch.creditedMinutes && patch.creditedMinutes > 0) patch.points = pointsForMinutes(await deps.rules(), session.communityId, patch.creditedMinutes);
  patch.credited = patch.status === 'closed' && !patch.flags?.includes('registration_inactive');
  patch.checkOutKey = idempotencyKey ?? null;
  const points = patch.points ?? 0;
  return deps.docs.transact(async (tx) => {
    const current = await tx.get<SessionDoc>(C.sessions, session._id);
    if (!current) throw new Error(`session ${session._id} vanished`);
    if (current.status !== 'open') {
      if (idempotencyKey && current.checkOutKey === idempotencyKey) return { session: current, replayed: true };
      throw new DomainError('CONFLICT', '这次签到已经结束', { sessionId: current._id, status: current.status });
    }
    await tx.update(C.sessions, current._id, patch as Record<string, unknown>);
    const held = await tx.get<OpenSessionDoc>(C.open, actor.openid);
    if (held?.sessionId === current._id) await tx.remove(C.open, actor.openid);
    if (points > 0) await postTx(tx, sessionEarnTx(current, patch.creditedMinutes ?? 0, points, now, { openid: actor.openid, name: actor.name }));
    return { session: { ...current, ...patch } as SessionDoc, replayed: false };
  });
};

/**
 * What check-out writes (pure): the state, minutes and what may be credited now.
 * Points are filled in by the caller from the earning rules for `creditedMinutes`.
 */
export const checkOutPatch = (
  session: SessionDoc,
  now: number,
  at: { fence: FenceCheck | null; location: CheckOutInput['location'] | null; registrationActive: boolean; config: Pick<CheckinsConfig, 'maxWalkInMinutes'> },
): Partial<SessionDoc> => {
  const flags = new Set<SessionFlag>(session.flags ?? []);
  const minutes = minutesOnSite(session, now);
  const creditable = creditableMinutes(session, now, at.config);
  const checkOutLocation = at.location && at.fence ? { lat: at.location.lat, lng: at.location.lng, accuracy: at.location.accuracy ?? null, distanceM: at.fence.distanceM } : null;
  const base: Partial<SessionDoc> = { checkOutAt: Math.min(now, session.closesAt), minutes, creditableMinutes: creditable, checkOutLocation, points: 0 };
  if (now > session.closesAt) {
    return { ...base, status: 'auto_closed', autoClosed: true, checkOutAt: session.closesAt, creditedMinutes: 0, flags: [...flags] };
  }
  if (!at.registrationActive) {
    flags.add('registration_inactive');
    return { ...base, status: 'closed', creditedMinutes: 0, creditableMinutes: 0, flags: [...flags] };
  }
  if (session.unverifiedLocation) return { ...base, status: 'unverified', creditedMinutes: 0, flags: [...flags] };
  if (at.fence?.inside) return { ...base, status: 'closed', creditedMinutes: creditable, flags: [...flags] };
  flags.add(at.fence ? 'checkout_outside' : 'checkout_no_location');
  const verifiedUntil = session.lastVerifiedAt ?? session.checkInAt;
  return { ...base, status: 'closed', creditedMinutes: creditableMinutes(session, verifiedUntil, at.config), flags: [...flags] };
};

export const checkOutMessage = (s: SessionDoc): string =>
  s.status === 'auto_closed'
    ? `签退时已过驿站关门时间（${localClock(s.closesAt)}），本次服务时长需社区书记确认后计入`
    : s.status === 'unverified'
      ? `签退成功：服务 ${s.minutes ?? 0} 分钟，未核验位置，待书记确认后计入时长和积分`
      : s.flags?.includes('registration_inactive')
        ? '签退成功：您的报到当前不是“已报到”状态，本次服务不计时长和积分'
        : s.flags?.includes('checkout_outside') || s.flags?.includes('checkout_no_location')
          ? `签退成功：签退时${s.flags.includes('checkout_outside') ? `不在驿站范围内（距离 ${s.checkOutLocation?.distanceM ?? '?'} 米）` : '未提供位置'}，仅计入到最后一次确认在站的时间（${s.creditedMinutes} 分钟${s.points > 0 ? `，${s.points} 积分` : ''}）`
          : s.points > 0
      ? `签退成功：服务 ${s.creditedMinutes} 分钟，获得 ${s.points} 积分`
      : `签退成功：服务 ${s.creditedMinutes} 分钟${s.creditedMinutes < 30 ? '（不足30分钟，不计积分）' : ''}`;

export const loadSession = async (deps: Pick<CheckinsDeps, 'docs'>, id: string): Promise<SessionDoc> => {
  const s = await deps.docs.get<SessionDoc>(C.sessions, id);
  if (!s) throw notFound();
  return s;
};

/**
 * The secretary confirms the minutes of an auto-closed or unverified session (0 = not
 * credited); then it is credited. Never her own session, never for a member whose
 * registration is not active.
 */
export const confirmSession = async (deps: CheckinsDeps, actor: Actor, id: string, minutes: number): Promise<SessionDoc> => {
  const session = await loadSession(deps, id);
  requireSeparate('confirm_session', actor.openid, [session.openid]);
  const messages: Partial<Record<SessionState, string>> = {
    open: '该志愿者尚未签退，不能确认',
    closed: '该记录已正常签退，无需确认',
    confirmed: '该记录已确认',
  };
  if (session.status === 'confirmed' && session.creditedMinutes === minutes) return session;
  if (!isConfirmable(session)) throw new DomainError('FAILED_PRECONDITION', messages[session.status] ?? '当前状态不能确认');
  if (minutes > 0) {
    const registration = await deps.docs.get<RegistrationDoc>(C.registrations, session.registrationId);
    requireCreditable(registration ?? { status: 'moved', name: session.name, communityName: session.stationName });
  }
  const cap = session.creditableMinutes ?? 0;
  if (minutes > cap) {
    throw new DomainError('INVALID_ARGUMENT', `确认时长不能超过 ${cap} 分钟（从签到到班次结束或驿站关门）`, { fields: [{ path: 'minutes', message: `最多 ${cap} 分钟` }] });
  }
  const points = pointsForMinutes(await deps.rules(), session.communityId, minutes);
  const now = deps.clock.now();
  const patch: Partial<SessionDoc> = {
    status: 'confirmed',
    creditedMinutes: minutes,
    points,
    credited: minutes > 0,
    confirmedBy: { openid: actor.openid, name: actor.name, at: now },
  };
  const confirmed = await deps.docs.transact(async (tx) => {
    const current = await tx.get<SessionDoc>(C.sessions, id);
    if (!current || !isConfirmable(current)) throw new DomainError('CONFLICT', '该记录刚刚已被处理，请刷新');
    await tx.update(C.sessions, id, patch as Record<string, unknown>);
    if (points > 0) await postTx(tx, sessionEarnTx(current, minutes, points, now, { openid: actor.openid, name: actor.name }));
    return { ...current, ...patch } as SessionDoc;
  });
  await notify(deps, [
    {
      to: confirmed.openid,
      type: 'session_confirmed',
      title: '服务时长已确认',
      body: `${confirmed.stationName} ${shortLabel(confirmed.checkInAt)}：${minutes} 分钟${points > 0 ? `，获得 ${points} 积分` : ''}`,
      orderId: null,
    },
  ]);
  return confirmed;
};

/**
 * Sweep task: closes sessions still open at their station's closing time, flags them, and
 * tells the volunteer and the secretary. Found through the index on `closesAt`; each close
 * is conditional on the session still being open, so overlapping sweeps act once.
 */
export const autoCloseDue = async (deps: CheckinsDeps, now: number, limit = 200): Promise<number> => {
  const due = await deps.docs.find<SessionDoc>(C.sessions, { status: 'open', closesAt: { lte: now } }, { orderBy: [['closesAt', 'asc']], limit });
  const closed: SessionDoc[] = [];
  for (const s of due) {
    const done = await deps.docs.transact(async (tx) => {
      const current = await tx.get<SessionDoc>(C.sessions, s._id);
      if (!current || current.status !== 'open' || current.closesAt > now) return null;
      const patch: Partial<SessionDoc> = {
        status: 'auto_closed',
        autoClosed: true,
        checkOutAt: current.closesAt,
        minutes: minutesOnSite(current, current.closesAt),
        creditableMinutes: creditableMinutes(current, current.closesAt, deps.config),
        creditedMinutes: 0,
        points: 0,
        credited: false,
      };
      await tx.update(C.sessions, current._id, patch as Record<string, unknown>);
      const held = await tx.get<OpenSessionDoc>(C.open, current.openid);
      if (held?.sessionId === current._id) await tx.remove(C.open, current.openid);
      return { ...current, ...patch } as SessionDoc;
    });
    if (done) closed.push(done);
  }
  const messages: Notification[] = closed.map((s) => ({
    to: s.openid,
    type: 'session_auto_closed',
    title: '您忘记签退了',
    body: `${s.stationName} ${shortLabel(s.checkInAt)} 的签到已在关门时自动结束，服务时长待社区书记确认`,
    orderId: null,
  }));
  for (const communityId of [...new Set(closed.map((s) => s.communityId))]) {
    const count = closed.filter((s) => s.communityId === communityId).length;
    for (const to of await peopleWithRole(deps, 'secretary', communityId)) {
      messages.push({ to, type: 'session_auto_closed', title: '有签到记录待确认', body: `${count} 条签到未签退，已在关门时自动结束，请确认服务时长`, orderId: null });
    }
  }
  await notify(deps, messages);
  return closed.length;
};

export const listSessions = async (deps: CheckinsDeps, actor: Actor, communityId: string, status: SessionState | undefined, limit: number): Promise<SessionView[]> => {
  const community = await loadCommunity(deps, communityId);
  const manager = managesCommunity(actor, community);
  const rows = await deps.docs.find<SessionDoc>(C.sessions, { communityId, ...(status ? { status } : {}) }, { orderBy: [['checkInAt', 'desc']], limit });
  return rows.map((s) => sessionView(s, manager, actor.openid));
};


/**
 * The duty screen's rotating token. It is opened by the community's secretary or a station
 * keeper the secretary named (still staff or an active member of the community), never by
 * someone who would check in with it: whoever is on this station's rota today, or checked
 * in here, is refused (show_duty_code). Anyone else who can see the station (a volunteer,
 * staff of the community) is FORBIDDEN; the rest get NOT_FOUND, like a station that does
 * not exist. Creates the station key on first use.
 */
export const dutyScreenToken = async (
  deps: CheckinsDeps,
  actor: Actor,
  stationId: string,
): Promise<{ station: StationDoc; token: IssuedToken; code: string }> => {
  const station = await loadStation(deps, stationId);
  const community = await loadCommunity(deps, station.communityId);
  const now = deps.clock.now();
  const secretary = isSecretaryOf(actor, community._id);
  const keeper = !secretary && (await isActingKeeper(deps, station, community, actor.openid));
  if (!secretary && !keeper) {
    if (await seesCommunity(deps, actor, community)) throw new DomainError('FORBIDDEN', DUTY_SCREEN_REFUSAL);
    throw notFound();
  }
  requireSeparate('show_duty_code', actor.openid, await onDutyToday(deps, station, actor.openid, now));
  const token = issueToken(await deps.ensureStationSigner(station._id), station._id, now);
  return { station, token, code: encodeCheckinCode(station._id, token.token) };
};

export const DUTY_SCREEN_REFUSAL = '值班屏只能由社区书记或本驿站的站点管理员打开';

/** The people who would check in at this station today: its rota for the day, and the caller if checked in here. */
export const onDutyToday = async (deps: CheckinsDeps, station: StationDoc, openid: string, now: number): Promise<string[]> => {
  const from = startOfLocalDay(localDate(now));
  const [shifts, lock] = await Promise.all([shiftsOfStation(deps, station._id, from, from + DAY_MS), deps.docs.get<OpenSessionDoc>(C.open, openid)]);
  const people = shifts.flatMap((s) => s.members.map((m) => m.openid));
  if (lock?.stationId === station._id) people.push(openid);
  return [...new Set(people)];
};
