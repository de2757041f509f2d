import { checkInInput, checkOutInput, confirmSessionInput, sessionsInput, type CheckInResult, type CheckOutResult } from '../../domain/checkins/api';
import { checkIn, checkOut, checkOutMessage, memberBalance } from '../../domain/checkins/sessions';
import { confirmSession, listSessions } from '../../domain/checkins/session-confirm';
import { sessionView } from '../../domain/checkins/session-rules';
import { localClock } from '../../domain/time/beijing';
import { defineAction } from '../_shared/dispatch';
import { depsOf, communityIdFor, communityTarget, sessionTarget, sessionViewFor } from './shared';

/** 签到 / 签退: check-in, check-out and the secretary's confirmation of doubtful sessions. */
export const sessionActions = {
  checkIn: defineAction({
    policy: 'checkins.checkIn',
    input: checkInInput,
    async run(ctx, input): Promise<CheckInResult> {
      const deps = depsOf(ctx);
      const { session, replayed } = await checkIn(deps, ctx, input, ctx.idempotencyKey);
      const note = session.unverifiedLocation ? '（未核验位置，待书记确认后计入时长和积分）' : '';
      return { session: sessionView(session, false, ctx.openid), replayed, message: `签到成功：${session.stationName} ${localClock(session.checkInAt)}${note}` };
    },
  }),
  checkOut: defineAction({
    policy: 'checkins.checkOut',
    input: checkOutInput,
    async run(ctx, input): Promise<CheckOutResult> {
      const deps = depsOf(ctx);
      const { session, replayed } = await checkOut(deps, ctx, ctx.idempotencyKey, input);
      return { session: sessionView(session, false, ctx.openid), replayed, message: checkOutMessage(session), balance: await memberBalance(deps, ctx.openid) };
    },
  }),
  sessions: defineAction({
    policy: 'checkins.sessions',
    input: sessionsInput,
    target: communityTarget,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      return listSessions(deps, ctx, await communityIdFor(ctx, input.communityId), input.status, input.limit ?? 50);
    },
  }),
  confirmSession: defineAction({
    policy: 'checkins.confirmSession',
    input: confirmSessionInput,
    target: sessionTarget,
    hideForbidden: true,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      return sessionViewFor(deps, ctx, await confirmSession(deps, ctx, input.id, input.minutes));
    },
  }),
};
