import type { OrgNode } from '../model/org';
import type { UserDoc } from '../model/roles';

/** Repositories are ports: wx-server-sdk adapters in cloudfunctions/_shared, in-memory fakes in tests. */
export interface UserRepo {
  get(openid: string): Promise<UserDoc | undefined>;
}

export interface OrgRepo {
  get(id: string): Promise<OrgNode | undefined>;
  getMany(ids: readonly string[]): Promise<OrgNode[]>;
  /** The node's descendants down to `maxDepth` (absolute depth = path length), at most `cap` nodes. */
  descendants(rootId: string, maxDepth: number, cap: number): Promise<OrgNode[]>;
}
