import { isSecretaryOf } from '../authz/grants';
import { DomainError } from '../model/envelope';
import { pointsForMinutes } from '../points/earning';
import { account, type BalanceDoc, postTx } from '../points/ledger';
import { C } from '../points/ports';
import { decodeScene } from '../qr/scene';
import type { CheckInInput, CheckOutInput } from './api';
import { type Actor, type CheckinsConfig, type CheckinsDeps, loadCommunity } from './deps';
import { checkFence, type FenceCheck, outsideFenceMessage } from './geo';
import type { OpenSessionDoc, RegistrationDoc, RosterDoc, SessionDoc, SessionFlag, StationDoc } from './model';
import { notFound } from './not-found';
import { requireActiveRegistration } from './registration';
import { bookedShiftAt, hoursLabel, loadStation, openingWindow } from './shifts';
import { localClock, localMonth } from '../time/beijing';
import { verifyToken } from './token';
import { creditableMinutes, minutesOnSite, sessionEarnTx } from './session-rules';

/** 签到 / 签退: check-in (token on the duty screen or the station poster, fence, opening hours, one open session) and check-out. */

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
