/**
 * The server's idea of "now", for "已等待 2小时" and "5分钟前". On a phone this is the
 * phone's clock. On the H5 dev host the clock can be moved (`/api/dev/clock`, to demo
 * deadlines and escalations), so there the app learns the host's offset and follows it.
 */
let offset = 0
let pending: Promise<void> | null = null

export function serverNow(): number {
  return Date.now() + offset
}

/** Learn the dev host's clock offset (H5 only; a no-op elsewhere or when the host is not in dev mode). */
export function syncServerClock(): Promise<void> {
  if (process.env.TARO_ENV !== 'h5' || typeof fetch !== 'function') return Promise.resolve()
  if (!pending) {
    pending = (async () => {
      try {
        const t0 = Date.now()
        const res = await fetch('/api/dev/clock', { headers: { accept: 'application/json' } })
        if (!res.ok) return
        const body = (await res.json()) as { now?: unknown }
        const at = typeof body.now === 'string' ? Date.parse(body.now) : NaN
        if (Number.isFinite(at)) offset = at - Math.round((t0 + Date.now()) / 2)
      } catch {
        // not the dev host: the device clock it is
      } finally {
        pending = null
      }
    })()
  }
  return pending
}
