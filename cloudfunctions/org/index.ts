import { z } from 'zod';
import { DomainError } from '../../domain/model/envelope';
import { inboxInput, markReadInput, qrcodeInput, resolveSceneInput, type CategoryView, type QrcodeView } from '../../domain/org/api';
import { inboxView } from '../../domain/org/inbox';
import { communityHandlers } from '../../domain/org/handlers';
import { resolvePlace } from '../../domain/org/place';
import { visibleTree, TREE_MAX_DEPTH } from '../../domain/org/tree';
import { whoami } from '../../domain/org/whoami';
import { nodeFromScene } from '../../domain/orders/submit';
import { encodeScene } from '../../domain/qr/scene';
import { type ActionContext, createMain, defineAction } from '../_shared/dispatch';
import { orgNodeTarget } from '../_shared/targets';
import { configListInput, savePolicyInput, saveRuleInput } from '../../domain/org/config';
import { delegationActions } from './delegation-actions';
import { qrImageFor } from '../_shared/qr-image';
import { sdkCategoryRepo, sdkConfigAdmin } from '../_shared/repos/config-repos';
import { sdkInboxRepo } from '../_shared/repos/inbox-repo';
import { sdkOrgRepo } from '../_shared/repos/org-repo';
import { sdkPeopleRepo } from '../_shared/repos/people-repo';
import { sdkUserRepo } from '../_shared/repos/user-repo';
import { ID as ORG_ID } from '../../domain/orders/api';
import { sceneSigner } from '../_shared/scene-signer';

/** Replaces (or adds) one configuration document, audited (see configAdmin in the repository). */
const saveAudited = <T extends { _id: string }>(ctx: ActionContext, collection: 'routing_rules' | 'sla_policies', doc: T): Promise<T> =>
  sdkConfigAdmin(ctx.db).save(collection, doc, (before) => ({
    _id: ctx.ids.next('aud'),
    at: ctx.clock.now(),
    by: ctx.openid,
    action: `save:${collection}`,
    target: `${collection}/${doc._id}`,
    before,
    after: doc,
  }));

const actions = {
  whoami: defineAction({
    policy: 'org.whoami',
    input: z.strictObject({}),
    run: (ctx) => whoami({ users: sdkUserRepo(ctx.db), orgs: sdkOrgRepo(ctx.db) }, ctx.openid),
  }),
  tree: defineAction({
    policy: 'org.tree',
    input: z.strictObject({
      rootId: ORG_ID.optional(),
      depth: z.number().int().min(0).max(TREE_MAX_DEPTH).optional(),
    }),
    target: (ctx, input) => (input.rootId ? orgNodeTarget(ctx, input.rootId) : Promise.resolve(undefined)),
    run: (ctx, input) => visibleTree(sdkOrgRepo(ctx.db), ctx.grants, input),
  }),
  /** The place behind a building/unit QR code; forged or edited scenes are refused. */
  resolveScene: defineAction({
    policy: 'org.resolveScene',
    input: resolveSceneInput,
    async run(ctx, input) {
      const orgs = sdkOrgRepo(ctx.db);
      const node = await nodeFromScene({ orgs, sign: await sceneSigner() }, input.scene);
      return (await resolvePlace(orgs, node)).view;
    },
  }),
  categories: defineAction({
    policy: 'org.categories',
    input: z.strictObject({}),
    run: async (ctx): Promise<CategoryView[]> =>
      (await sdkCategoryRepo(ctx.db, ctx.clock.now).list()).map((c) => ({ id: c._id, name: c.name, kind: c.kind })),
  }),
  /** A building's or unit's QR code (secretary and above, within their subtree). */
  qrcode: defineAction({
    policy: 'org.qrcode',
    input: qrcodeInput,
    target: (ctx, input) => orgNodeTarget(ctx, input.orgId),
    async run(ctx, input): Promise<QrcodeView> {
      const orgs = sdkOrgRepo(ctx.db);
      const node = await orgs.get(input.orgId);
      if (!node || (node.type !== 'building' && node.type !== 'unit')) {
        throw new DomainError('INVALID_ARGUMENT', '只能为楼栋或单元生成二维码', { fields: [{ path: 'orgId', message: '请选择楼栋或单元' }] });
      }
      const scene = encodeScene({ kind: node.type, id: node._id }, await sceneSigner());
      const { image, url } = await qrImageFor(scene);
      return { scene, image, url, place: (await resolvePlace(orgs, node)).view };
    },
  }),
  /** People a dispatcher may hand an order to (改派), least loaded first. */
  handlers: defineAction({
    policy: 'org.handlers',
    input: qrcodeInput,
    target: (ctx, input) => orgNodeTarget(ctx, input.orgId),
    async run(ctx, input) {
      const orgs = sdkOrgRepo(ctx.db);
      const node = await orgs.get(input.orgId);
      if (!node || node.type !== 'community') throw new DomainError('INVALID_ARGUMENT', '请选择社区', { fields: [{ path: 'orgId', message: '请选择社区' }] });
      return communityHandlers({ orgs, people: sdkPeopleRepo(ctx.db) }, node);
    },
  }),
  ...delegationActions,
  /** District configuration: routing rules or SLA policies, in the order they are tried. */
  config: defineAction({
    policy: 'org.config',
    input: configListInput,
    run: (ctx, input) => sdkConfigAdmin(ctx.db).list(input.kind),
  }),
  saveRule: defineAction({
    policy: 'org.saveRule',
    input: saveRuleInput,
    run: (ctx, input) => saveAudited(ctx, 'routing_rules', input.rule),
  }),
  saveSlaPolicy: defineAction({
    policy: 'org.saveSlaPolicy',
    input: savePolicyInput,
    run: (ctx, input) => saveAudited(ctx, 'sla_policies', input.policy),
  }),
  inbox: defineAction({
    policy: 'org.inbox',
    input: inboxInput,
    async run(ctx, input) {
      const repo = sdkInboxRepo(ctx.db);
      const limit = input.limit ?? 20;
      const page = await repo.page(ctx.openid, limit + 1, input.cursor);
      return inboxView(page, limit, await repo.unread(ctx.openid), repo.cursorOf);
    },
  }),
  markRead: defineAction({
    policy: 'org.markRead',
    input: markReadInput.refine((v) => (v.ids === undefined) !== (v.all === undefined), { message: '请指定要标记的消息或全部', path: ['ids'] }),
    run: async (ctx, input) => ({ updated: await sdkInboxRepo(ctx.db).markRead(ctx.openid, input.all ? 'all' : (input.ids ?? [])) }),
  }),
};

export const main = createMain('org', actions);
