import { parseCheckinCode } from '@domain/checkins/token'

/** What a scanned or typed check-in code asks for. */
export type CheckinTarget =
  | { kind: 'token'; stationId: string; token: string }
  | { kind: 'static'; stationId: string; staticScene: string }

const TOKEN = /^[A-Za-z0-9_-]{8}$/

/**
 * A code from the duty screen (`CI.<stationId>.<token>`, or a link carrying it), a
 * printed station poster (`S<stationId>.<sig>`), or just the 8 characters of the token
 * typed from the screen (then `stationId` says which station). Null when it is none.
 */
export function readCheckinCode(raw: string, stationId?: string): CheckinTarget | null {
  const text = String(raw ?? '').trim()
  if (!text) return null
  const parsed = parseCheckinCode(text)
  if (parsed.kind === 'token') return { kind: 'token', stationId: parsed.stationId, token: parsed.token }
  if (parsed.kind === 'static') {
    const dot = parsed.scene.lastIndexOf('.')
    return { kind: 'static', stationId: parsed.scene.slice(1, dot), staticScene: parsed.scene }
  }
  const compact = text.replace(/\s+/g, '')
  if (stationId && TOKEN.test(compact)) return { kind: 'token', stationId, token: compact }
  return null
}

/** "Ab3d E9xY": the token in two groups of four, easier to read aloud and type. */
export function groupToken(token: string): string {
  return token.length === 8 ? `${token.slice(0, 4)} ${token.slice(4)}` : token
}
