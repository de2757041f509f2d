/** whoami answers for the demo people (mirrors the seeded demo district). */
export const SECRETARY = {
  openid: 'demo-secretary-wenhui',
  name: '王建华',
  roles: [
    { role: 'secretary', orgId: 'c-wenhui', orgName: '文汇社区', orgLabel: '文汇社区', orgType: 'community' },
    { role: 'resident', orgId: 'b-wenhui-3', orgName: '3号楼', orgLabel: '文汇社区 · 文汇社区第3网格 · 3号楼', orgType: 'building' },
  ],
}

export const VOLUNTEER = {
  openid: 'demo-volunteer-li',
  name: '李红梅',
  roles: [{ role: 'volunteer', orgId: 'c-wenhui', orgName: '文汇社区', orgLabel: '文汇社区', orgType: 'community' }],
}

export const GRID_WORKER = {
  openid: 'demo-grid-zhao',
  name: '赵网格',
  roles: [
    { role: 'grid_worker', orgId: 'g-wenhui-3', orgName: '文汇社区第3网格', orgLabel: '文汇社区 · 文汇社区第3网格', orgType: 'grid' },
  ],
}

export const NEWCOMER = { openid: 'demo-newcomer', name: null, roles: [] as unknown[] }

export const ok = <T>(data: T) => ({ ok: true as const, data })

export const fail = (code: string, message: string, details?: unknown) =>
  details === undefined ? { ok: false as const, error: { code, message } } : { ok: false as const, error: { code, message, details } }

/** An empty inbox: what the tab pages' unread badge asks for. */
export const EMPTY_INBOX = { items: [], unread: 0, nextCursor: null }

/** A cloud stub answering org.whoami with `who` (and an empty inbox for the tab badge), refusing everything else. */
export const whoamiStub =
  (who: unknown) =>
  ({ name, data }: { name: string; data: { action: string } }) =>
    name === 'org' && data.action === 'whoami'
      ? ok(who)
      : name === 'org' && data.action === 'inbox'
        ? ok(EMPTY_INBOX)
        : fail('NOT_FOUND', `stub: ${name}.${data.action}`)

/** What a route answers: an envelope, or `(payload, event) => envelope` (typed by the test that writes it). */
export type Route = unknown

/**
 * A cloud stub routing `"<fn>.<action>"` to answers (plain values are returned as is,
 * so wrap data with ok()). org.inbox defaults to an empty inbox; anything else unknown is NOT_FOUND.
 */
export const routes =
  (table: Record<string, Route>) =>
  ({ name, data }: { name: string; data: { action: string; payload?: unknown; idempotencyKey?: string } }) => {
    const key = `${name}.${data.action}`
    const r = key in table ? table[key] : key === 'org.inbox' ? ok(EMPTY_INBOX) : fail('NOT_FOUND', `stub: ${key}`)
    return typeof r === 'function' ? (r as (p: unknown, d: typeof data) => unknown)(data.payload, data) : r
  }
