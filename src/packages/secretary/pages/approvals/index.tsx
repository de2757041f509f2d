import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import { LevelChip } from '@/components/status-chip'
import ListFooter from '@/components/list-footer'
import SlaCountdown from '@/components/sla-countdown'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { orderUrl } from '@/components/order-card'
import TextActionForm from '@/pages/order/action-form'
import { useMutation } from '@/hooks/use-mutation'
import { usePagedList } from '@/hooks/use-paged-list'
import { usePagedListEvents } from '@/hooks/use-paged-list-events'
import { useNow } from '@/hooks/use-now'
import { formatDuration } from '@/lib/format'
import { go } from '@/lib/nav'
import { approve, approveMany, list, reject, type OrderSummaryView } from '@/services/orders'
import './index.scss'

interface Outcome {
  approved: number
  failed: { id: string; no: string; message: string }[]
}

/**
 * 诉求审批, made for one hand on a phone: the pending_approval queue as big cards, 通过 under the
 * thumb, 不予受理 with a reason the resident will read, and tick several → 批量通过 from the bar
 * at the bottom; an order the server refuses keeps its card with the reason on it.
 */
export default function Approvals() {
  const queue = usePagedList<OrderSummaryView>((cursor) => list({ box: 'todo', status: 'pending_approval', cursor, limit: 20 }), [])
  const now = useNow()
  const [gone, setGone] = useState<string[]>([])
  const [picked, setPicked] = useState<string[]>([])
  const [failures, setFailures] = useState<Record<string, string>>({})
  const [rejecting, setRejecting] = useState<string | null>(null)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  // Mutation names: `approve:<id>`, `reject:<id>`, `batch`; one of them in flight at a time.
  const m = useMutation()
  const busy = m.busy
  usePagedListEvents(queue, () => setOutcome(null))

  const s = queue.state
  const items = s.status === 'ready' ? s.items.filter((o) => !gone.includes(o.id)) : []
  const chosen = picked.filter((id) => items.some((o) => o.id === id))
  const done = (id: string): void => {
    setGone((g) => [...g, id])
    setPicked((p) => p.filter((x) => x !== id))
    setFailures(({ [id]: _drop, ...rest }) => rest)
  }

  const single = async (o: OrderSummaryView, what: 'approve' | 'reject', reason?: string): Promise<void> => {
    if (busy) return
    setOutcome(null)
    const payload = what === 'approve' ? { id: o.id } : { id: o.id, reason: reason ?? '' }
    const env = await m.run(`${what}:${o.id}`, payload, (key) => (what === 'approve' ? approve({ id: o.id }, key) : reject({ id: o.id, reason: reason ?? '' }, key)), {
      done: what === 'approve' ? '已通过，已派单' : '已不予受理',
      onDone: () => {
        done(o.id)
        setRejecting(null)
      },
    })
    if (env && !env.ok) setFailures((f) => ({ ...f, [o.id]: env.error.message }))
  }

  const batch = async (): Promise<void> => {
    if (busy || chosen.length === 0) return
    setOutcome(null)
    const ids = [...chosen]
    const byId = new Map(items.map((o) => [o.id, o]))
    // 批量通过 carries no idempotency key: each order's approval is itself conditional on its state.
    await m.run('batch', ids, () => approveMany(ids), {
      onDone: (data) => {
        data.approved.forEach(done)
        setFailures((f) => ({ ...f, ...Object.fromEntries(data.failed.map((x) => [x.id, x.message])) }))
        setPicked(data.failed.map((x) => x.id))
        setOutcome({
          approved: data.approved.length,
          failed: data.failed.map((x) => ({ id: x.id, no: byId.get(x.id)?.no ?? x.id, message: x.message })),
        })
        if (data.failed.length === 0) void Taro.showToast({ title: `已通过${data.approved.length}条`, icon: 'success' })
      },
    })
  }

  const toggle = (id: string): void => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]))
  const allPicked = items.length > 0 && chosen.length === items.length

  return (
    <PageShell className={`approvals${chosen.length ? ' approvals--picking' : ''}`} testId='page-approvals'>
      <View className='page-header'>
        <Text className='page-header__title'>诉求审批</Text>
        <Text className='page-header__sub muted'>这些诉求需要您同意后才会派单办理</Text>
      </View>

      {outcome ? (
        <View className={`card approvals-outcome${outcome.failed.length ? ' approvals-outcome--partial' : ''}`} data-testid='approvals-outcome'>
          <Text className='approvals-outcome__title'>
            {outcome.failed.length ? `通过${outcome.approved}条，${outcome.failed.length}条未通过` : `已通过${outcome.approved}条，已派单`}
          </Text>
          {outcome.failed.map((f) => (
            <Text key={f.id} className='approvals-outcome__fail' data-testid='approvals-failure'>
              单号 {f.no}：{f.message}
            </Text>
          ))}
        </View>
      ) : null}

      {s.status === 'loading' ? <Loading rows={3} /> : null}
      {s.status === 'error' ? <ErrorState message={s.message} onRetry={() => void queue.refresh()} /> : null}
      {s.status === 'ready' && items.length === 0 ? (
        <Empty title='没有待审批的诉求' hint='居民提交需要审批的诉求（如物业服务）时，会出现在这里，并通过“消息”提醒您。' />
      ) : null}

      {items.length > 1 ? (
        <View className='approvals-bar' data-testid='approvals-select-all' onClick={() => setPicked(allPicked ? [] : items.map((o) => o.id))}>
          <View className={`tick${allPicked ? ' tick--on' : ''}`}>
            <Text className='tick__mark'>{allPicked ? '✓' : ''}</Text>
          </View>
          <Text className='approvals-bar__label'>全选（{items.length}条）</Text>
        </View>
      ) : null}

      {items.map((o) => {
        const on = chosen.includes(o.id)
        const failure = failures[o.id]
        const mine = busy === `approve:${o.id}` ? 'approve' : busy === `reject:${o.id}` ? 'reject' : null
        return (
          <View key={o.id} className={`card approval${on ? ' approval--on' : ''}${failure ? ' approval--failed' : ''}`} data-testid='approval-card' data-id={o.id}>
            <View className='approval__top'>
              <View className='approval__pick' data-testid='approval-pick' onClick={() => toggle(o.id)}>
                <View className={`tick${on ? ' tick--on' : ''}`}>
                  <Text className='tick__mark'>{on ? '✓' : ''}</Text>
                </View>
              </View>
              <View className='approval__what' onClick={() => go(orderUrl(o.id))}>
                <View className='approval__title'>
                  <Text className='approval__cat'>{o.categoryName}</Text>
                  <LevelChip level={o.level} label={o.levelLabel} />
                </View>
                <Text className='approval__excerpt'>{o.excerpt}</Text>
                <Text className='approval__place muted'>{o.placeLabel}</Text>
                <View className='approval__meta'>
                  <Text className='muted'>已等待 {formatDuration(now - o.submittedAt)}</Text>
                  {o.dueAt !== null ? (
                    <View className='approval__due'>
                      <Text className='muted approval__due-k'>审批时限</Text>
                      <SlaCountdown dueAt={o.dueAt} testId='approval-countdown' />
                    </View>
                  ) : null}
                </View>
                <Text className='approval__more'>单号 {o.no} · 查看详情 ›</Text>
              </View>
            </View>
            {failure ? (
              <Text className='approval__error' data-testid='approval-error'>
                {failure}
              </Text>
            ) : null}
            {rejecting === o.id ? (
              <TextActionForm
                testId='form-reject'
                title='不予受理'
                label='原因（居民能看到）'
                placeholder='请写明原因和建议的办理渠道，比如：属于物业合同纠纷，请联系物业公司'
                min={2}
                max={200}
                danger
                confirmText='确认不予受理'
                busy={mine === 'reject'}
                error={null}
                onCancel={() => setRejecting(null)}
                onConfirm={(reason) => void single(o, 'reject', reason)}
              />
            ) : (
              <View className='approval__actions'>
                <Button
                  className={`btn btn--danger btn--big approval__reject${busy ? ' btn--disabled' : ''}`}
                  data-testid='approval-reject'
                  disabled={busy !== null || undefined}
                  onClick={() => setRejecting(o.id)}
                >
                  不予受理
                </Button>
                <Button
                  className={`btn btn--primary btn--big approval__approve${busy ? ' btn--disabled' : ''}`}
                  data-testid='approval-approve'
                  disabled={busy !== null || undefined}
                  onClick={() => void single(o, 'approve')}
                >
                  {mine === 'approve' ? '正在提交…' : '通过'}
                </Button>
              </View>
            )}
          </View>
        )
      })}

      <ListFooter state={s} onMore={() => void queue.loadMore()} />

      {chosen.length > 0 ? (
        <View className='approvals-dock' data-testid='approvals-dock'>
          <View className='approvals-dock__info'>
            <Text className='approvals-dock__count'>已选 {chosen.length} 条</Text>
            <Text className='approvals-dock__clear' data-testid='approvals-clear' onClick={() => setPicked([])}>
              取消选择
            </Text>
          </View>
          <Button
            className={`btn btn--primary btn--big approvals-dock__go${busy ? ' btn--disabled' : ''}`}
            data-testid='approvals-batch'
            disabled={busy !== null || undefined}
            onClick={() => void batch()}
          >
            {busy === 'batch' ? '正在审批…' : `批量通过（${chosen.length}）`}
          </Button>
        </View>
      ) : null}
    </PageShell>
  )
}
