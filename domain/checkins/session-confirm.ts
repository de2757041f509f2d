import { requireSeparate } from '../authz/duties';
import { DomainError } from '../model/envelope';
import type { Notification } from '../ports/orders';
import { pointsForMinutes } from '../points/earning';
import { postTx } from '../points/ledger';
import { C } from '../points/ports';
import type { SessionView } from './api';
import { type Actor, type CheckinsDeps, loadCommunity, managesCommunity, notify, peopleWithRole } from './deps';
import type { OpenSessionDoc, RegistrationDoc, SessionDoc, SessionState } from './model';
import { requireCreditable } from './registration';
import { shortLabel } from '../time/beijing';
import { creditableMinutes, isConfirmable, minutesOnSite, sessionEarnTx, sessionView } from './session-rules';
import { loadSession } from './sessions';

/** The secretary's side of sessions: confirming doubtful ones, the sweep that closes forgotten ones, the list. */

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
