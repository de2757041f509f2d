import { isSecretaryOf } from '../../domain/authz/grants';
import { DomainError, DEFAULT_MESSAGES } from '../../domain/model/envelope';
import type { OrgNode } from '../../domain/model/org';
import { ROLE_LABELS, type UserDoc } from '../../domain/model/roles';
import type { AuditDoc } from '../../domain/org/config';
import {
  type DelegatedRole,
  type DelegationDoc,
  type DelegationsView,
  type DelegationView,
  delegateInput,
  delegationsInput,
  delegationView,
  nextDelegated,
  requireEligibleDeputy,
  requireOwnSecretaryRole,
  requireRevocable,
  revokeDelegationInput,
  validateDelegation,
} from '../../domain/org/delegation';
import { type ActionContext, defineAction } from '../_shared/dispatch';
import { dataOf, isNotFound } from '../_shared/repos/sdk-results';
import { sdkOrgRepo } from '../_shared/repos/org-repo';
import { sdkPeopleRepo } from '../_shared/repos/people-repo';
import { sdkUserRepo } from '../_shared/repos/user-repo';
import { orgNodeTarget } from '../_shared/targets';
import { communityHandlers } from '../../domain/org/handlers';

/**
 * 委托 through the `org` function: delegate (bounded to the community's own staff), revoke,
 * and the list of a community's delegations with the people a secretary may choose from.
 * Each change writes the delegation, the deputy's `delegated` entries and its audit entry in
 * one transaction; the dispatcher reads `delegated` per call, so a revocation takes effect at
 * the deputy's very next call.
 */

type UserWithDelegated = UserDoc & { delegated?: DelegatedRole[] };
type TxDoc = { get(): Promise<unknown>; update(a: unknown): Promise<unknown> };
type Tx = { collection(n: string): { add(a: unknown): Promise<unknown>; doc(id: string): TxDoc } };

const txGet = async <T>(tx: Tx, collection: string, id: string): Promise<T | undefined> => {
  try {
    return dataOf<T>(await tx.collection(collection).doc(id).get());
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
};

const getDelegation = async (ctx: Pick<ActionContext, 'db'>, id: string): Promise<DelegationDoc | undefined> => {
  try {
    return dataOf<DelegationDoc>(await ctx.db.collection('delegations').doc(id).get());
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
};

const communityNode = async (ctx: Pick<ActionContext, 'db'>, id: string): Promise<OrgNode> => {
  const node = await sdkOrgRepo(ctx.db).get(id);
  if (!node || node.type !== 'community') throw new DomainError('INVALID_ARGUMENT', '请选择社区', { fields: [{ path: 'communityId', message: '请选择社区' }] });
  return node;
};

const audit = (ctx: ActionContext, at: number, action: string, doc: DelegationDoc, before: DelegationDoc | null): AuditDoc => ({
  _id: ctx.ids.next('aud'),
  at,
  by: ctx.openid,
  action,
  target: `delegations/${doc._id}`,
  before,
  after: doc,
});

export const delegationActions = {
  /** 委托: a secretary hands their community duties to a deputy of the same community for a date range (audited). */
  delegate: defineAction({
    policy: 'org.delegate',
    input: delegateInput,
    async run(ctx, input): Promise<DelegationDoc> {
      const users = sdkUserRepo(ctx.db);
      const stored = await users.get(ctx.openid);
      requireOwnSecretaryRole(stored?.roles, input.communityId);
      validateDelegation(input, ctx.clock.now());
      const deputy = input.deputyOpenid === ctx.openid ? stored : await users.get(input.deputyOpenid);
      const deputyNodes = deputy ? await sdkOrgRepo(ctx.db).getMany(deputy.roles.filter((g) => g.role === 'grid_worker').map((g) => g.orgId)) : [];
      requireEligibleDeputy(ctx.openid, input.communityId, deputy, deputyNodes);
      const now = ctx.clock.now();
      const doc: DelegationDoc = {
        _id: ctx.ids.next('dlg'),
        communityId: input.communityId,
        secretaryOpenid: ctx.openid,
        secretaryName: ctx.name,
        deputyOpenid: deputy!._id,
        deputyName: deputy!.name,
        from: input.from,
        to: input.to,
        reason: input.reason,
        createdAt: now,
        revokedAt: null,
        revokedBy: null,
        revokedByName: null,
      };
      const role: DelegatedRole = { role: 'secretary', orgId: doc.communityId, from: doc.from, to: doc.to, delegationId: doc._id };
      await ctx.db.runTransaction(async (tx: Tx) => {
        const current = await txGet<UserWithDelegated>(tx, 'users', doc.deputyOpenid);
        await tx.collection('delegations').add({ data: doc });
        await tx.collection('users').doc(doc.deputyOpenid).update({ data: { delegated: nextDelegated(current?.delegated, now, { add: role }) } });
        await tx.collection('audit').add({ data: audit(ctx, now, 'delegate', doc, null) });
      });
      return doc;
    },
  }),

  /** 撤销委托: by the secretary who delegated, or a street / district admin above the community; the deputy's grant goes at once (audited). */
  revokeDelegation: defineAction({
    policy: 'org.revokeDelegation',
    input: revokeDelegationInput,
    hideForbidden: true,
    async target(ctx, input) {
      const found = await getDelegation(ctx, input.id);
      if (!found) throw new DomainError('NOT_FOUND', DEFAULT_MESSAGES.NOT_FOUND);
      return orgNodeTarget(ctx, found.communityId);
    },
    async run(ctx, input): Promise<DelegationView> {
      const now = ctx.clock.now();
      const found = await getDelegation(ctx, input.id);
      const community = found ? await sdkOrgRepo(ctx.db).get(found.communityId) : undefined;
      requireRevocable(ctx.openid, ctx.grants, found, community, now);
      let revoked: DelegationDoc | undefined;
      await ctx.db.runTransaction(async (tx: Tx) => {
        const before = requireRevocable(ctx.openid, ctx.grants, await txGet<DelegationDoc>(tx, 'delegations', input.id), community, now);
        revoked = { ...before, revokedAt: now, revokedBy: ctx.openid, revokedByName: ctx.name };
        const deputy = await txGet<UserWithDelegated>(tx, 'users', before.deputyOpenid);
        await tx.collection('delegations').doc(before._id).update({ data: { revokedAt: now, revokedBy: ctx.openid, revokedByName: ctx.name } });
        if (deputy) await tx.collection('users').doc(deputy._id).update({ data: { delegated: nextDelegated(deputy.delegated, now, { remove: before._id }) } });
        await tx.collection('audit').add({ data: audit(ctx, now, 'revokeDelegation', revoked, before) });
      });
      return delegationView(revoked!, now, ctx.openid, ctx.grants, community!);
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
      const docs = dataOf<DelegationDoc[]>(
        await ctx.db.collection('delegations').where({ communityId: community._id }).orderBy('createdAt', 'desc').limit(100).get(),
      );
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
