import { DomainError } from '../../domain/model/envelope';
import { rankingInput, recordVisitInput, scoresInput, visitsInput } from '../../domain/scoring/api';
import { recordVisitOutcome, requireVisitor } from '../../domain/orders/visits';
import { viewOrder } from '../../domain/orders/queries';
import { ordersDeps } from '../_shared/orders-deps';
import { sdkVisitRepo } from '../_shared/repos/visit-repo';
import { periodOf } from '../../domain/scoring/period';
import { DEFAULT_PRIOR_WEIGHT, rankBySatisfaction, scoresFrom } from '../../domain/scoring/scores';
import { type ActionContext, createMain, defineAction } from '../_shared/dispatch';
import { sdkOrgRepo } from '../_shared/repos/org-repo';
import { orgNodeTarget } from '../_shared/targets';
import { sdkScoreRepo } from '../_shared/repos/score-repo';

const priorWeight = () => Number(process.env.REDGRID_PRIOR_WEIGHT ?? DEFAULT_PRIOR_WEIGHT);

const nodeTarget = (ctx: Omit<ActionContext, 'grants'>, input: { orgId: string }) => orgNodeTarget(ctx, input.orgId);

/** The district mean stars over the period: the prior every smoothed score leans towards. */
const priorFor = async (ctx: ActionContext, districtId: string, from: string, to: string) => {
  const c = await sdkScoreRepo(ctx.db).sum(districtId, from, to);
  return { mean: c.rated > 0 ? c.starsSum / c.rated : 4, weight: priorWeight() };
};

const visitsFor = (ctx: ActionContext) => ({
  assignee: ctx.openid,
  communityIds: ctx.grants.filter((g) => g.role === 'secretary').map((g) => g.orgId),
  gridIds: ctx.grants.filter((g) => g.role === 'grid_worker').map((g) => g.orgId),
});

const actions = {
  /** The caller's open return visits (todo), or only those past their 14 days (overdue). */
  visits: defineAction({
    policy: 'scoring.visits',
    input: visitsInput,
    run: async (ctx, input) => sdkVisitRepo(ctx.db).open(visitsFor(ctx), input.box === 'overdue' ? ctx.clock.now() : undefined),
  }),
  /** 回访结果: satisfied / partly / not satisfied (reopens and escalates the order). */
  recordVisit: defineAction({
    policy: 'scoring.recordVisit',
    input: recordVisitInput,
    async run(ctx, input) {
      const repo = sdkVisitRepo(ctx.db);
      const visit = await repo.get(input.id);
      if (!visit) throw new DomainError('NOT_FOUND', '回访任务不存在');
      requireVisitor(visit, ctx);
      const deps = await ordersDeps(ctx);
      const order = await deps.orders.get(visit.orderId);
      if (!order) throw new DomainError('NOT_FOUND', '诉求不存在');
      if (!(await repo.finish(visit._id, { outcome: input.outcome, method: input.method, note: input.note, doneAt: ctx.clock.now(), doneBy: ctx.openid }))) {
        throw new DomainError('CONFLICT', '这条回访刚刚已被记录');
      }
      const updated = await recordVisitOutcome(deps, ctx, visit, order, input.outcome, input.note);
      return { visitId: visit._id, order: await viewOrder(deps, ctx, updated) };
    },
  }),
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

export const main = createMain('scoring', actions);
