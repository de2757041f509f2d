/**
 * The single backend client (docs/architecture.md, "Layers").
 *
 * weapp → Taro.cloud.callFunction({name, data: event}); h5 → POST /api/cloud/<fn>.
 * Either way the page gets the result envelope; transport failures become an
 * INTERNAL envelope with a Chinese message — this module never throws to pages.
 */
import Taro from '@tarojs/taro'
import type { Envelope } from '@domain/model/envelope'
import { ensureDevOpenid } from './dev-identities'

export type CloudFunctionName = 'orders' | 'checkins' | 'scoring' | 'org' | 'sweep'

export interface CallOptions {
  /** Sent with mutating actions; a retry re-sends the same key so the server applies it once. */
  idempotencyKey?: string
}

export interface CloudEvent {
  action: string
  payload?: object
  idempotencyKey?: string
}

export const NETWORK_ERROR_MESSAGE = '网络异常，请检查网络后重试'
const BAD_RESPONSE_MESSAGE = '服务暂时不可用，请稍后再试'
const H5_TIMEOUT_MS = 15_000

/** A transport-level failure; retried once, then reported as an INTERNAL envelope. */
class TransportError extends Error {
  readonly retryable: boolean
  constructor(message: string, retryable: boolean) {
    super(message)
    this.name = 'TransportError'
    this.retryable = retryable
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

/** Structural check of the envelope contract, so a malformed answer never reaches a page. */
export function isEnvelope(v: unknown): v is Envelope<unknown> {
  if (!isRecord(v)) return false
  if (v.ok === true) return 'data' in v
  if (v.ok === false) {
    const e = v.error
    return isRecord(e) && typeof e.code === 'string' && typeof e.message === 'string'
  }
  return false
}

const internal = (message: string, details?: Record<string, unknown>): Envelope<never> =>
  details === undefined
    ? { ok: false, error: { code: 'INTERNAL', message } }
    : { ok: false, error: { code: 'INTERNAL', message, details } }

// ---------------------------------------------------------------- weapp

let cloudReady = false

function ensureCloud(): void {
  if (cloudReady) return
  // `DYNAMIC_CURRENT_ENV` exists on wx.cloud but is missing from Taro's typings.
  const cloud = Taro.cloud as typeof Taro.cloud & { DYNAMIC_CURRENT_ENV?: unknown }
  const configured = typeof CLOUD_ENV === 'string' && CLOUD_ENV !== '' ? CLOUD_ENV : undefined
  const env = configured ?? cloud.DYNAMIC_CURRENT_ENV
  // wx.cloud.init accepts the DYNAMIC_CURRENT_ENV symbol as env; Taro types it as string.
  cloud.init(env === undefined ? { traceUser: true } : { env: env as string, traceUser: true })
  cloudReady = true
}

async function sendWeapp(fn: CloudFunctionName, event: CloudEvent): Promise<unknown> {
  ensureCloud()
  try {
    const res = await Taro.cloud.callFunction({ name: fn, data: event as unknown as Record<string, unknown> })
    return res.result
  } catch (err) {
    const msg = isRecord(err) && typeof err.errMsg === 'string' ? err.errMsg : String(err)
    throw new TransportError(msg, true)
  }
}

// ---------------------------------------------------------------- h5

async function sendH5(fn: CloudFunctionName, event: CloudEvent): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  const openid = await ensureDevOpenid()
  if (openid) headers['X-Dev-Openid'] = openid

  const controller = typeof AbortController === 'function' ? new AbortController() : undefined
  const timer = controller ? setTimeout(() => controller.abort(), H5_TIMEOUT_MS) : undefined
  let res: Response
  try {
    res = await fetch('/api/cloud/' + fn, {
      method: 'POST',
      headers,
      body: JSON.stringify(event),
      signal: controller?.signal,
    })
  } catch (err) {
    throw new TransportError(String(err), true)
  } finally {
    if (timer !== undefined) clearTimeout(timer)
  }

  let body: unknown
  try {
    body = await res.json()
  } catch {
    // HTML error page from a proxy, empty body, …
    throw new TransportError(`HTTP ${res.status}: non-JSON body`, res.status >= 500)
  }
  // The host answers {result: envelope} — also for refusals (4xx) — so trust a well-formed body.
  if (isRecord(body) && isEnvelope(body.result)) return body.result
  throw new TransportError(`HTTP ${res.status}: unexpected body`, res.status >= 500)
}

// ---------------------------------------------------------------- call

function send(fn: CloudFunctionName, event: CloudEvent): Promise<unknown> {
  return process.env.TARO_ENV === 'h5' ? sendH5(fn, event) : sendWeapp(fn, event)
}

/**
 * Call one action of one cloud function. Resolves to the action's envelope;
 * never rejects. A transport failure is retried once with the same event
 * (and so the same idempotency key).
 */
export async function call<T>(
  fn: CloudFunctionName,
  action: string,
  payload?: object,
  opts?: CallOptions,
): Promise<Envelope<T>> {
  const event: CloudEvent = { action }
  if (payload !== undefined) event.payload = payload
  if (opts?.idempotencyKey !== undefined) event.idempotencyKey = opts.idempotencyKey

  for (let attempt = 1; ; attempt++) {
    try {
      const result = await send(fn, event)
      if (isEnvelope(result)) return result as Envelope<T>
      logFailure(fn, action, 'malformed result')
      return internal(BAD_RESPONSE_MESSAGE)
    } catch (err) {
      const retryable = err instanceof TransportError ? err.retryable : false
      if (retryable && attempt < 2) continue
      logFailure(fn, action, err)
      return internal(NETWORK_ERROR_MESSAGE)
    }
  }
}

function logFailure(fn: string, action: string, err: unknown): void {
  // A console line for the devtools / browser console; pages only see the envelope.
  console.warn(`[cloud] ${fn}.${action} failed:`, err instanceof Error ? err.message : err)
}
