import { isSecretaryOf } from '../../domain/authz/grants';
import QRCode from 'qrcode';
import type { OrgTarget } from '../../domain/authz/policy';
import {
  adjustPointsInput,
  checkInInput,
  checkOutInput,
  confirmSessionInput,
  dutyInput,
  emptyInput,
  idInput,
  grantKeeperInput,
  revokeKeeperInput,
  idOptionalReasonInput,
  idReasonInput,
  monthlyReportInput,
  planShiftsInput,
  pointsInput,
  redeemInput,
  redemptionsInput,
  registerInput,
  registrationsInput,
  rewardsInput,
  sessionsInput,
  shiftIdInput,
  shiftsInput,
  stationIdInput,
  stationsInput,
  type CheckInResult,
  type CheckOutResult,
  type KeepersView,
  type StationPosterView,
  type StationTokenView,
} from '../../domain/checkins/api';
import { type CheckinsDeps, loadCommunity, managesCommunity } from '../../domain/checkins/deps';
import type { RegistrationDoc, RosterDoc, SessionDoc, StationDoc } from '../../domain/checkins/model';
import { grantKeeper, revokeKeeper } from '../../domain/checkins/keepers';
import { decideRegistration, listRegistrations, loadRegistration, register, registrationView } from '../../domain/checkins/registration';
import { me, monthlyReport, reportCsv } from '../../domain/checkins/report';
import {
  checkIn,
  checkOut,
  checkOutMessage,
  confirmSession,
  dutyScreenToken,
  listSessions,
  loadSession,
  memberBalance,
  sessionView,
} from '../../domain/checkins/sessions';
import { cancelSignUp, dutyWeek, loadStation, planShifts, shiftsOfStation, shiftView, signUp, stationView } from '../../domain/checkins/shifts';
import { DAY_MS, localClock, localDate, startOfLocalDay } from '../../domain/checkins/time';
import { DomainError } from '../../domain/model/envelope';
import type { OrgNode } from '../../domain/model/org';
import { C } from '../../domain/points/ports';
import {
  adjustPoints,
  approveRedemption,
  listRedemptions,
  listRewards,
  loadRedemption,
  pointsOf,
  redeem,
  redemptionView,
  rejectRedemption,
  rewardView,
} from '../../domain/points/rewards';
import { encodeScene } from '../../domain/qr/scene';
import { type ActionContext, createMain, defineAction } from '../_shared/dispatch';
import { qrImageFor } from '../_shared/qr-image';
import { sdkCheckinsDeps } from '../_shared/repos/checkin-deps';
import { sdkUserRepo } from '../_shared/repos/user-repo';

type Ctx = Omit<ActionContext, 'grants'>;

const depsOf = (ctx: Ctx): CheckinsDeps => sdkCheckinsDeps(ctx.db, ctx.clock, ctx.ids);

const targetOfCommunity = (community: OrgNode): OrgTarget => ({ orgId: community._id, path: community.path });

/** The community a management action is about: the one named, else the caller's own (as secretary). */
const communityIdFor = async (ctx: Ctx, communityId: string | undefined): Promise<string> => {
  if (communityId) return communityId;
  const user = await sdkUserRepo(ctx.db).get(ctx.openid);
  const own = user?.roles.find((g) => g.role === 'secretary') ?? user?.roles.find((g) => g.role === 'volunteer');
  if (!own) throw new DomainError('INVALID_ARGUMENT', '请指定社区', { fields: [{ path: 'communityId', message: '请指定社区' }] });
  return own.orgId;
};

const communityTarget = async (ctx: Ctx, input: { communityId?: string }): Promise<OrgTarget> =>
  targetOfCommunity(await loadCommunity(depsOf(ctx), await communityIdFor(ctx, input.communityId)));

const stationTarget = async (ctx: Ctx, input: { stationId: string }): Promise<OrgTarget> => {
  const deps = depsOf(ctx);
  const station = await loadStation(deps, input.stationId);
  return targetOfCommunity(await loadCommunity(deps, station.communityId));
};

const registrationTarget = async (ctx: Ctx, input: { id: string }): Promise<OrgTarget> => {
  const deps = depsOf(ctx);
  return targetOfCommunity(await loadCommunity(deps, (await loadRegistration(deps, input.id)).communityId));
};

const sessionTarget = async (ctx: Ctx, input: { id: string }): Promise<OrgTarget> => {
  const deps = depsOf(ctx);
  return targetOfCommunity(await loadCommunity(deps, (await loadSession(deps, input.id)).communityId));
};

const redemptionTarget = async (ctx: Ctx, input: { id: string }): Promise<OrgTarget> => {
  const deps = depsOf(ctx);
  return targetOfCommunity(await loadCommunity(deps, (await loadRedemption(deps, input.id)).communityId));
};

const viewRegistration = async (deps: CheckinsDeps, ctx: ActionContext, reg: RegistrationDoc) =>
  registrationView(reg, ctx, (await deps.orgs.get(reg.communityId)) ?? null);

