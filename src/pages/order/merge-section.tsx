import { useEffect, useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import StatusChip from '@/components/status-chip'
import { go } from '@/lib/nav'
import { orderUrl } from '@/components/order-card'
import * as orders from '@/services/orders'
import type { OrderView } from '@/services/orders'
import TextActionForm from './action-form'
import { UNRESOLVED_STATES } from '@domain/model/order'

type Details = Record<string, orders.OrderView | undefined>

const MERGEABLE: readonly string[] = UNRESOLVED_STATES

/**
 * 共性诉求 for staff: similar open orders found at submit ("可能相同：单号…，相似度 0.6，同一楼栋"),
 * each opening its own page; a dispatcher ticks the ones that are the same and merges them into
 * this order with a reason.
 */
export default function MergeSection({
  o,
  busy,
  error,
  onMerge,
}: {
  o: OrderView
  busy: boolean
  error: string | null
  onMerge: (childIds: string[], reason: string) => Promise<boolean>
}) {
  const [details, setDetails] = useState<Details>({})
  const [picked, setPicked] = useState<string[]>([])
  const [form, setForm] = useState(false)
  const ids = o.suggestions.map((s) => s.id).join(',')

  // What each suggestion is about and whether it is still open (one read each; a failure leaves the number only).
  useEffect(() => {
    let alive = true
    void Promise.all(o.suggestions.map((s) => orders.get(s.id))).then((envs) => {
      if (!alive) return
      const next: Details = {}
      envs.forEach((env, i) => {
        if (env.ok) next[o.suggestions[i].id] = env.data
      })
      setDetails(next)
    })
    return () => {
      alive = false
    }
    // Re-read after a merge (the version moves) so merged ones show 已合并.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ids, o.version])

  const selectable = (id: string): boolean => {
    const d = details[id]
    return !d || MERGEABLE.includes(d.status)
  }
  const toggle = (id: string): void => {
    if (!selectable(id)) return
    setPicked((cur) => (cur.includes(id) ? cur.filter((x) => x !== id) : [...cur, id]))
  }
  const chosen = picked.filter(selectable)

  return (
    <View className='card order-similar' data-testid='order-suggestions'>
      <Text className='section-title'>可能相同的诉求（{o.suggestions.length}）</Text>
      <Text className='muted order-similar__lead'>
        {o.can.merge ? '勾选确实是同一件事的，合并成共性诉求统一办理，办结时一起通知居民。' : '同一网格、同类问题，内容相近。'}
      </Text>
      {o.suggestions.map((s) => {
        const d = details[s.id]
        const on = chosen.includes(s.id)
        return (
          <View key={s.id} className={`similar${on ? ' similar--on' : ''}`} data-testid='suggestion' data-id={s.id}>
            {o.can.merge ? (
              <View
                className={`similar__check${selectable(s.id) ? '' : ' similar__check--off'}`}
                data-testid={`suggestion-pick-${s.id}`}
                onClick={() => toggle(s.id)}
              >
                <Text className='similar__box'>{on ? '✓' : ''}</Text>
              </View>
            ) : null}
            <View className='similar__body' onClick={() => go(orderUrl(s.id))}>
              <View className='similar__head'>
                <Text className='similar__no'>可能相同：单号 {s.no}</Text>
                {d ? <StatusChip status={d.status} label={d.statusLabel} /> : null}
              </View>
              <Text className='similar__meta'>
                相似度 {s.score.toFixed(1)}
                {s.sameBuilding ? '，同一楼栋' : ''}
              </Text>
              {d ? <Text className='similar__excerpt muted'>{d.excerpt}</Text> : null}
            </View>
          </View>
        )
      })}
      {o.can.merge && !form ? (
        <Button
          className={`btn btn--plain btn--block order-similar__merge${chosen.length === 0 ? ' btn--disabled' : ''}`}
          data-testid='action-merge'
          disabled={chosen.length === 0 || undefined}
          onClick={() => setForm(true)}
        >
          {chosen.length ? `合并到本诉求（${chosen.length}条）` : '勾选后合并到本诉求'}
        </Button>
      ) : null}
      {o.can.merge && form ? (
        <TextActionForm
          testId='form-merge'
          title={`把${chosen.length}条合并到本诉求（${o.no}）`}
          label='合并说明'
          placeholder='比如：都是3号楼电梯故障，统一报修'
          min={2}
          max={200}
          confirmText='确认合并'
          busy={busy}
          error={error}
          onCancel={() => setForm(false)}
          onConfirm={(reason) =>
            void onMerge(chosen, reason).then((done) => {
              if (done) {
                setForm(false)
                setPicked([])
              }
            })
          }
        />
      ) : null}
    </View>
  )
}
