import { useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import RoleHeader from '@/components/role-header'
import OrderCard, { orderUrl } from '@/components/order-card'
import FilterChips from '@/components/filter-chips'
import { isOverdue, sortByDue } from '@/components/sla-countdown/due'
import ListFooter from '@/components/list-footer'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { useWhoami } from '@/hooks/use-whoami'
import { useMutation } from '@/hooks/use-mutation'
import { usePagedList } from '@/hooks/use-paged-list'
import { usePagedListEvents } from '@/hooks/use-paged-list-events'
import { useNow } from '@/hooks/use-now'
import { askSubscribe } from '@/services/subscribe'
import { go } from '@/lib/nav'
import { claim, list, type OrderSummaryView } from '@/services/orders'
import VisitsEntry from '@/components/visits-entry'
import './index.scss'

const HANDLER_ROLES = ['grid_worker', 'street_admin', 'department_officer']
/** Who may look at their area's 超时 box (orders past the resident's promise); departments have no area. */
const OVERDUE_ROLES = ['grid_worker', 'street_admin']

type Box = 'todo' | 'overdue'
const BOXES: { key: Box; label: string }[] = [
  { key: 'todo', label: '待办' },
  { key: 'overdue', label: '超时' },
]

/** 工作台 · 待办: orders waiting on me or my queue, longest-waiting first; 接单 right from the card. */
export default function WorkHome() {
  const { state, reload } = useWhoami()
  const mine = state.status === 'ready' ? state.data.roles.filter((r) => HANDLER_ROLES.includes(r.role)) : []
  const isHandler = mine.length > 0

  return (
    <PageShell className='workspace workspace--work' testId='page-work'>
      <RoleHeader
        title='工作台'
        subtitle='接单办结 · 街道吹哨 · 部门报到'
        state={state}
        mine={mine}
        noRoleHint='您没有网格员、街道或职能部门岗位，暂不能使用工作台。'
        onRetry={reload}
      />
      {mine.some((r) => r.role === 'grid_worker') ? <VisitsEntry /> : null}
      {isHandler ? <TodoList overdueBox={mine.some((r) => OVERDUE_ROLES.includes(r.role))} /> : null}
    </PageShell>
  )
}

/**
 * 待办 (what waits on me or my queues) or 超时 (my area's orders past the promise). The server
 * pages them oldest-submitted first; the loaded page is shown most urgent first: late ones, then
 * by due time.
 */
function TodoList({ overdueBox }: { overdueBox: boolean }) {
  const [box, setBox] = useState<Box>('todo')
  // 已上报 comes with the first page of 待办: orders that left me, shown once, without actions.
  const [left, setLeft] = useState<OrderSummaryView[]>([])
  const todo = usePagedList<OrderSummaryView>(async (cursor) => {
    const env = await list({ box, cursor, limit: 20 })
    if (env.ok && !cursor) setLeft(box === 'todo' ? (env.data.left ?? []) : [])
    return env
  }, [box])
  // One mutation per order (its name is the order id): the card being claimed shows it.
  const m = useMutation()
  const claiming = m.busy
  usePagedListEvents(todo)

  const quickClaim = async (o: OrderSummaryView): Promise<void> => {
    if (claiming) return
    askSubscribe('handler')
    const payload = { id: o.id, version: o.version }
    const env = await m.run(o.id, payload, (key) => claim(payload, key), { done: '接单成功', onDone: () => go(orderUrl(o.id)) })
    // Claimed (the card now says 已接单) or refused (e.g. "已被他人接单"): the list as it is now.
    if (env) void todo.refresh(true)
  }

  const s = todo.state
  const now = useNow()
  const items = s.status === 'ready' ? sortByDue(s.items, now) : []
  const late = items.filter((o) => isOverdue(o, now)).length
  return (
    <View data-testid='todo-list'>
      {overdueBox ? <FilterChips options={BOXES} value={box} onChange={setBox} testId='work-boxes' /> : null}
      <View className='work__bar'>
        <Text className='section-title'>{box === 'todo' ? '待办' : '超时诉求'}</Text>
        {s.status === 'ready' ? (
          <Text className='muted' data-testid='todo-count'>
            {late > 0 && box === 'todo' ? <Text className='work__late'>{late}件已超时 · </Text> : null}
            {s.items.length}
            {s.nextCursor ? '+' : ''}件
          </Text>
        ) : null}
      </View>
      {box === 'overdue' ? <Text className='muted work__lead'>辖区内超过对居民承诺时限、仍未办结的诉求</Text> : null}
      {s.status === 'loading' ? <Loading /> : null}
      {s.status === 'error' ? <ErrorState message={s.message} onRetry={() => void todo.refresh()} /> : null}
      {s.status === 'ready' && s.items.length === 0 ? (
        box === 'todo' ? (
          <Empty title='暂无待办' hint='新的诉求派给您时会在这里出现，并通过“消息”提醒。' />
        ) : (
          <Empty title='没有超时的诉求' hint='辖区内的诉求都在承诺时限内。' />
        )
      ) : null}
      {s.status === 'ready'
        ? items.map((o) => (
            <OrderCard key={o.id} order={o} showWaiting showDue showAssignee={box === 'overdue'} now={now}>
              {box === 'overdue' ? (
                <Button className='btn btn--plain work__open' data-testid='open-order' onClick={() => go(orderUrl(o.id))}>
                  查看
                </Button>
              ) : o.status === 'dispatched' ? (
                <Button
                  className={`btn btn--primary work__claim${claiming === o.id ? ' btn--disabled' : ''}`}
                  data-testid='quick-claim'
                  disabled={claiming !== null || undefined}
                  onClick={() => void quickClaim(o)}
                >
                  {claiming === o.id ? '正在接单…' : '接单'}
                </Button>
              ) : o.status === 'verifying' ? (
                <Button className='btn btn--primary work__claim' data-testid='open-verify' onClick={() => go(orderUrl(o.id))}>
                  去验收
                </Button>
              ) : (
                <Button className='btn btn--plain work__open' data-testid='open-order' onClick={() => go(orderUrl(o.id))}>
                  去办理
                </Button>
              )}
            </OrderCard>
          ))
        : null}
      <ListFooter state={s} onMore={() => void todo.loadMore()} />
      {box === 'todo' && s.status === 'ready' && left.length > 0 ? (
        <View data-testid='left-list'>
          <View className='work__bar'>
            <Text className='section-title'>已上报</Text>
            <Text className='muted'>{left.length}件</Text>
          </View>
          <Text className='muted work__lead'>已交给上一级或他人办理，无需您操作；办结后需验收时会回到待办。</Text>
          {left.map((o) => (
            <OrderCard key={o.id} order={o} showAssignee left now={now} />
          ))}
        </View>
      ) : null}
    </View>
  )
}
