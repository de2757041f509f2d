import { chainLabel, type OrgNode, type OrgType } from '../model/org';
import type { Role } from '../model/roles';
import type { OrgRepo, UserRepo } from '../ports/repos';

export interface WhoamiRole {
  role: Role;
  orgId: string;
  orgName: string;
  /** The node with its ancestors from the community down, e.g. "文汇社区 · 1号楼". */
  orgLabel: string;
  orgType: OrgType | 'unknown';
}

export interface Whoami {
  openid: string;
  /** null for a WeChat user we have never seen: they can still file orders as a resident. */
  name: string | null;
  roles: WhoamiRole[];
}

/** Community-and-below chain: enough to tell "1号楼" of one community from another's. */
const labelFor = (node: OrgNode, byId: ReadonlyMap<string, OrgNode>): string => {
  const chain = [...node.path.map((id) => byId.get(id)).filter((n): n is OrgNode => n !== undefined), node];
  const from = chain.findIndex((n) => n.type === 'community');
  return chainLabel(from >= 0 ? chain.slice(from) : [node]);
};

/** Who the caller is and what they hold, with org names for display. Never includes the phone number. */
export const whoami = async (deps: { users: UserRepo; orgs: OrgRepo }, openid: string): Promise<Whoami> => {
  const user = await deps.users.get(openid);
  if (!user) return { openid, name: null, roles: [] };
  const scoped = await deps.orgs.getMany([...new Set(user.roles.map((r) => r.orgId))]);
  const ancestors = await deps.orgs.getMany([...new Set(scoped.flatMap((n) => n.path))]);
  const byId = new Map([...scoped, ...ancestors].map((n) => [n._id, n]));
  return {
    openid,
    name: user.name,
    roles: user.roles.map((grant) => {
      const node = byId.get(grant.orgId);
      return {
        role: grant.role,
        orgId: grant.orgId,
        orgName: node?.name ?? '（已撤销的组织）',
        orgLabel: node ? labelFor(node, byId) : '（已撤销的组织）',
        orgType: node?.type ?? 'unknown',
      };
    }),
  };
};
