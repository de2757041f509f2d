/** Turning error envelopes into what a form shows. */
import type { ErrorBody } from '@domain/model/envelope'

export type FieldErrors = Record<string, string>

/**
 * `details.fields[].path` → the form's own field names. `map` keys are server paths
 * (or their prefixes: "media" also matches "media.0"); the first message per field wins.
 */
export function fieldErrors(error: ErrorBody, map: Record<string, string>): FieldErrors {
  const out: FieldErrors = {}
  const fields = (error.details as { fields?: unknown } | undefined)?.fields
  if (!Array.isArray(fields)) return out
  for (const f of fields) {
    if (typeof f !== 'object' || f === null) continue
    const { path, message } = f as { path?: unknown; message?: unknown }
    if (typeof path !== 'string' || typeof message !== 'string') continue
    const target = map[path] ?? map[Object.keys(map).find((k) => path.startsWith(`${k}.`)) ?? '']
    if (target && !out[target]) out[target] = message
  }
  return out
}

/**
 * The server answered and refused on purpose (bad input, wrong state, no right):
 * nothing was stored, so a corrected retry is a new action with a new idempotency key.
 * INTERNAL (network/timeouts) and RATE_LIMITED keep the key: the first try may have landed.
 */
export function isDefinitive(error: ErrorBody): boolean {
  return error.code !== 'INTERNAL' && error.code !== 'RATE_LIMITED'
}
