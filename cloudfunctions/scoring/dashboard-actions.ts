import type { OrgNode } from '../../domain/model/org';
import { dashboardInput } from '../../domain/scoring/api';
import { buildDashboard, comparedChildren, heatKeyOf } from '../../domain/scoring/dashboard';
import { boundedPeriod } from '../../domain/scoring/period';
import { localDate } from '../../domain/time/beijing';
import { defineAction } from '../_shared/dispatch';
import { sdkCategoryRepo } from '../_shared/repos/config-repos';
import { sdkDashboardRepo } from '../_shared/repos/dashboard-repo';
import { sdkOrgRepo } from '../_shared/repos/org-repo';
import { sdkScoreRepo } from '../_shared/repos/score-repo';
import { districtOf, nodeOf, nodeTarget, priorFor } from './nodes';

/** Dashboards: a node with its children side by side, weekly trend, top categories and the 超时 heat list. */
export const dashboardActions = {
  /**
   * One node's dashboard for a period (default this month). Reads the rollups of the node
   * and of its children (one query each kind), the categories, and one limited order query.
   */
  dashboard: defineAction({
    policy: 'scoring.dashboard',
    input: dashboardInput,
    target: nodeTarget,
    async run(ctx, input) {
      const orgs = sdkOrgRepo(ctx.db);
      const node = await nodeOf(ctx, input.orgId);
      const now = ctx.clock.now();
      const period = boundedPeriod(now, input.from, input.to);

      const scores = sdkScoreRepo(ctx.db);
      const children = comparedChildren(node, await orgs.descendants(node._id, node.depth + 1, 500));
      const [daily, sums, prior, categories, overdue] = await Promise.all([
        scores.daily([node._id], period.from, period.to),
        scores.sumMany([...children.rows, ...children.departments].map((c) => c._id), period.from, period.to),
        priorFor(ctx, districtOf(node), period.from, period.to),
        sdkCategoryRepo(ctx.db, () => now).list(),
        sdkDashboardRepo(ctx.db).overdueUnder(node._id, now),
      ]);
      const names = await heatNames(orgs, node, [...new Set(overdue.orders.map((o) => heatKeyOf(node.type, o)))]);
      const categoryNames = new Map(categories.map((c) => [c._id, c.name]));
      return buildDashboard({
        node,
        period,
        today: localDate(now),
        now,
        prior,
        daily,
        children,
        sums,
        categoryName: (id) => categoryNames.get(id) ?? id,
        overdue: { ...overdue, names },
      });
    },
  }),
};

/** Names of the heat-list places and of their parents (the street of a community), in two reads. */
const heatNames = async (orgs: ReturnType<typeof sdkOrgRepo>, node: OrgNode, ids: string[]) => {
  const out = new Map<string, { name: string; parentName: string | null }>();
  if (ids.length === 0) return out;
  const places = await orgs.getMany(ids);
  const parentIds = [...new Set(places.map((p) => p.parentId).filter((id): id is string => !!id && id !== node._id))];
  const parents = new Map((parentIds.length > 0 ? await orgs.getMany(parentIds) : []).map((p) => [p._id, p.name]));
  for (const p of places) out.set(p._id, { name: p.name, parentName: p.parentId && p.parentId !== node._id ? parents.get(p.parentId) ?? null : null });
  return out;
};
