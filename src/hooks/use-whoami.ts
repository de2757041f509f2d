import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { whoami, type Whoami } from '../services/org'
import { EVENTS } from '../lib/events'

export type LoadState<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; data: T }

/**
 * The caller's identity for a page: loads on mount, reloads on `reload()` and
 * whenever the H5 dev identity changes. Out-of-order answers are dropped.
 */
export function useWhoami(): { state: LoadState<Whoami>; reload: () => void } {
  const [state, setState] = useState<LoadState<Whoami>>({ status: 'loading' })
  const seq = useRef(0)
  const alive = useRef(true)

  const reload = useCallback(() => {
    const mine = ++seq.current
    setState({ status: 'loading' })
    void whoami().then((env) => {
      if (!alive.current || mine !== seq.current) return
      setState(env.ok ? { status: 'ready', data: env.data } : { status: 'error', message: env.error.message })
    })
  }, [])

  useEffect(() => {
    alive.current = true
    reload()
    const onIdentity = (): void => reload()
    Taro.eventCenter.on(EVENTS.identityChanged, onIdentity)
    return () => {
      alive.current = false
      Taro.eventCenter.off(EVENTS.identityChanged, onIdentity)
    }
  }, [reload])

  return { state, reload }
}
