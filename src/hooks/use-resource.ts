import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import type { Envelope, ErrorBody } from '@domain/model/envelope'
import { EVENTS } from '../lib/events'
import type { LoadState } from './use-whoami'

export interface Resource<T> {
  state: LoadState<T>
  /** Load again; `quiet` keeps the current data on screen while it loads (refresh after an action). */
  reload: (quiet?: boolean) => Promise<void>
  /** Replace the data (e.g. with the view a mutation returned). */
  set: (data: T) => void
  /** The last failure (with its code); after a quiet reload the old data stays on screen. */
  error: ErrorBody | null
}

/**
 * One piece of server data for a page: loads on mount and when `deps` change,
 * again when the H5 dev identity changes. Out-of-order answers are dropped.
 * Pass `enabled = false` to hold off (e.g. until a route param is known).
 */
export function useResource<T>(load: () => Promise<Envelope<T>>, deps: unknown[], enabled = true): Resource<T> {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' })
  const [error, setError] = useState<ErrorBody | null>(null)
  const seq = useRef(0)
  const alive = useRef(true)
  const loadRef = useRef(load)
  loadRef.current = load

  const reload = useCallback(async (quiet = false) => {
    const mine = ++seq.current
    if (!quiet) setState({ status: 'loading' })
    const env = await loadRef.current()
    if (!alive.current || mine !== seq.current) return
    if (env.ok) {
      setError(null)
      setState({ status: 'ready', data: env.data })
    } else {
      setError(env.error)
      setState((s) => (quiet && s.status === 'ready' ? s : { status: 'error', message: env.error.message }))
    }
  }, [])

  useEffect(() => {
    alive.current = true
    if (enabled) void reload()
    const onIdentity = (): void => {
      if (enabled) void reload()
    }
    Taro.eventCenter.on(EVENTS.identityChanged, onIdentity)
    return () => {
      alive.current = false
      Taro.eventCenter.off(EVENTS.identityChanged, onIdentity)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [enabled, reload, ...deps])

  const set = useCallback((data: T) => {
    seq.current++ // an answer in flight is now stale
    setState({ status: 'ready', data })
  }, [])

  return { state, reload, set, error }
}
