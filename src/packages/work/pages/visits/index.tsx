import { useState } from 'react'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import RoleHeader from '@/components/role-header'
import FilterChips from '@/components/filter-chips'
import StarRating from '@/components/star-rating'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { orderUrl } from '@/components/order-card'
import { useWhoami } from '@/hooks/use-whoami'
import { useMutation } from '@/hooks/use-mutation'
import { useResource } from '@/hooks/use-resource'
import { useNow } from '@/hooks/use-now'
import { go } from '@/lib/nav'
import { formatDuration, formatTime, charCount } from '@/lib/format'
import { recordVisit, visits, type VisitOutcome, type VisitTaskView } from '@/services/visits'
import AreaInput from '@/components/field/area-input'
import Field from '@/components/field'
import './index.scss'

const VISITOR_ROLES = ['grid_worker', 'secretary']
const NOTE_MAX = 300
type Box = 'todo' | 'overdue'

const OUTCOMES: { key: VisitOutcome; label: string }[] = [
  { key: 'satisfied', label: '满意' },
  { key: 'partly', label: '基本满意' },
  { key: 'not_satisfied', label: '不满意' },
]
const METHODS: { key: 'phone' | 'door'; label: string }[] = [
  { key: 'phone', label: '电话回访' },
  { key: 'door', label: '上门回访' },
]

/**
 * 回访任务 (grid worker / secretary): orders whose resident must be asked how it went —
 * unrated after 48 h, filed by proxy or phone, rated ≤2 stars, or sampled — due within
 * 14 days. Call, then record 满意 / 基本满意 / 不满意 (不满意 reopens the order).
 */
export default function VisitsPage() {
  const { state, reload } = useWhoami()
  const mine = state.status === 'ready' ? state.data.roles.filter((r) => VISITOR_ROLES.includes(r.role)) : []
  return (
    <PageShell className='visits' testId='page-visits'>
      <RoleHeader title='回访任务' subtitle='办结后两周内回访居民，不满意的重新办理' state={state} mine={mine} noRoleHint='回访由网格员和社区书记负责。' onRetry={reload} />
      {mine.length ? <VisitList /> : null}
    </PageShell>
  )
}

function VisitList() {
  const [box, setBox] = useState<Box>('todo')
  const res = useResource(() => visits(box), [box])
  const [done, setDone] = useState<string[]>([])
  usePullDownRefresh(() => {
    void res.reload(true).finally(() => void Taro.stopPullDownRefresh())
  })
  const s = res.state
  const items = s.status === 'ready' ? s.data.filter((v) => !done.includes(v.id)) : []
  return (
    <View>
      <FilterChips testId='visits-box' options={[{ key: 'todo', label: '待回访' }, { key: 'overdue', label: '已逾期' }]} value={box} onChange={setBox} />
      {s.status === 'loading' ? <Loading rows={3} text='正在读取回访任务…' /> : null}
      {s.status === 'error' ? <ErrorState message={s.message} onRetry={() => void res.reload()} /> : null}
      {s.status === 'ready' && items.length === 0 ? (
        <Empty title={box === 'todo' ? '没有待回访的诉求' : '没有逾期的回访'} hint='办结后未评价、代办或电话登记、差评和抽中的诉求会出现在这里。' />
      ) : null}
      {items.map((v) => (
        <VisitCard key={v.id} visit={v} onDone={() => setDone((cur) => [...cur, v.id])} />
      ))}
    </View>
  )
}

