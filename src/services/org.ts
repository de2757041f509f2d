/** Typed helpers for the `org` cloud function. */
import type { Envelope } from '@domain/model/envelope'
import type { OrgType } from '@domain/model/org'
import type { Role } from '@domain/model/roles'
import type { PlaceView, QrcodeView, CategoryView, InboxView } from '@domain/org/api'
import type { HandlerView } from '@domain/org/handlers'
import { call } from './cloud'

export type { HandlerView } from '@domain/org/handlers'

export type { PlaceView, QrcodeView, CategoryView, InboxView, InboxItemView } from '@domain/org/api'

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

/** The building/unit a QR scene stands for; refuses edited or invented scenes. */
export function resolveScene(scene: string): Promise<Envelope<PlaceView>> {
  return call<PlaceView>('org', 'resolveScene', { scene })
}

/** Order categories (维修报修, 紧急求助 …) in display order. */
export function categories(): Promise<Envelope<CategoryView[]>> {
  return call<CategoryView[]>('org', 'categories', {})
}

/** The door QR code of a building or unit (secretary and above). */
export function qrcode(orgId: string): Promise<Envelope<QrcodeView>> {
  return call<QrcodeView>('org', 'qrcode', { orgId })
}

/** My messages, newest first, with the unread count. */
export function inbox(payload?: { cursor?: string; limit?: number }): Promise<Envelope<InboxView>> {
  return call<InboxView>('org', 'inbox', payload ?? {})
}

/** Mark some messages (or all) as read. */
export function markRead(payload: { ids: string[] } | { all: true }): Promise<Envelope<{ updated: number }>> {
  return call<{ updated: number }>('org', 'markRead', payload)
}

/** Who in a community can be given an order by hand (改派): grid workers and secretaries, least loaded first. */
export function handlers(communityId: string): Promise<Envelope<HandlerView[]>> {
  return call<HandlerView[]>('org', 'handlers', { orgId: communityId })
}
