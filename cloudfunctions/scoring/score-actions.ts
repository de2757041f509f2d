import { rankingInput, scoresInput } from '../../domain/scoring/api';
import { boundedPeriod } from '../../domain/scoring/period';
import { rankBySatisfaction, scoresFrom } from '../../domain/scoring/scores';
import { defineAction } from '../_shared/dispatch';
import { sdkOrgRepo } from '../_shared/repos/org-repo';
import { sdkScoreRepo } from '../_shared/repos/score-repo';
import { districtOf, nodeOf, nodeTarget, priorFor } from './nodes';

/** The three rates and friends of a node, and its children side by side. */
export const scoreActions = {
  /** One node's numbers for a period (default: this month). */
  scores: defineAction({
    policy: 'scoring.scores',
    input: scoresInput,
    target: nodeTarget,
    async run(ctx, input) {
      const node = await nodeOf(ctx, input.orgId);
      const { from, to } = boundedPeriod(ctx.clock.now(), input.from, input.to);
      const repo = sdkScoreRepo(ctx.db);
      const prior = await priorFor(ctx, districtOf(node), from, to);
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
      const node = await nodeOf(ctx, input.orgId);
      const { from, to } = boundedPeriod(ctx.clock.now(), input.from, input.to);
      const children = (await orgs.descendants(node._id, node.depth + 1, 500)).filter((n) => n.parentId === node._id && n.type !== 'building');
      const repo = sdkScoreRepo(ctx.db);
      const prior = await priorFor(ctx, districtOf(node), from, to);
      const rows = await Promise.all(
        children.map(async (child) => ({ name: child.name, type: child.type, ...scoresFrom({ orgId: child._id, from, to }, await repo.sum(child._id, from, to), prior) })),
      );
      return { orgId: node._id, from, to, prior, rows: rankBySatisfaction(rows) };
    },
  }),
};
