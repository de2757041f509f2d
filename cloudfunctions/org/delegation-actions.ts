import { isSecretaryOf } from '../../domain/authz/grants';
import { DomainError, DEFAULT_MESSAGES } from '../../domain/model/envelope';
import type { OrgNode } from '../../domain/model/org';
import { ROLE_LABELS } from '../../domain/model/roles';
import { delegate, type DelegationDeps, revokeDelegation } from '../../domain/org/delegate';
import {
  type DelegationDoc,
  type DelegationsView,
  type DelegationView,
  delegateInput,
  delegationsInput,
  delegationView,
  revokeDelegationInput,
} from '../../domain/org/delegation';
import { communityHandlers } from '../../domain/org/handlers';
import { type ActionContext, defineAction } from '../_shared/dispatch';
import { sdkDelegationRepo } from '../_shared/repos/delegation-repo';
import { sdkOrgRepo } from '../_shared/repos/org-repo';
import { sdkPeopleRepo } from '../_shared/repos/people-repo';
import { sdkUserRepo } from '../_shared/repos/user-repo';
import { orgNodeTarget } from '../_shared/targets';

/**
 * 委托 through the `org` function: delegate and revoke (use cases in domain/org/delegate.ts,
 * one transaction each in the repository), and the list of a community's delegations with the
 * people a secretary may choose from. The dispatcher reads `delegated` per call, so a
 * revocation takes effect at the deputy's very next call.
 */

const depsOf = (ctx: ActionContext): DelegationDeps => ({
  delegations: sdkDelegationRepo(ctx.db),
  users: sdkUserRepo(ctx.db),
  orgs: sdkOrgRepo(ctx.db),
  clock: ctx.clock,
  ids: ctx.ids,
});

const communityNode = async (ctx: Pick<ActionContext, 'db'>, id: string): Promise<OrgNode> => {
  const node = await sdkOrgRepo(ctx.db).get(id);
  if (!node || node.type !== 'community') throw new DomainError('INVALID_ARGUMENT', '请选择社区', { fields: [{ path: 'communityId', message: '请选择社区' }] });
  return node;
};

export const delegationActions = {
  /** 委托: a secretary hands their community duties to a deputy of the same community for a date range (audited). */
  delegate: defineAction({
    policy: 'org.delegate',
    input: delegateInput,
    run: (ctx, input): Promise<DelegationDoc> => delegate(depsOf(ctx), ctx, input),
  }),

  /** 撤销委托: by the secretary who delegated, or a street / district admin above the community; the deputy's grant goes at once (audited). */
  revokeDelegation: defineAction({
    policy: 'org.revokeDelegation',
    input: revokeDelegationInput,
    hideForbidden: true,
    async target(ctx, input) {
      const found = await sdkDelegationRepo(ctx.db).get(input.id);
      if (!found) throw new DomainError('NOT_FOUND', DEFAULT_MESSAGES.NOT_FOUND);
      return orgNodeTarget(ctx, found.communityId);
    },
    async run(ctx, input): Promise<DelegationView> {
      const { revoked, community } = await revokeDelegation(depsOf(ctx), ctx, input.id);
      return delegationView(revoked, ctx.clock.now(), ctx.openid, ctx.grants, community);
    },
  }),

  /** A community's delegations (newest first) and, for its secretary, the staff who may be chosen as deputy. */
  delegations: defineAction({
    policy: 'org.delegations',
    input: delegationsInput,
    target: (ctx, input) => orgNodeTarget(ctx, input.communityId),
    async run(ctx, input): Promise<DelegationsView> {
      const community = await communityNode(ctx, input.communityId);
      const now = ctx.clock.now();
      const docs = await sdkDelegationRepo(ctx.db).listByCommunity(community._id, 100);
      const stored = await sdkUserRepo(ctx.db).get(ctx.openid);
      const canDelegate = isSecretaryOf(stored?.roles, community._id);
      const candidates = canDelegate
        ? (await communityHandlers({ orgs: sdkOrgRepo(ctx.db), people: sdkPeopleRepo(ctx.db) }, community))
            .filter((p) => p.openid !== ctx.openid)
            .filter((p, i, all) => all.findIndex((q) => q.openid === p.openid) === i)
            .map((p) => ({ openid: p.openid, name: p.name, roleLabel: ROLE_LABELS[p.role], orgName: p.orgName }))
        : [];
      return {
        communityId: community._id,
        communityName: community.name,
        canDelegate,
        candidates,
        delegations: docs.map((d) => delegationView(d, now, ctx.openid, ctx.grants, community)),
      };
    },
  }),
};
