import { DomainError } from '../model/envelope';
import type { OrgNode } from '../model/org';
import type { RoleGrant } from '../model/roles';
import type { OrgRepo } from '../ports/repos';

export const TREE_MAX_DEPTH = 6;
export const TREE_DEFAULT_DEPTH = 2;
export const TREE_NODE_CAP = 3000;

export interface TreeView {
  /** The subtree roots the caller sees (one per role scope, nested scopes folded). */
  roots: string[];
  nodes: Pick<OrgNode, '_id' | 'type' | 'name' | 'parentId' | 'path' | 'depth'>[];
  /** True when the cap cut the answer: ask again with a deeper rootId. */
  truncated: boolean;
}

const view = (n: OrgNode): TreeView['nodes'][number] => ({
  _id: n._id,
  type: n.type,
  name: n.name,
  parentId: n.parentId,
  path: n.path,
  depth: n.depth,
});

/**
 * The part of the org tree the caller may see: below `rootId` when given (the
 * caller must already be authorized for it), else below each of their role scopes.
 */
export const visibleTree = async (
  orgs: OrgRepo,
  grants: readonly RoleGrant[],
  request: { rootId?: string; depth?: number },
): Promise<TreeView> => {
  const depth = Math.min(request.depth ?? TREE_DEFAULT_DEPTH, TREE_MAX_DEPTH);
  const scopeIds = request.rootId ? [request.rootId] : [...new Set(grants.map((g) => g.orgId))];
  const scopeNodes = await orgs.getMany(scopeIds);
  if (request.rootId && scopeNodes.length === 0) throw new DomainError('NOT_FOUND', '组织不存在');
  const roots = scopeNodes.filter((n) => !scopeNodes.some((other) => other !== n && n.path.includes(other._id)));
  const nodes = new Map<string, OrgNode>();
  let truncated = false;
  for (const root of roots) {
    nodes.set(root._id, root);
    const below = await orgs.descendants(root._id, root.depth + depth, TREE_NODE_CAP);
    if (below.length >= TREE_NODE_CAP) truncated = true;
    for (const n of below) nodes.set(n._id, n);
  }
  const sorted = [...nodes.values()].sort((a, b) => a.depth - b.depth || a._id.localeCompare(b._id, 'en', { numeric: true }));
  return { roots: roots.map((r) => r._id), nodes: sorted.map(view), truncated };
};
