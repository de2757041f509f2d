import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import OrderCard from '@/components/order-card'
import ListFooter from '@/components/list-footer'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { usePagedList } from '@/hooks/use-paged-list'
import { useNow } from '@/hooks/use-now'
import { evidence, type EvidenceMetric, type OrderEvidence } from '@/services/reports'
import type { OrderSummaryView } from '@/services/orders'
import './index.scss'

const param = (v: string | undefined): string | undefined => (v ? decodeURIComponent(v) : undefined)

/**
 * 数据明细: every number on a dashboard or review can open the orders it counted
 * (the same predicate the rollups sum). Cursor-paged; tap an order to open it.
 */
export default function EvidencePage() {
  const { params } = useRouter()
  const orgId = param(params.orgId) ?? ''
  const metric = (param(params.metric) ?? 'submitted') as EvidenceMetric
  const from = param(params.from)
  const to = param(params.to)
  const now = useNow()
  const [head, setHead] = useState<Pick<OrderEvidence, 'label' | 'orgName'> | null>(null)
  const list = usePagedList<OrderSummaryView>(async (cursor) => {
    const env = await evidence({ orgId, metric, ...(from ? { from } : {}), ...(to ? { to } : {}), ...(cursor ? { cursor } : {}) })
    if (env.ok) setHead({ label: env.data.label, orgName: env.data.orgName })
    return env.ok ? { ok: true, data: { items: env.data.items, nextCursor: env.data.nextCursor } } : env
  }, [orgId, metric, from, to])
  const s = list.state
  return (
    <PageShell className='evidence' testId='page-evidence'>
      <View className='page-header'>
        <Text className='page-header__title'>{head?.label ?? '数据明细'}</Text>
        <Text className='page-header__sub muted'>
          {param(params.name) ?? head?.orgName ?? ''}
          {from || to ? ` · ${from ?? ''} 至 ${to ?? ''}` : ' · 本月'}
        </Text>
      </View>
      {!orgId ? <ErrorState message='缺少组织参数，请从数据看板进入' /> : null}
      {orgId && s.status === 'loading' ? <Loading rows={4} text='正在查找这些诉求…' /> : null}
      {s.status === 'error' ? <ErrorState message={s.message} onRetry={() => void list.refresh()} /> : null}
      {s.status === 'ready' && s.items.length === 0 && !s.nextCursor ? <Empty title='没有符合的诉求' hint='这个数字背后暂时没有诉求。' /> : null}
      {s.status === 'ready' && s.items.length === 0 && s.nextCursor ? (
        <View className='evidence__more'>
          <Text className='muted'>已查找一部分，暂未找到符合的诉求。</Text>
          <Button className='btn btn--plain btn--block' data-testid='evidence-continue' onClick={() => void list.loadMore()}>
            继续查找
          </Button>
        </View>
      ) : null}
      {s.status === 'ready' ? (
        <View data-testid='evidence-list'>
          {s.items.map((o) => (
            <OrderCard key={o.id} order={o} showAssignee now={now} />
          ))}
        </View>
      ) : null}
      <ListFooter state={s} onMore={() => void list.loadMore()} />
    </PageShell>
  )
}
