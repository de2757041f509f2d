import { useRef, useState } from 'react'
import { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import RoleHeader from '@/components/role-header'
import OrderCard from '@/components/order-card'
import FilterChips from '@/components/filter-chips'
import ListFooter from '@/components/list-footer'
import VolunteerAdminEntry from '@/components/volunteer-admin-entry'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { useWhoami } from '@/hooks/use-whoami'
import { usePagedList } from '@/hooks/use-paged-list'
import { usePagedListEvents } from '@/hooks/use-paged-list-events'
import { useNow } from '@/hooks/use-now'
import { go } from '@/lib/nav'
import { sortByDue } from '@/components/sla-countdown/due'
import { list, type ListInput, type OrderSummaryView } from '@/services/orders'
import VisitsEntry from '@/components/visits-entry'
import EntryCard, { EntryRow } from '@/components/entry-card'
import './index.scss'

const SECRETARY_ROLES = ['secretary', 'district_admin']

type Chip = 'todo' | 'overdue' | 'all' | 'active' | 'to_rate' | 'done'
const CHIPS: { key: Chip; label: string }[] = [
  { key: 'todo', label: '待办' },
  { key: 'overdue', label: '超时' },
  { key: 'all', label: '全部' },
  { key: 'active', label: '办理中' },
  { key: 'to_rate', label: '待评价' },
  { key: 'done', label: '已结束' },
]

/** 待办 = waiting on me (community queue, approvals); 超时 = past the resident's promise; the rest filter the community's orders by the server's status groups. */
const QUERY: Record<Chip, Omit<ListInput, 'cursor' | 'limit'>> = {
  todo: { box: 'todo' },
  overdue: { box: 'overdue' },
  all: { box: 'org' },
  active: { box: 'org', status: 'active' },
  to_rate: { box: 'org', status: 'to_rate' },
  done: { box: 'org', status: 'done' },
}

const EMPTY: Record<Chip, { title: string; hint?: string }> = {
  todo: { title: '暂无待办', hint: '待审批、待派单和上报到社区的诉求会在这里出现。' },
  overdue: { title: '没有超时的诉求', hint: '社区内的诉求都在对居民承诺的时限内。' },
  all: { title: '还没有诉求' },
  active: { title: '没有办理中的诉求' },
  to_rate: { title: '没有待评价的诉求' },
  done: { title: '没有已结束的诉求' },
}

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
          <ApprovalsEntry />
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
            <Text className='go-chevron'>›</Text>
          </View>
          {mine.some((r) => r.role === 'secretary') ? <VolunteerAdminEntry /> : null}
          {mine.some((r) => r.role === 'secretary') ? <VisitsEntry /> : null}
          {mine.some((r) => r.role === 'secretary') ? (
            <EntryCard title='职责委托' desc='外出时把审批、派单交给本社区的网格员或其他书记，可随时撤销' testId='entry-delegation' onClick={() => go('/packages/secretary/pages/delegation/index')} />
          ) : null}
          <ReportEntries />
          <OrgOrders />
        </View>
      ) : null}
    </PageShell>
  )
}

/** 半年一评议 and 数据导出: the assessment and the tables behind it. */
function ReportEntries() {
  return (
    <EntryRow>
      <EntryCard half title='半年评议' desc='考核排名、街道评语，可导出 Excel' testId='entry-review' onClick={() => go('/packages/secretary/pages/review/index')} />
      <EntryCard half title='数据导出' desc='诉求、评价、回访明细表' testId='entry-exports' onClick={() => go('/packages/secretary/pages/exports/index')} />
    </EntryRow>
  )
}

/** 诉求审批: how many wait for the secretary, one tap to the queue. */
function ApprovalsEntry() {
  const pending = usePagedList<OrderSummaryView>((cursor) => list({ box: 'todo', status: 'pending_approval', cursor, limit: 50 }), [])
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void pending.refresh(true)
    shown.current = true
  })
  usePullDownRefresh(() => void pending.refresh(true))
  const s = pending.state
  return (
    <EntryCard
      title='诉求审批'
      desc={s.status === 'error' ? '待审批数量没有加载出来，点开查看' : '需要书记同意才能派单的诉求，可批量通过'}
      count={s.status === 'ready' ? `${s.items.length}${s.nextCursor ? '+' : ''}` : null}
      noneText='无待审批'
      testId='entry-approvals'
      countTestId='approvals-count'
      onClick={() => go('/packages/secretary/pages/approvals/index')}
    />
  )
}

function OrgOrders() {
  const [chip, setChip] = useState<Chip>('todo')
  const now = useNow()
  const orders = usePagedList<OrderSummaryView>((cursor) => list({ ...QUERY[chip], cursor, limit: 20 }), [chip])
  usePagedListEvents(orders)

  const s = orders.state
  // 待办 and 超时 are worked through by deadline; the community lists read newest first, approvals and low ratings on top.
  const byDue = chip === 'todo' || chip === 'overdue'
  return (
    <View data-testid='org-orders'>
      <Text className='section-title'>社区诉求</Text>
      <FilterChips options={CHIPS} value={chip} onChange={setChip} testId='org-chips' />
      {s.status === 'loading' ? <Loading /> : null}
      {s.status === 'error' ? <ErrorState message={s.message} onRetry={() => void orders.refresh()} /> : null}
      {s.status === 'ready' && s.items.length === 0 ? <Empty title={EMPTY[chip].title} hint={EMPTY[chip].hint} /> : null}
      {s.status === 'ready'
        ? (byDue ? sortByDue(s.items, now) : secretaryOrder(s.items)).map((o) => (
            <OrderCard key={o.id} order={o} showAssignee={chip !== 'todo'} showDue={byDue} showWaiting={byDue} now={now} />
          ))
        : null}
      <ListFooter state={s} onMore={() => void orders.loadMore()} />
    </View>
  )
}
