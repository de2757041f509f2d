import { DEFAULT_HANDLER_CAP, type OrdersDeps } from '../../domain/orders/deps';
import type { OrgNode } from '../../domain/model/org';
import type { OrgRepo } from '../../domain/ports/repos';
import type { ActionContext } from './dispatch';
import { sdkNotifier } from './notifier';
import { creditOrderPoints, recordClosedOrderService } from './repos/ledger-credits';
import { sdkCategoryRepo, sdkRuleRepo, sdkSlaRepo } from './repos/config-repos';
import { sdkOrderStore } from './repos/order-store';
import { sdkOrgRepo } from './repos/org-repo';
import { sdkPeopleRepo } from './repos/people-repo';
import { sceneSigner } from './scene-signer';
import { contentCheck } from './content-check';
import { sdkVisitRepo } from './repos/visit-repo';
import { DEFAULT_SAMPLE_PERCENT } from '../../domain/scoring/follow-up';


/**
 * Org nodes read once per invocation: a submit needs the place's ancestors for its label,
 * the community again for routing, a sweep the same street and district for many orders.
 * The tree does not change within one call; each node costs one round trip at most.
 */
const onceOrgs = (repo: OrgRepo): OrgRepo => {
  const known = new Map<string, OrgNode | undefined>();
  return {
    async get(id) {
      if (!known.has(id)) known.set(id, await repo.get(id));
      return known.get(id);
    },
    async getMany(ids) {
      const wanted = [...new Set(ids)];
      const missing = wanted.filter((id) => !known.has(id));
      if (missing.length > 0) {
        const found = new Map((await repo.getMany(missing)).map((n) => [n._id, n]));
        for (const id of missing) known.set(id, found.get(id));
      }
      return wanted.map((id) => known.get(id)).filter((n): n is OrgNode => n !== undefined);
    },
    descendants: (rootId, maxDepth, cap) => repo.descendants(rootId, maxDepth, cap),
  };
};

/** The order use cases' ports over wx-server-sdk (used by `orders` and by the `sweep`). */
export const ordersDeps = async (ctx: Omit<ActionContext, 'grants'>): Promise<OrdersDeps> => ({
  orders: sdkOrderStore(ctx.db),
  rules: sdkRuleRepo(ctx.db, ctx.clock.now),
  sla: sdkSlaRepo(ctx.db, ctx.clock.now),
  categories: sdkCategoryRepo(ctx.db, ctx.clock.now),
  orgs: onceOrgs(sdkOrgRepo(ctx.db)),
  people: sdkPeopleRepo(ctx.db),
  notifier: sdkNotifier(ctx.db, ctx.ids, ctx.clock.now),
  closed: {
    // 微心愿 and emergencies earn the volunteer who fulfilled them points (once per order), and every
    // order a registered member handled to closure counts as one of their services (once per order).
    orderClosed: async (order) => {
      const credit = await creditOrderPoints(ctx.db, ctx.clock, ctx.ids, order);
      await recordClosedOrderService(ctx.db, ctx.clock, ctx.ids, order, credit?.points ?? 0);
    },
  },
  clock: ctx.clock,
  ids: ctx.ids,
  sign: await sceneSigner(),
  handlerCap: Number(process.env.REDGRID_HANDLER_CAP ?? DEFAULT_HANDLER_CAP),
  visits: sdkVisitRepo(ctx.db),
  content: contentCheck(),
  visitSamplePercent: Number(process.env.REDGRID_VISIT_SAMPLE_PERCENT ?? DEFAULT_SAMPLE_PERCENT),
});

