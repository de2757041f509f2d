import { z } from 'zod';
import { visibleTree, TREE_MAX_DEPTH } from '../../domain/org/tree';
import { whoami } from '../../domain/org/whoami';
import { DomainError } from '../../domain/model/envelope';
import { createMain, defineAction } from '../_shared/dispatch';
import { sdkOrgRepo } from '../_shared/repos/org-repo';
import { sdkUserRepo } from '../_shared/repos/user-repo';
import { ORG_ID } from '../_shared/schemas';

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
    async target(ctx, input) {
      if (!input.rootId) return undefined;
      const node = await sdkOrgRepo(ctx.db).get(input.rootId);
      if (!node) throw new DomainError('NOT_FOUND', '组织不存在');
      return { orgId: node._id, path: node.path };
    },
    run: (ctx, input) => visibleTree(sdkOrgRepo(ctx.db), ctx.grants, input),
  }),
};

export const main = createMain('org', actions);
