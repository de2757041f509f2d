import { useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import OrderCard from '@/components/order-card'
import FilterChips from '@/components/filter-chips'
import ListFooter from '@/components/list-footer'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { usePagedList } from '@/hooks/use-paged-list'
import { usePagedListEvents } from '@/hooks/use-paged-list-events'
import { useTabBadge } from '@/hooks/use-tab-badge'
import { useNow } from '@/hooks/use-now'
import { go } from '@/lib/nav'
import { list, type OrderSummaryView } from '@/services/orders'

type Chip = 'all' | 'active' | 'to_rate' | 'done'

/** The chips are the server's status groups (办理中 = every open state, 已结束 = closed, not accepted, withdrawn or merged). */
const CHIPS: { key: Chip; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'active', label: '办理中' },
  { key: 'to_rate', label: '待评价' },
  { key: 'done', label: '已结束' },
]

const EMPTY_TEXT: Record<Chip, string> = {
  all: '还没有诉求',
  active: '没有正在办理的诉求',
  to_rate: '没有待评价的诉求',
  done: '还没有已结束的诉求',
}

/** 我的诉求: what I reported (or filed for a neighbour), newest first, with its progress. */
export default function Orders() {
  const [chip, setChip] = useState<Chip>('all')
  const orders = usePagedList<OrderSummaryView>(
    (cursor) => list({ box: 'mine', status: chip === 'all' ? undefined : chip, cursor, limit: 20 }),
    [chip],
  )
  useTabBadge()
  const now = useNow()
  // Back from a detail page or the intake form: the list may have changed.
  usePagedListEvents(orders)

  const s = orders.state
  const items = s.status === 'ready' ? s.items : []

  return (
    <PageShell className='orders' testId='page-orders'>
      <View className='page-header'>
        <Text className='page-header__title'>我的诉求</Text>
        <Text className='page-header__sub muted'>您反映的问题和办理进度都在这里</Text>
      </View>
      <FilterChips options={CHIPS} value={chip} onChange={setChip} testId='orders-chips' />
      {s.status === 'loading' ? <Loading /> : null}
      {s.status === 'error' ? <ErrorState message={s.message} onRetry={() => void orders.refresh()} /> : null}
      {s.status === 'ready' && items.length === 0 ? (
        <View data-testid='orders-empty'>
          <Empty title={EMPTY_TEXT[chip]} hint='遇到问题，扫描楼栋门口的二维码就能反映。' />
          <Button className='btn btn--primary btn--block btn--big' data-testid='orders-go-scan' onClick={() => go('/pages/scan/index')}>
            去报事
          </Button>
        </View>
      ) : null}
      {items.map((o) => (
        <OrderCard key={o.id} order={o} showAssignee showRating now={now} />
      ))}
      <ListFooter state={s} onMore={() => void orders.loadMore()} />
    </PageShell>
  )
}
