import type { OrgNode } from '../../domain/model/org';
import type { UserDoc } from '../../domain/model/roles';
import type { OrgRepo, UserRepo } from '../../domain/ports/repos';

/** In-memory adapters of the repository ports, for use-case unit tests. */
export const fakeOrgRepo = (nodes: readonly OrgNode[]): OrgRepo & { reads: number } => {
  const byId = new Map(nodes.map((n) => [n._id, n]));
  const repo = {
    reads: 0,
    async get(id: string) {
      repo.reads++;
      return byId.get(id);
    },
    async getMany(ids: readonly string[]) {
      repo.reads++;
      return ids.map((id) => byId.get(id)).filter((n): n is OrgNode => n !== undefined);
    },
    async descendants(rootId: string, maxDepth: number, cap: number) {
      repo.reads++;
      return nodes.filter((n) => n.path.includes(rootId) && n.depth <= maxDepth).slice(0, cap);
    },
  };
  return repo;
};

export const fakeUserRepo = (users: readonly UserDoc[]): UserRepo => {
  const byId = new Map(users.map((u) => [u._id, u]));
  return { get: async (openid) => byId.get(openid) };
};
