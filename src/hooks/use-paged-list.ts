import { useCallback, useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import type { Envelope } from '@domain/model/envelope'
import { EVENTS } from '../lib/events'

export interface Page<T> {
  items: T[]
  nextCursor: string | null
}

export type ListState<T> =
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; items: T[]; nextCursor: string | null; more: 'idle' | 'loading' | 'error'; moreError?: string }

export interface PagedList<T> {
  state: ListState<T>
  /** First page again (pull-down refresh, filter change, retry). `quiet` keeps the list visible meanwhile. */
  refresh: (quiet?: boolean) => Promise<void>
  /** Next page, if there is one and none is loading. */
  loadMore: () => Promise<void>
}

/**
 * An item changed elsewhere (e.g. an order acted on from its card or its page): the item with
 * the same id takes the fresh values of the fields it has, in place; the rest of the list stays.
 */
export function patchItem<T>(state: ListState<T>, changed: unknown): ListState<T> {
  const id = (changed as { id?: unknown } | null)?.id
  if (state.status !== 'ready' || typeof id !== 'string') return state
  const at = state.items.findIndex((i) => (i as { id?: unknown }).id === id)
  if (at < 0) return state
  const old = state.items[at] as Record<string, unknown>
  const fresh = changed as Record<string, unknown>
  const next = { ...old }
  for (const key of Object.keys(old)) if (key in fresh) next[key] = fresh[key]
  const items = [...state.items]
  items[at] = next as T
  return { ...state, items }
}

/**
 * A cursor-paged server list (orders.list, org.inbox): first page on mount and when
 * `deps` change (e.g. a status filter), "加载更多" appends, refresh starts over.
 * Reloads when the H5 dev identity changes; an item changed elsewhere (EVENTS.orderChanged) is
 * updated in place. Out-of-order answers are dropped.
 */
export function usePagedList<T>(
  fetchPage: (cursor: string | undefined) => Promise<Envelope<Page<T>>>,
  deps: unknown[],
): PagedList<T> {
  const [state, setState] = useState<ListState<T>>({ status: 'loading' })
  const stateRef = useRef(state)
  stateRef.current = state
  const seq = useRef(0)
  const alive = useRef(true)
  const fetchRef = useRef(fetchPage)
  fetchRef.current = fetchPage

  const refresh = useCallback(async (quiet = false) => {
    const mine = ++seq.current
    if (!quiet || stateRef.current.status !== 'ready') setState({ status: 'loading' })
    const env = await fetchRef.current(undefined)
    if (!alive.current || mine !== seq.current) return
    setState(
      env.ok
        ? { status: 'ready', items: env.data.items, nextCursor: env.data.nextCursor, more: 'idle' }
        : { status: 'error', message: env.error.message },
    )
  }, [])

  const loadMore = useCallback(async () => {
    const s = stateRef.current
    if (s.status !== 'ready' || !s.nextCursor || s.more === 'loading') return
    const mine = seq.current
    setState({ ...s, more: 'loading' })
    const env = await fetchRef.current(s.nextCursor)
    if (!alive.current || mine !== seq.current) return
    setState((cur) => {
      if (cur.status !== 'ready') return cur
      if (!env.ok) return { ...cur, more: 'error', moreError: env.error.message }
      const seen = new Set(cur.items.map((i) => (i as { id?: string }).id))
      const fresh = env.data.items.filter((i) => !seen.has((i as { id?: string }).id))
      return { status: 'ready', items: [...cur.items, ...fresh], nextCursor: env.data.nextCursor, more: 'idle' }
    })
  }, [])

  useEffect(() => {
    alive.current = true
    void refresh()
    const onIdentity = (): void => void refresh()
    const onOrder = (changed: unknown): void => setState((cur) => patchItem(cur, changed))
    Taro.eventCenter.on(EVENTS.identityChanged, onIdentity)
    Taro.eventCenter.on(EVENTS.orderChanged, onOrder)
    return () => {
      alive.current = false
      Taro.eventCenter.off(EVENTS.identityChanged, onIdentity)
      Taro.eventCenter.off(EVENTS.orderChanged, onOrder)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [refresh, ...deps])

  return { state, refresh, loadMore }
}
