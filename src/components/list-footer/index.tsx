import { View, Text, Button } from '@tarojs/components'
import type { ListState } from '@/hooks/use-paged-list'
import './index.scss'

/** Under a cursor-paged list: 加载更多 / 正在加载 / 加载失败·重试 / 没有更多了. */
export default function ListFooter<T>({ state, onMore }: { state: ListState<T>; onMore: () => void }) {
  if (state.status !== 'ready' || state.items.length === 0) return null
  if (state.more === 'loading') {
    return (
      <View className='list-footer' data-testid='list-loading-more'>
        <Text className='muted'>正在加载…</Text>
      </View>
    )
  }
  if (state.more === 'error') {
    return (
      <View className='list-footer'>
        <Text className='field__error'>{state.moreError ?? '加载失败'}</Text>
        <Button className='btn btn--plain btn--small' data-testid='list-more' onClick={onMore}>
          重试
        </Button>
      </View>
    )
  }
  if (state.nextCursor) {
    return (
      <View className='list-footer'>
        <Button className='btn btn--plain btn--block' data-testid='list-more' onClick={onMore}>
          加载更多
        </Button>
      </View>
    )
  }
  return (
    <View className='list-footer' data-testid='list-end'>
      <Text className='muted'>没有更多了</Text>
    </View>
  )
}
