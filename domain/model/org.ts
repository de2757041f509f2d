export const ORG_TYPES = ['district', 'street', 'community', 'grid', 'building', 'unit', 'department'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export const ORG_TYPE_LABELS: Record<OrgType, string> = {
  district: '区',
  street: '街道',
  community: '社区',
  grid: '网格',
  building: '楼栋',
  unit: '单元',
  department: '职能部门',
};

/**
 * One node of the org tree. `path` holds the ancestor ids, root first, so that
 * "everything under X" is one indexed query: `{path: X}`.
 */
export interface OrgNode {
  _id: string;
  type: OrgType;
  name: string;
  parentId: string | null;
  path: string[];
  /** = path.length: 0 for the district. Indexed, so "down to depth N" is one query. */
  depth: number;
  /** Department nodes: the order categories they are responsible for. */
  categories?: string[];
  /** Grid nodes: households covered. */
  households?: number;
}

/** Is `node` the same as or below `ancestorId`? */
export const isWithin = (node: Pick<OrgNode, '_id' | 'path'>, ancestorId: string): boolean =>
  node._id === ancestorId || node.path.includes(ancestorId);

/** Depth below `ancestorId` (0 = itself), or -1 when not within. */
export const depthBelow = (node: Pick<OrgNode, '_id' | 'path'>, ancestorId: string): number => {
  if (node._id === ancestorId) return 0;
  const i = node.path.indexOf(ancestorId);
  return i < 0 ? -1 : node.path.length - i;
};

/** Human label with the full chain, e.g. "渭阳街道 · 文汇社区 · 第3网格". */
export const chainLabel = (nodes: Pick<OrgNode, 'name'>[]): string => nodes.map((n) => n.name).join(' · ');
