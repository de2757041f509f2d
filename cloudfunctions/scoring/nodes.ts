import { DomainError } from '../../domain/model/envelope';
import type { OrgNode } from '../../domain/model/org';
import { DEFAULT_PRIOR_WEIGHT } from '../../domain/scoring/scores';
import type { ActionContext } from '../_shared/dispatch';
import { sdkOrgRepo } from '../_shared/repos/org-repo';
import { sdkScoreRepo } from '../_shared/repos/score-repo';
import { orgNodeTarget } from '../_shared/targets';

/** The scoring actions' common ground: the org node a request is about, its district, the prior. */

export const nodeTarget = (ctx: Omit<ActionContext, 'grants'>, input: { orgId: string }) => orgNodeTarget(ctx, input.orgId);

export const nodeOf = async (ctx: ActionContext, orgId: string): Promise<OrgNode> => {
  const node = await sdkOrgRepo(ctx.db).get(orgId);
  if (!node) throw new DomainError('NOT_FOUND', '组织不存在');
  return node;
};

export const districtOf = (node: OrgNode): string => node.path[0] ?? node._id;

const priorWeight = () => Number(process.env.REDGRID_PRIOR_WEIGHT ?? DEFAULT_PRIOR_WEIGHT);

/** The district mean stars over the period: the prior every smoothed score leans towards. */
export const priorFor = async (ctx: ActionContext, districtId: string, from: string, to: string) => {
  const c = await sdkScoreRepo(ctx.db).sum(districtId, from, to);
  return { mean: c.rated > 0 ? c.starsSum / c.rated : 4, weight: priorWeight() };
};
