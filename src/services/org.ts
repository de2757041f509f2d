/** Typed helpers for the `org` cloud function. */
import type { Envelope } from '../../domain/model/envelope'
import type { OrgType } from '../../domain/model/org'
import type { Role } from '../../domain/model/roles'
import { call } from './cloud'

export interface WhoamiRole {
  role: Role
  orgId: string
  orgName: string
  /** The node with its ancestors from the community down, e.g. "文汇社区 · 1号楼" (domain/org/whoami.ts). */
  orgLabel?: string
  /** An OrgType value (or 'unknown'); kept as string so a new org type on the server does not break old clients. */
  orgType: string
}

export interface Whoami {
  openid: string
  name: string | null
  roles: WhoamiRole[]
}

export interface TreeNode {
  _id: string
  type: OrgType
  name: string
  parentId: string | null
  path: string[]
}

export interface TreePayload {
  rootId?: string
  depth?: number
}

/** The caller: openid, display name and every role grant with its org name. */
export function whoami(): Promise<Envelope<Whoami>> {
  return call<Whoami>('org', 'whoami')
}

/** Org tree nodes below `rootId` (default: the whole tree) down to `depth` levels. */
export function tree(payload?: TreePayload): Promise<Envelope<{ nodes: TreeNode[] }>> {
  return call<{ nodes: TreeNode[] }>('org', 'tree', payload ?? {})
}
