import { DomainError } from '../../domain/model/envelope';
import { rankingInput, scoresInput } from '../../domain/scoring/api';
import { periodOf } from '../../domain/scoring/period';
import { DEFAULT_PRIOR_WEIGHT, rankBySatisfaction, scoresFrom } from '../../domain/scoring/scores';
import { type ActionContext, defineAction } from '../_shared/dispatch';
import { sdkOrgRepo } from '../_shared/repos/org-repo';
import { orgNodeTarget } from '../_shared/targets';
import { sdkScoreRepo } from '../_shared/repos/score-repo';

const priorWeight = () => Number(process.env.REDGRID_PRIOR_WEIGHT ?? DEFAULT_PRIOR_WEIGHT);

export const nodeTarget = (ctx: Omit<ActionContext, 'grants'>, input: { orgId: string }) => orgNodeTarget(ctx, input.orgId);

/** The district mean stars over the period: the prior every smoothed score leans towards. */
export const priorFor = async (ctx: ActionContext, districtId: string, from: string, to: string) => {
  const c = await sdkScoreRepo(ctx.db).sum(districtId, from, to);
  return { mean: c.rated > 0 ? c.starsSum / c.rated : 4, weight: priorWeight() };
};

/** The three rates and friends of a node, and its children side by side. */
export const scoreActions = {
  /** One node's numbers for a period (default: this month). */
  scores: defineAction({
    policy: 'scoring.scores',
    input: scoresInput,
    target: nodeTarget,
    async run(ctx, input) {
      const node = await sdkOrgRepo(ctx.db).get(input.orgId);
      if (!node) throw new DomainError('NOT_FOUND', '组织不存在');
      const { from, to } = periodOf(ctx.clock.now(), input.from, input.to);
      const repo = sdkScoreRepo(ctx.db);
      const prior = await priorFor(ctx, node.path[0] ?? node._id, from, to);
      return scoresFrom({ orgId: node._id, from, to }, await repo.sum(node._id, from, to), prior);
    },
  }),
  /** The node's children side by side, ranked by smoothed satisfaction. */
  ranking: defineAction({
    policy: 'scoring.ranking',
    input: rankingInput,
    target: nodeTarget,
    async run(ctx, input) {
      const orgs = sdkOrgRepo(ctx.db);
      const node = await orgs.get(input.orgId);
      if (!node) throw new DomainError('NOT_FOUND', '组织不存在');
      const { from, to } = periodOf(ctx.clock.now(), input.from, input.to);
      const children = (await orgs.descendants(node._id, node.depth + 1, 500)).filter((n) => n.parentId === node._id && n.type !== 'building');
      const repo = sdkScoreRepo(ctx.db);
      const prior = await priorFor(ctx, node.path[0] ?? node._id, from, to);
      const rows = await Promise.all(
        children.map(async (child) => ({ name: child.name, type: child.type, ...scoresFrom({ orgId: child._id, from, to }, await repo.sum(child._id, from, to), prior) })),
      );
      return { orgId: node._id, from, to, prior, rows: rankBySatisfaction(rows) };
    },
  }),
};
