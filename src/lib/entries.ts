/** Which entry tiles each role gets on the home page (pure; the server still authorizes every action). */
import type { Role } from '@domain/model/roles'
import { ROLE_LABELS } from '@domain/model/roles'

export type EntryKey = 'scan' | 'orders' | 'volunteer' | 'register' | 'work' | 'secretary' | 'dashboard' | 'review'

export interface EntryTile {
  key: EntryKey
  title: string
  desc: string
  url: string
}

export const ENTRIES: Record<EntryKey, EntryTile> = {
  scan: { key: 'scan', title: '扫码报事', desc: '扫楼栋二维码，反映问题', url: '/pages/scan/index' },
  orders: { key: 'orders', title: '我的诉求', desc: '查看办理进度，评价服务', url: '/pages/orders/index' },
  volunteer: {
    key: 'volunteer',
    title: '志愿服务',
    desc: '驿站签到、服务时长与积分',
    url: '/packages/volunteer/pages/index/index',
  },
  register: {
    key: 'register',
    title: '党员双报到',
    desc: '在职党员到居住社区报到',
    url: '/packages/volunteer/pages/register/index',
  },
  work: { key: 'work', title: '工作台', desc: '接单、办结、吹哨上报', url: '/packages/work/pages/index/index' },
  secretary: {
    key: 'secretary',
    title: '书记工作台',
    desc: '派单审批、看板与评议',
    url: '/packages/secretary/pages/index/index',
  },
  dashboard: {
    key: 'dashboard',
    title: '数据看板',
    desc: '三率对比、趋势、超时与排名',
    url: '/packages/dashboard/pages/index/index',
  },
  review: {
    key: 'review',
    title: '半年评议',
    desc: '社区排名、街道评语、导出',
    url: '/packages/secretary/pages/review/index',
  },
}

export const ROLE_ENTRIES: Record<Role, EntryKey[]> = {
  resident: ['scan', 'orders'],
  volunteer: ['volunteer'],
  grid_worker: ['work'],
  street_admin: ['work', 'dashboard', 'review'],
  department_officer: ['work'],
  secretary: ['secretary', 'dashboard'],
  district_admin: ['secretary', 'dashboard'],
}

/** Tiles for one role (unknown roles from a newer server get none). */
export function entriesForRole(role: string): EntryTile[] {
  const keys = (ROLE_ENTRIES as Record<string, EntryKey[] | undefined>)[role] ?? []
  return keys.map((k) => ENTRIES[k])
}

/** What a user with no roles can still do: file and follow their own orders, and (party members) register with a community. */
export const NO_ROLE_ENTRIES: EntryTile[] = [...ROLE_ENTRIES.resident, 'register' as const].map((k) => ENTRIES[k])

/** "社区书记"; an unknown role id from a newer server is shown as is. */
export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string | undefined>)[role] ?? role
}

/**
 * Where a grant applies, for display. Buildings and units have names that repeat across
 * communities ("1号楼"), so they are shown under their community, skipping the grid:
 * orgLabel "文汇社区 · 第二网格 · 4号楼" → "文汇社区 · 4号楼"; a unit keeps its building too.
 */
export function orgDisplayName(r: { orgName: string; orgLabel?: string; orgType?: string }): string {
  const own = r.orgType === 'building' ? 1 : r.orgType === 'unit' ? 2 : 0
  if (!own || !r.orgLabel) return r.orgName
  const parts = r.orgLabel.split(' · ')
  if (parts.length <= own + 1) return r.orgLabel
  return [parts[0], ...parts.slice(-own)].join(' · ')
}

/** "社区书记 · 文汇社区" */
export function roleTitle(r: { role: string; orgName: string; orgLabel?: string; orgType?: string }): string {
  const org = orgDisplayName(r)
  return org ? `${roleLabel(r.role)} · ${org}` : roleLabel(r.role)
}

/** "社区书记、居民" (deduplicated, in grant order) */
export function roleLabels(roles: { role: string }[]): string {
  return Array.from(new Set(roles.map((r) => roleLabel(r.role)))).join('、')
}
