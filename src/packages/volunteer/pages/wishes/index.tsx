import { View, Text } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import OrderCard from '@/components/order-card'
import ListFooter from '@/components/list-footer'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { usePagedList } from '@/hooks/use-paged-list'
import { usePagedListEvents } from '@/hooks/use-paged-list-events'
import { useNow } from '@/hooks/use-now'
import { list, type OrderSummaryView } from '@/services/orders'

/**
 * 心愿墙: residents' 微心愿 waiting on my community's volunteers, and the ones I took.
 * They are orders of kind `wish` in my 待办 (the server's wish-wall queue); the order
 * page does the claiming (atomic, capped) and the fulfilment.
 */
export default function WishesPage() {
  const now = useNow()
  const todo = usePagedList<OrderSummaryView>((cursor) => list({ box: 'todo', cursor, limit: 20 }), [])
  usePagedListEvents(todo)

  const s = todo.state
  const wishes = s.status === 'ready' ? s.items.filter((o) => o.kind === 'wish') : []
  const mine = wishes.filter((o) => o.status === 'claimed' || o.status === 'in_progress')
  const open = wishes.filter((o) => o.status === 'dispatched')
  return (
    <PageShell className='vwishes' testId='page-wishes'>
      <View className='page-header'>
        <Text className='page-header__title'>心愿墙</Text>
        <Text className='page-header__sub muted'>认领居民的微心愿，帮一把、暖一片</Text>
      </View>
      <Text className='hint'>认领后请尽快联系居民并完成心愿，完成时上传照片，居民确认后获得积分。</Text>
      {s.status === 'loading' ? <Loading rows={3} /> : null}
      {s.status === 'error' ? <ErrorState message={s.message} onRetry={() => void todo.refresh()} /> : null}
      {s.status === 'ready' && wishes.length === 0 ? <Empty title='心愿墙上暂时没有新的微心愿' hint='有居民发布微心愿时，会出现在这里。' /> : null}
      {mine.length ? (
        <View data-testid='wishes-mine'>
          <Text className='section-title'>我认领的</Text>
          {mine.map((o) => (
            <OrderCard key={o.id} order={o} showWaiting now={now} />
          ))}
        </View>
      ) : null}
      {open.length ? (
        <View data-testid='wishes-open'>
          <Text className='section-title'>等待认领</Text>
          {open.map((o) => (
            <OrderCard key={o.id} order={o} showWaiting now={now} />
          ))}
        </View>
      ) : null}
      <ListFooter state={s} onMore={() => void todo.loadMore()} />
    </PageShell>
  )
}
