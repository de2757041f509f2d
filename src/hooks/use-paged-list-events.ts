import { useRef } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import type { PagedList } from './use-paged-list'

/**
 * The page events a paged list answers: back on the page (a detail page or a form may have
 * changed the list; not on the first show) and pull-down refresh it quietly, the pull-down
 * spinner stops when it is done, and reaching the bottom loads the next page.
 * `onPullDown` runs first on a pull-down (e.g. to clear a stale notice).
 */
export function usePagedListEvents(list: Pick<PagedList<unknown>, 'refresh' | 'loadMore'>, onPullDown?: () => void): void {
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void list.refresh(true)
    shown.current = true
  })
  usePullDownRefresh(() => {
    onPullDown?.()
    void list.refresh(true).finally(() => void Taro.stopPullDownRefresh())
  })
  useReachBottom(() => void list.loadMore())
}
