export const ROLES = [
  'resident',
  'volunteer',
  'grid_worker',
  'secretary',
  'street_admin',
  'department_officer',
  'district_admin',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  volunteer: '报到党员',
  grid_worker: '网格员',
  secretary: '社区书记',
  street_admin: '街道管理员',
  department_officer: '职能部门',
  district_admin: '区委管理员',
};

/** A role held by a user, scoped to one org node (building, community, grid, street, department or district). */
export interface RoleGrant {
  role: Role;
  orgId: string;
}

export interface UserDoc {
  _id: string; // the WeChat OPENID
  name: string;
  roles: RoleGrant[];
  /** Personal phone: never sent to clients other than the owner and the assigned handler. */
  phone?: string;
  createdAt: number;
}
