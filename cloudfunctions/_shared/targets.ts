import type { OrgTarget } from '../../domain/authz/policy';
import { DomainError } from '../../domain/model/envelope';
import type { ActionContext } from './dispatch';
import { sdkOrgRepo } from './repos/org-repo';

/** The org node an action is about, located for the authorization matrix (NOT_FOUND when it does not exist). */
export const orgNodeTarget = async (ctx: Omit<ActionContext, 'grants'>, orgId: string): Promise<OrgTarget> => {
  const node = await sdkOrgRepo(ctx.db).get(orgId);
  if (!node) throw new DomainError('NOT_FOUND', '组织不存在');
  return { orgId: node._id, path: node.path };
};
