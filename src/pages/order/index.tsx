import { useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import { ClocksSection, PromiseCard } from '@/components/order-sla'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { useMutation } from '@/hooks/use-mutation'
import { useResource, type Resource } from '@/hooks/use-resource'
import * as orders from '@/services/orders'
import type { OrderView } from '@/services/orders'
import type { Envelope } from '@domain/model/envelope'
import { ORDER_TEXT_LIMITS } from '@domain/orders/limits'
import TextActionForm from './action-form'
import OrderActions, { ORDER_ACTIONS, type RunAction } from './actions'
import { OrderDetail, TimelineSection } from './detail'
import { MergedBanner, OrderHero } from './hero'
import MergeSection from './merge-section'
import RatingSection from './rating-section'
import './index.scss'

/** Abilities only staff (and volunteers taking a task) ever get: the viewer works on orders, not just follows one. */
export const isStaffView = (o: OrderView): boolean => o.suggestions.length > 0 || o.can.merge || ORDER_ACTIONS.some((a) => a.name !== 'cancel' && a.when(o))

/** Answers that mean someone else moved the order meanwhile: show it as it is now. */
const MOVED = ['CONFLICT', 'FAILED_PRECONDITION', 'NOT_FOUND']

/** 诉求详情: status, what it is, what happened, and exactly the actions the server allows this viewer. */
export default function OrderPage() {
  const router = useRouter()
  const id = router.params.id ?? ''
  const isNew = router.params.new === '1'
  const order = useResource(() => orders.get(id), [id], !!id)
  const timeline = useResource(() => orders.timeline(id), [id], !!id)
  const firstShow = useRef(true)

  const refresh = async (): Promise<void> => {
    await Promise.all([order.reload(true), timeline.reload(true)])
  }

  useDidShow(() => {
    if (firstShow.current) {
      firstShow.current = false
      return
    }
    void refresh() // back from another page (photo preview, list): quietly up to date
  })
  usePullDownRefresh(() => {
    void refresh().finally(() => void Taro.stopPullDownRefresh())
  })

  if (!id) {
    return (
      <PageShell className='order-page' testId='page-order'>
        <Empty title='没有找到这条诉求' hint='请从“我的诉求”或消息里打开。' />
      </PageShell>
    )
  }

  return (
    <PageShell className='order-page' testId='page-order'>
      {order.state.status === 'loading' ? <Loading rows={4} /> : null}
      {order.state.status === 'error' ? <ErrorState message={order.state.message} onRetry={() => void order.reload()} /> : null}
      {order.state.status === 'ready' ? (
        <OrderBody
          o={order.state.data}
          isNew={isNew}
          timeline={timeline}
          setOrder={order.set}
          refresh={refresh}
        />
      ) : null}
    </PageShell>
  )
}

function OrderBody({
  o,
  isNew,
  timeline,
  setOrder,
  refresh,
}: {
  o: OrderView
  isNew: boolean
  timeline: Resource<orders.TimelineEntryView[]>
  setOrder: (o: OrderView) => void
  refresh: () => Promise<void>
}) {
  const [panel, setPanel] = useState<string | null>(null)
  const [failed, setFailed] = useState<string | null>(null)
  const m = useMutation()
  const can = o.can

  /** One order mutation: the answer replaces the order shown; a lost race shows the order as it is now. */
  const run = async (name: string, payload: unknown, exec: (key: string) => Promise<Envelope<OrderView>>, done: string): Promise<boolean> => {
    setFailed(null)
    const env = await m.run(name, payload, exec, {
      done,
      onDone: (next) => {
        setOrder(next)
        setPanel(null)
        void timeline.reload(true)
      },
    })
    if (!env || env.ok) return !!env
    setFailed(name)
    if (MOVED.includes(env.error.code)) {
      setPanel(null)
      await refresh()
    }
    return false
  }
  const runAction: RunAction = (name, payload, exec, done) => void run(name, payload, exec, done)
  const choosePanel = (p: string | null): void => {
    m.clearError()
    setFailed(null)
    setPanel(p)
  }
  const shared = { o, busy: m.busy, errorOf: m.errorOf, panel, setPanel: choosePanel, run: runAction }
  const failure = failed && !panel && failed !== 'rate' && failed !== 'reply' ? m.errorOf(failed) : null

  return (
    <View>
      <OrderHero o={o} isNew={isNew} />

      {o.status === 'merged' && o.parentId ? <MergedBanner parentId={o.parentId} timeline={timeline} /> : null}

      <PromiseCard o={o} />

      {o.awaitingInfoQuestion ? (
        <View className='card order-ask' data-testid='order-question'>
          <Text className='order-ask__title'>{can.reply ? `${o.handlerName ?? '办理人员'}想向您了解` : '已向居民询问，等待回复'}</Text>
          <Text className='order-ask__q'>{o.awaitingInfoQuestion}</Text>
          {can.reply && panel !== 'reply' ? (
            <Button className='btn btn--primary btn--block' data-testid='action-reply' onClick={() => setPanel('reply')}>
              回复
            </Button>
          ) : null}
          {can.reply && panel === 'reply' ? (
            <TextActionForm
              testId='form-reply'
              title='回复办理人员'
              label='您的回复'
              placeholder='请直接回答上面的问题'
              min={ORDER_TEXT_LIMITS.answer.min}
              max={ORDER_TEXT_LIMITS.answer.max}
              confirmText='发送回复'
              busy={m.busy === 'reply'}
              error={m.errorOf('reply')}
              onCancel={() => setPanel(null)}
              onConfirm={(answer) => runAction('reply', { id: o.id, answer }, (k) => orders.reply({ id: o.id, answer }, k), '已回复')}
            />
          ) : null}
        </View>
      ) : null}

      {failure ? (
        <View className='form-error' data-testid='action-error'>
          <Text>{failure}</Text>
        </View>
      ) : null}

      <OrderActions {...shared} />

      {o.suggestions.length > 0 ? (
        <MergeSection
          o={o}
          busy={m.busy === 'merge'}
          error={m.errorOf('merge')}
          onMerge={(childIds, reason) => run('merge', { id: o.id, childIds, reason }, (k) => orders.merge({ id: o.id, childIds, reason }, k), '已合并')}
        />
      ) : null}

      {isStaffView(o) && o.clocks.length > 0 ? <ClocksSection o={o} /> : null}

      <RatingSection {...shared} />

      <OrderDetail o={o} />

      <TimelineSection timeline={timeline} />
    </View>
  )
}
