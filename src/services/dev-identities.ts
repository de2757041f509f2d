/**
 * Dev-only identity switching for the H5 build on the local cloud host
 * (`GET /api/dev/identities`, `X-Dev-Openid`; see docs/architecture.md). In the weapp build
 * and when the host is not in dev mode everything here is inert.
 */
import type { Role } from '@domain/model/roles'

export const DEV_OPENID_KEY = 'redgrid.devOpenid'

export interface DevIdentityRole {
  role: Role
  orgId: string
  orgName: string
}

export interface DevIdentity {
  openid: string
  name: string
  roles: DevIdentityRole[]
}

const isH5 = (): boolean => process.env.TARO_ENV === 'h5'

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null // e.g. storage disabled in a privacy mode
  }
}

/** The openid the H5 app acts as (sent as `X-Dev-Openid`), or null for the host's default caller. */
export function getDevOpenid(): string | null {
  if (!isH5()) return null
  const v = storage()?.getItem(DEV_OPENID_KEY)
  return v ? v : null
}

export function setDevOpenid(openid: string | null): void {
  const s = storage()
  if (!isH5() || !s) return
  if (openid) s.setItem(DEV_OPENID_KEY, openid)
  else s.removeItem(DEV_OPENID_KEY)
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

function parseIdentities(body: unknown): DevIdentity[] | null {
  if (!Array.isArray(body)) return null
  const out: DevIdentity[] = []
  for (const item of body) {
    if (!isRecord(item) || typeof item.openid !== 'string') continue
    const roles: DevIdentityRole[] = []
    if (Array.isArray(item.roles)) {
      for (const r of item.roles) {
        if (isRecord(r) && typeof r.role === 'string') {
          roles.push({
            role: r.role as Role,
            orgId: typeof r.orgId === 'string' ? r.orgId : '',
            orgName: typeof r.orgName === 'string' ? r.orgName : '',
          })
        }
      }
    }
    out.push({ openid: item.openid, name: typeof item.name === 'string' ? item.name : item.openid, roles })
  }
  return out
}

/**
 * The demo people a tester can act as. Resolves to null when the switcher must
 * stay hidden: not H5, host not in dev mode (404/403), network error, bad body.
 */
export async function fetchDevIdentities(): Promise<DevIdentity[] | null> {
  if (!isH5() || typeof fetch !== 'function') return null
  try {
    const res = await fetch('/api/dev/identities', { headers: { accept: 'application/json' } })
    if (!res.ok) return null
    return parseIdentities(await res.json())
  } catch {
    return null
  }
}

let defaultChoice: Promise<string | null> | null = null

/**
 * On the dev host, an H5 visitor who has not picked anyone acts as the first demo
 * person (a resident), so http://localhost:3000 opens on a working home page
 * instead of "请先登录". Asked once per page load; inert outside dev mode.
 */
export function ensureDevOpenid(): Promise<string | null> {
  const chosen = getDevOpenid()
  if (chosen || !isH5()) return Promise.resolve(chosen)
  if (!defaultChoice) {
    defaultChoice = fetchDevIdentities().then((list) => {
      const first = list?.[0]?.openid ?? null
      if (first && !getDevOpenid()) setDevOpenid(first)
      return getDevOpenid()
    })
  }
  return defaultChoice
}
