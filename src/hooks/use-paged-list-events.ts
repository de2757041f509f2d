import { useRef } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import type { PagedList } from './use-paged-list'

/**
 * The page events a paged list answers: back on the page (a detail page or a form may have
 * changed the list) and pull-down refresh it quietly, the pull-down spinner stops when it is
 * done, and reaching the bottom loads the next page. `onPullDown` runs first on a pull-down
 * (e.g. to clear a stale notice).
 *
 * A show is a return unless the list is still on its first load: a list that mounts after its
 * page first showed (e.g. once the caller's roles are known) sees its first show only when the
 * person comes back, and that one must refresh.
 */
export function usePagedListEvents(list: Pick<PagedList<unknown>, 'refresh' | 'loadMore' | 'state'>, onPullDown?: () => void): void {
  const state = useRef(list.state)
  state.current = list.state
  useDidShow(() => {
    if (state.current.status !== 'loading') void list.refresh(true)
  })
  usePullDownRefresh(() => {
    onPullDown?.()
    void list.refresh(true).finally(() => void Taro.stopPullDownRefresh())
  })
  useReachBottom(() => void list.loadMore())
}