function VisitCard({ visit: v, onDone }: { visit: VisitTaskView; onDone: () => void }) {
  const now = useNow()
  const [open, setOpen] = useState(false)
  const left = v.dueAt - now
  return (
    <View className={`card visit-card${v.overdue ? ' visit-card--overdue' : ''}`} data-testid={`visit-${v.orderNo}`}>
      <View className='visit-card__head'>
        <Text className='visit-card__reason'>{v.reasonLabel}</Text>
        <Text className={`visit-card__due${v.overdue || left <= 0 ? ' visit-card__due--late' : ''}`}>
          {left > 0 ? `还剩 ${formatDuration(left)}` : `已逾期 ${formatDuration(-left)}`}
        </Text>
      </View>
      {v.order ? (
        <View className='visit-card__order' onClick={() => go(orderUrl(v.orderId))}>
          <Text className='visit-card__title'>
            {v.order.categoryName} · {v.placeLabel}
          </Text>
          <Text className='visit-card__text'>{v.order.excerpt}</Text>
          {v.order.resolutionNote ? (
            <Text className='muted visit-card__text'>
              办结：{v.order.resolutionNote}
              {v.order.handlerName ? `（${v.order.handlerName}` : ''}
              {v.order.handlerName && v.order.resolvedAt ? ` · ${formatTime(v.order.resolvedAt, now)}）` : v.order.handlerName ? '）' : ''}
            </Text>
          ) : null}
          {v.order.stars !== null ? (
            <View className='visit-card__stars'>
              <Text className='muted'>居民评价</Text>
              <StarRating value={v.order.stars} size='small' testId='visit-stars' />
            </View>
          ) : (
            <Text className='muted visit-card__text'>居民还没有评价</Text>
          )}
          <Text className='visit-card__link'>查看诉求详情 ›</Text>
        </View>
      ) : null}
      {v.contact ? (
        <View className='visit-card__contact'>
          <Text className='visit-card__who'>
            {v.contact.name}
            {v.contact.byProxy ? '（代办）' : ''}
            {v.contact.phone ? ` · ${v.contact.phone}` : ' · 未留电话，请上门回访'}
          </Text>
          {v.contact.phone ? (
            <Button className='btn btn--plain btn--small' data-testid='visit-call' onClick={() => void Taro.makePhoneCall({ phoneNumber: v.contact!.phone! }).catch(() => undefined)}>
              拨打电话
            </Button>
          ) : null}
        </View>
      ) : null}
      {open ? (
        <VisitForm visit={v} onCancel={() => setOpen(false)} onDone={onDone} />
      ) : (
        <Button className='btn btn--primary btn--block btn--big' data-testid='visit-record' onClick={() => setOpen(true)}>
          记录回访结果
        </Button>
      )}
    </View>
  )
}

function VisitForm({ visit, onCancel, onDone }: { visit: VisitTaskView; onCancel: () => void; onDone: () => void }) {
  const [outcome, setOutcome] = useState<VisitOutcome | null>(null)
  const [method, setMethod] = useState<'phone' | 'door'>(visit.contact?.phone ? 'phone' : 'door')
  const [note, setNote] = useState('')
  const m = useMutation()
  const busy = m.busy === 'visit'
  const [invalid, setInvalid] = useState<string | null>(null)
  const error = invalid ?? m.errorOf('visit')
  const submit = async (): Promise<void> => {
    if (busy) return
    m.clearError('visit')
    if (!outcome) return setInvalid('请选择居民的评价')
    if (charCount(note) < 2) return setInvalid('请写下回访情况（至少2个字）')
    if (charCount(note) > NOTE_MAX) return setInvalid(`回访情况不能超过${NOTE_MAX}个字`)
    setInvalid(null)
    const input = { id: visit.id, outcome, method, note: note.trim() }
    const env = await m.run('visit', input, (key) => recordVisit(input, key), {
      done: outcome === 'not_satisfied' ? '已记录，诉求已重新派单' : '回访已记录',
      quietError: true,
      onDone,
    })
    // Someone else recorded it, or the order moved on: the list shows it as it is now.
    if (env && !env.ok && (env.error.code === 'FAILED_PRECONDITION' || env.error.code === 'CONFLICT')) onDone()
  }
  return (
    <View className='visit-form' data-testid='visit-form'>
      <Text className='section-title'>居民怎么说</Text>
      <FilterChips testId='visit-outcome' options={OUTCOMES} value={outcome ?? ('' as VisitOutcome)} onChange={setOutcome} />
      {outcome === 'not_satisfied' ? <Text className='visit-form__warn'>不满意会重新派单、上报社区，请写清居民的意见。</Text> : null}
      <FilterChips testId='visit-method' options={METHODS} value={method} onChange={setMethod} />
      <Field label='回访情况' error={error} aside={<Text className='muted'>{charCount(note)}/{NOTE_MAX}</Text>}>
        <AreaInput testId='visit-note' value={note} maxlength={NOTE_MAX} placeholder='例如：电话联系张阿姨，楼道灯已经亮了，表示满意' onChange={setNote} />
      </Field>
      <View className='visit-form__actions'>
        <Button className={`btn btn--primary visit-form__btn visit-form__save${busy ? ' btn--disabled' : ''}`} data-testid='visit-save' disabled={busy || undefined} onClick={() => void submit()}>
          {busy ? '正在保存…' : '保存回访'}
        </Button>
        <Button className='btn btn--plain visit-form__btn' onClick={onCancel}>
          取消
        </Button>
      </View>
    </View>
  )
}
