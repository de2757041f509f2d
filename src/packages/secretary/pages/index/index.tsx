import { useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import PageShell from '../../../../components/page-shell'
import RoleHeader from '../../../../components/role-header'
import OrderCard from '../../../../components/order-card'
import FilterChips from '../../../../components/filter-chips'
import ListFooter from '../../../../components/list-footer'
import { Loading, ErrorState, Empty } from '../../../../components/state-view'
import { useWhoami } from '../../../../hooks/use-whoami'
import { usePagedList } from '../../../../hooks/use-paged-list'
import { useNow } from '../../../../hooks/use-now'
import { go } from '../../../../lib/nav'
import type { OrderState } from '../../../../../domain/model/order'
import { list, type OrderSummaryView } from '../../../../services/orders'
import './index.scss'

const SECRETARY_ROLES = ['secretary', 'district_admin']

type Chip = 'all' | OrderState
const CHIPS: { key: Chip; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'pending_approval', label: '待审批' },
  { key: 'dispatched', label: '待接单' },
  { key: 'in_progress', label: '办理中' },
  { key: 'resolved', label: '已办结' },
  { key: 'closed', label: '已评价' },
  { key: 'rejected', label: '未受理' },
]

/** What needs the secretary first: approvals, then orders flagged by a low rating; otherwise as the server sent them. */
export function secretaryOrder(items: OrderSummaryView[]): OrderSummaryView[] {
  const rank = (o: OrderSummaryView): number => (o.status === 'pending_approval' ? 0 : o.flaggedForSecretary ? 1 : 2)
  return items
    .map((o, i) => ({ o, i }))
    .sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i)
    .map((x) => x.o)
}

/** 书记工作台: the community's orders with filters, approvals and flagged ones on top; the door QR codes. */
export default function SecretaryHome() {
  const { state, reload } = useWhoami()
  const mine = state.status === 'ready' ? state.data.roles.filter((r) => SECRETARY_ROLES.includes(r.role)) : []

  return (
    <PageShell className='workspace workspace--secretary' testId='page-secretary'>
      <RoleHeader
        title='书记工作台'
        subtitle='派单审批 · 双报到审核 · 社区看板'
        state={state}
        mine={mine}
        noRoleHint='您没有社区书记或区委管理员岗位，暂不能使用书记工作台。'
        onRetry={reload}
      />
      {mine.length > 0 ? (
        <View>
          <View className='card sec-qr' hoverClass='sec-qr--pressed' data-testid='entry-qrcode' onClick={() => go('/packages/secretary/pages/qrcode/index')}>
            <View className='sec-qr__icon'>
              <View className='sec-qr__sq sec-qr__sq--a' />
              <View className='sec-qr__sq sec-qr__sq--b' />
              <View className='sec-qr__sq sec-qr__sq--c' />
            </View>
            <View className='sec-qr__text'>
              <Text className='sec-qr__title'>楼栋二维码</Text>
              <Text className='sec-qr__desc muted'>打印张贴在楼栋、单元门口，居民扫码就能报事</Text>
            </View>
            <Text className='sec-qr__go'>›</Text>
          </View>
          <OrgOrders />
        </View>
      ) : null}
    </PageShell>
  )
}

function OrgOrders() {
  const [chip, setChip] = useState<Chip>('all')
  const now = useNow()
  const orders = usePagedList<OrderSummaryView>(
    (cursor) => list({ box: 'org', status: chip === 'all' ? undefined : chip, cursor, limit: 20 }),
    [chip],
  )
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void orders.refresh(true)
    shown.current = true
  })
  usePullDownRefresh(() => {
    void orders.refresh(true).finally(() => void Taro.stopPullDownRefresh())
  })
  useReachBottom(() => void orders.loadMore())

  const s = orders.state
  return (
    <View data-testid='org-orders'>
      <Text className='section-title'>社区诉求</Text>
      <FilterChips options={CHIPS} value={chip} onChange={setChip} testId='org-chips' />
      {s.status === 'loading' ? <Loading /> : null}
      {s.status === 'error' ? <ErrorState message={s.message} onRetry={() => void orders.refresh()} /> : null}
      {s.status === 'ready' && s.items.length === 0 ? <Empty title='没有符合条件的诉求' /> : null}
      {s.status === 'ready' ? secretaryOrder(s.items).map((o) => <OrderCard key={o.id} order={o} showAssignee now={now} />) : null}
      <ListFooter state={s} onMore={() => void orders.loadMore()} />
    </View>
  )
}
