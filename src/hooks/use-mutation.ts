import { useCallback, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import type { Envelope } from '@domain/model/envelope'
import { isDefinitive } from '@/lib/errors'
import { newIdempotencyKey } from '@/lib/ids'

export interface MutationOptions<T> {
  /** Toast on success ("已退单"); none when omitted. */
  done?: string
  /** Called with the answer on success, before `refresh`. */
  onDone?: (data: T) => void
  /** Reload what the page shows after success. */
  refresh?: () => unknown
  /** No error toast (the form shows the error beside its fields). */
  quietError?: boolean
}

export interface Mutation {
  /** The name of the mutation in flight, or null. */
  busy: string | null
  /** The last error message per mutation name. */
  errorOf: (name: string) => string | null
  clearError: (name?: string) => void
  /**
   * Runs one mutation. One call in flight at a time (a second tap while the first is on its way
   * is ignored, even before the page re-renders). The idempotency key is kept for a retry of the
   * same request until the server gives a definitive answer; a changed request gets a new key
   * (the server binds a key to its request). Answers the envelope, or null when ignored.
   */
  run: <T>(name: string, payload: unknown, exec: (key: string) => Promise<Envelope<T>>, options?: MutationOptions<T>) => Promise<Envelope<T> | null>
}

/** The one way pages change data: idempotency key, in-flight guard, error toast, refresh. */
export function useMutation(): Mutation {
  const [busy, setBusy] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const inFlight = useRef(false)
  const keys = useRef<Record<string, { key: string; request: string }>>({})

  const run = useCallback(async <T>(name: string, payload: unknown, exec: (key: string) => Promise<Envelope<T>>, options: MutationOptions<T> = {}) => {
    if (inFlight.current) return null
    inFlight.current = true
    const request = JSON.stringify(payload ?? null)
    const held = keys.current[name]
    const key = held && held.request === request ? held.key : newIdempotencyKey()
    keys.current[name] = { key, request }
    setBusy(name)
    setErrors((e) => (e[name] ? { ...e, [name]: '' } : e))
    try {
      const env = await exec(key)
      if (env.ok) {
        delete keys.current[name]
        if (options.done) void Taro.showToast({ title: options.done, icon: 'success' })
        options.onDone?.(env.data)
        await options.refresh?.()
      } else {
        if (isDefinitive(env.error)) delete keys.current[name]
        setErrors((e) => ({ ...e, [name]: env.error.message }))
        if (!options.quietError) void Taro.showToast({ title: env.error.message, icon: 'none', duration: 2500 })
      }
      return env
    } finally {
      inFlight.current = false
      setBusy(null)
    }
  }, [])

  const errorOf = useCallback((name: string) => errors[name] || null, [errors])
  const clearError = useCallback((name?: string) => setErrors((e) => (name ? { ...e, [name]: '' } : {})), [])
  return { busy, errorOf, clearError, run }
}
