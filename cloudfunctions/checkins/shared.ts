import type { OrgTarget } from '../../domain/authz/policy';
import { idInput, idReasonInput } from '../../domain/checkins/api';
import { type CheckinsDeps, loadCommunity, managesCommunity } from '../../domain/checkins/deps';
import type { RegistrationDoc, SessionDoc, StationDoc } from '../../domain/checkins/model';
import { decideRegistration, loadRegistration, registrationView } from '../../domain/checkins/registration';
import { loadSession } from '../../domain/checkins/sessions';
import { sessionView } from '../../domain/checkins/session-rules';
import { loadStation } from '../../domain/checkins/shifts';
import { DomainError } from '../../domain/model/envelope';
import type { OrgNode } from '../../domain/model/org';
import { C } from '../../domain/points/ports';
import { loadRedemption } from '../../domain/points/rewards';
import { type ActionContext, defineAction } from '../_shared/dispatch';
import { sdkCheckinsDeps } from '../_shared/repos/checkin-deps';
import { sdkUserRepo } from '../_shared/repos/user-repo';

/** What the check-in actions share: the deps, where a target sits in the org tree, small lookups. */
export type Ctx = Omit<ActionContext, 'grants'>;

export const depsOf = (ctx: Ctx): CheckinsDeps => sdkCheckinsDeps(ctx.db, ctx.clock, ctx.ids);

export const targetOfCommunity = (community: OrgNode): OrgTarget => ({ orgId: community._id, path: community.path });

/** The community a management action is about: the one named, else the caller's own (as secretary). */
export const communityIdFor = async (ctx: Ctx, communityId: string | undefined): Promise<string> => {
  if (communityId) return communityId;
  const user = await sdkUserRepo(ctx.db).get(ctx.openid);
  const own = user?.roles.find((g) => g.role === 'secretary') ?? user?.roles.find((g) => g.role === 'volunteer');
  if (!own) throw new DomainError('INVALID_ARGUMENT', '请指定社区', { fields: [{ path: 'communityId', message: '请指定社区' }] });
  return own.orgId;
};

export const communityTarget = async (ctx: Ctx, input: { communityId?: string }): Promise<OrgTarget> =>
  targetOfCommunity(await loadCommunity(depsOf(ctx), await communityIdFor(ctx, input.communityId)));

export const stationTarget = async (ctx: Ctx, input: { stationId: string }): Promise<OrgTarget> => {
  const deps = depsOf(ctx);
  const station = await loadStation(deps, input.stationId);
  return targetOfCommunity(await loadCommunity(deps, station.communityId));
};

export const registrationTarget = async (ctx: Ctx, input: { id: string }): Promise<OrgTarget> => {
  const deps = depsOf(ctx);
  return targetOfCommunity(await loadCommunity(deps, (await loadRegistration(deps, input.id)).communityId));
};

export const sessionTarget = async (ctx: Ctx, input: { id: string }): Promise<OrgTarget> => {
  const deps = depsOf(ctx);
  return targetOfCommunity(await loadCommunity(deps, (await loadSession(deps, input.id)).communityId));
};

export const redemptionTarget = async (ctx: Ctx, input: { id: string }): Promise<OrgTarget> => {
  const deps = depsOf(ctx);
  return targetOfCommunity(await loadCommunity(deps, (await loadRedemption(deps, input.id)).communityId));
};

export const viewRegistration = async (deps: CheckinsDeps, ctx: ActionContext, reg: RegistrationDoc) =>
  registrationView(reg, ctx, (await deps.orgs.get(reg.communityId)) ?? null);

export const decision = (policy: 'checkins.approve' | 'checkins.suspend' | 'checkins.reinstate', action: 'approve' | 'suspend' | 'reinstate') =>
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

export const sessionViewFor = async (deps: CheckinsDeps, ctx: ActionContext, s: SessionDoc) =>
  sessionView(s, managesCommunity(ctx, await loadCommunity(deps, s.communityId)), ctx.openid);

export const stationsOf = async (deps: CheckinsDeps, communityId: string | undefined): Promise<StationDoc[]> =>
  deps.docs.find<StationDoc>(C.stations, communityId ? { communityId } : {}, { orderBy: [['_id', 'asc']], limit: 500 });