const decision = (policy: 'checkins.approve' | 'checkins.suspend' | 'checkins.reinstate', action: 'approve' | 'suspend' | 'reinstate') =>
  defineAction({
    policy,
    input: action === 'suspend' ? idReasonInput : idInput,
    target: registrationTarget,
    hideForbidden: true,
    async run(ctx, input: { id: string; reason?: string }) {
      const deps = depsOf(ctx);
      return viewRegistration(deps, ctx, await decideRegistration(deps, ctx, input.id, action, input.reason));
    },
  });

const sessionViewFor = async (deps: CheckinsDeps, ctx: ActionContext, s: SessionDoc) =>
  sessionView(s, managesCommunity(ctx, await loadCommunity(deps, s.communityId)), ctx.openid);

const stationsOf = async (deps: CheckinsDeps, communityId: string | undefined): Promise<StationDoc[]> =>
  deps.docs.find<StationDoc>(C.stations, communityId ? { communityId } : {}, { orderBy: [['_id', 'asc']], limit: 500 });

const actions = {
  // ── 双报到 ─────────────────────────────────────────────────────────────────
  register: defineAction({
    policy: 'checkins.register',
    input: registerInput,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      return viewRegistration(deps, ctx, await register(deps, ctx, input));
    },
  }),
  me: defineAction({
    policy: 'checkins.me',
    input: emptyInput,
    run: (ctx) => me(depsOf(ctx), ctx),
  }),
  registrations: defineAction({
    policy: 'checkins.registrations',
    input: registrationsInput,
    target: communityTarget,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const community = await loadCommunity(deps, await communityIdFor(ctx, input.communityId));
      const regs = await listRegistrations(deps, community._id, input.status, input.limit ?? 100);
      return regs.map((r) => registrationView(r, ctx, community));
    },
  }),
  approve: decision('checkins.approve', 'approve'),
  reject: defineAction({
    policy: 'checkins.reject',
    input: idReasonInput,
    target: registrationTarget,
    hideForbidden: true,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      return viewRegistration(deps, ctx, await decideRegistration(deps, ctx, input.id, 'reject', input.reason));
    },
  }),
  suspend: decision('checkins.suspend', 'suspend'),
  reinstate: decision('checkins.reinstate', 'reinstate'),
  markMoved: defineAction({
    policy: 'checkins.markMoved',
    input: idOptionalReasonInput,
    target: registrationTarget,
    hideForbidden: true,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      return viewRegistration(deps, ctx, await decideRegistration(deps, ctx, input.id, 'move', input.reason));
    },
  }),
  monthlyReport: defineAction({
    policy: 'checkins.monthlyReport',
    input: monthlyReportInput,
    target: communityTarget,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const community = await loadCommunity(deps, await communityIdFor(ctx, input.communityId));
      const report = await monthlyReport(deps, community, input.month);
      return input.format === 'csv' ? reportCsv(report) : report;
    },
  }),

  // ── stations and rotas ─────────────────────────────────────────────────────
  stations: defineAction({
    policy: 'checkins.stations',
    input: stationsInput,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const stations = await stationsOf(deps, input.communityId);
      const communities = await deps.orgs.getMany([...new Set(stations.map((s) => s.communityId))]);
      const now = ctx.clock.now();
      return stations.map((s) => stationView(s, communities.find((c) => c._id === s.communityId)?.name ?? '', now));
    },
  }),
  shifts: defineAction({
    policy: 'checkins.shifts',
    input: shiftsInput,
    target: stationTarget,
    hideForbidden: true,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const station = await loadStation(deps, input.stationId);
      const community = await loadCommunity(deps, station.communityId);
      const now = ctx.clock.now();
      const from = startOfLocalDay(input.from ?? localDate(now));
      const shifts = await shiftsOfStation(deps, station._id, from, from + (input.days ?? 7) * DAY_MS);
      const roster = await deps.docs.get<RosterDoc>(C.rosters, ctx.openid);
      const manager = managesCommunity(ctx, community);
      return shifts.map((s) => shiftView(s, station, ctx, now, deps.config, { roster, manager }));
    },
  }),
  signUp: defineAction({
    policy: 'checkins.signUp',
    input: shiftIdInput,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const { shift, station, roster } = await signUp(deps, ctx, input.shiftId);
      return shiftView(shift, station, ctx, ctx.clock.now(), deps.config, { roster });
    },
  }),
  cancelSignUp: defineAction({
    policy: 'checkins.cancelSignUp',
    input: shiftIdInput,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const { shift, station, roster } = await cancelSignUp(deps, ctx, input.shiftId);
      return shiftView(shift, station, ctx, ctx.clock.now(), deps.config, { roster });
    },
  }),
  duty: defineAction({
    policy: 'checkins.duty',
    input: dutyInput,
    target: stationTarget,
    hideForbidden: true,
    run: (ctx, input) => dutyWeek(depsOf(ctx), ctx, input.stationId, input.weekOf),
  }),
  planShifts: defineAction({
    policy: 'checkins.planShifts',
    input: planShiftsInput,
    target: stationTarget,
    hideForbidden: true,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      await planShifts(deps, input.stationId, input.weekOf, input.slots, input.weekdays);
      return dutyWeek(deps, ctx, input.stationId, input.weekOf);
    },
  }),
  // Who may open the duty screen is the domain's rule (secretary or station keeper, never someone on today's rota).
  stationToken: defineAction({
    policy: 'checkins.stationToken',
    input: stationIdInput,
    async run(ctx, input): Promise<StationTokenView> {
      const { station, token, code } = await dutyScreenToken(depsOf(ctx), ctx, input.stationId);
      return {
        stationId: station._id,
        stationName: station.name,
        token: token.token,
        code,
        image: await QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: 360 }),
        refreshAt: token.refreshAt,
        expiresAt: token.expiresAt,
        serverNow: ctx.clock.now(),
      };
    },
  }),
  stationPoster: defineAction({
    policy: 'checkins.stationPoster',
    input: stationIdInput,
    target: stationTarget,
    hideForbidden: true,
    async run(ctx, input): Promise<StationPosterView> {
      const deps = depsOf(ctx);
      const station = await loadStation(deps, input.stationId);
      const community = await loadCommunity(deps, station.communityId);
      const scene = encodeScene({ kind: 'station', id: station._id }, await deps.sceneSigner());
      const { image, url } = await qrImageFor(scene);
      return { station: stationView(station, community.name, ctx.clock.now()), scene, image, url };
    },
  }),
  grantKeeper: defineAction({
    policy: 'checkins.setKeeper',
    input: grantKeeperInput,
    target: stationTarget,
    hideForbidden: true,
    run: (ctx, input): Promise<KeepersView> => grantKeeper(depsOf(ctx), ctx, input.stationId, input),
  }),
  revokeKeeper: defineAction({
    policy: 'checkins.setKeeper',
    input: revokeKeeperInput,
    target: stationTarget,
    hideForbidden: true,
    run: (ctx, input): Promise<KeepersView> => revokeKeeper(depsOf(ctx), ctx, input.stationId, input.keeperId),
  }),

  // ── 签到 / 签退 ─────────────────────────────────────────────────────────────
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

  // ── points ─────────────────────────────────────────────────────────────────
  points: defineAction({
    policy: 'checkins.points',
    input: pointsInput,
    run: (ctx, input) => pointsOf(depsOf(ctx), ctx, input.limit ?? 20, input.cursor),
  }),
  rewards: defineAction({
    policy: 'checkins.rewards',
    input: rewardsInput,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const communityId = await communityIdFor(ctx, input.communityId);
      const [rewards, balance] = await Promise.all([listRewards(deps, communityId), memberBalance(deps, ctx.openid)]);
      return rewards.map((r) => rewardView(r, balance));
    },
  }),
  redeem: defineAction({
    policy: 'checkins.redeem',
    input: redeemInput,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const { redemption, replayed } = await redeem(deps, ctx, input.rewardId, ctx.idempotencyKey);
      return { redemption: redemptionView(redemption, false), replayed, balance: await memberBalance(deps, ctx.openid) };
    },
  }),
  redemptions: defineAction({
    policy: 'checkins.redemptions',
    input: redemptionsInput,
    target: communityTarget,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const community = await loadCommunity(deps, await communityIdFor(ctx, input.communityId));
      const manager = isSecretaryOf(ctx, community._id);
      const rows = await listRedemptions(deps, { communityId: community._id, ...(input.status ? { status: input.status } : {}) }, input.limit ?? 50);
      // Nobody decides their own redemption (domain/authz/duties.ts): no buttons on one's own row.
      return rows.map((r) => redemptionView(r, manager && r.openid !== ctx.openid));
    },
  }),
  approveRedemption: defineAction({
    policy: 'checkins.approveRedemption',
    input: idInput,
    target: redemptionTarget,
    hideForbidden: true,
    run: async (ctx, input) => redemptionView(await approveRedemption(depsOf(ctx), ctx, input.id), true),
  }),
  rejectRedemption: defineAction({
    policy: 'checkins.rejectRedemption',
    input: idReasonInput,
    target: redemptionTarget,
    hideForbidden: true,
    run: async (ctx, input) => redemptionView(await rejectRedemption(depsOf(ctx), ctx, input.id, input.reason), true),
  }),
  adjustPoints: defineAction({
    policy: 'checkins.adjustPoints',
    input: adjustPointsInput,
    target: communityTarget,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const communityId = await communityIdFor(ctx, input.communityId);
      const tx = await adjustPoints(deps, ctx, communityId, input.openid, input.amount, input.reason, ctx.idempotencyKey);
      return { txId: tx._id, amount: input.amount, balance: await memberBalance(deps, input.openid) };
    },
  }),
};

export const main = createMain('checkins', actions);
