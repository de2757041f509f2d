import { useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import StatusChip, { LevelChip, statusTone } from '@/components/status-chip'
import { ClocksSection, Ladder, PromiseCard } from '@/components/order-sla'
import Timeline from '@/components/timeline'
import PhotoStrip from '@/components/photo-strip'
import PhotoPicker from '@/components/photo-picker'
import StarRating from '@/components/star-rating'
import Field from '@/components/field'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { useResource, type Resource } from '@/hooks/use-resource'
import { usePhotoUploads } from '@/hooks/use-photo-uploads'
import { formatDuration, formatTime } from '@/lib/format'
import { go } from '@/lib/nav'
import { orderUrl } from '@/components/order-card'
import { newIdempotencyKey } from '@/lib/ids'
import { askSubscribe } from '@/services/subscribe'
import { isDefinitive } from '@/lib/errors'
import { ORDER_LEVEL_LABELS, PRIORITY_LABELS } from '@domain/model/order'
import type { Envelope } from '@domain/model/envelope'
import * as orders from '@/services/orders'
import type { OrderView, RateInput } from '@/services/orders'
import TextActionForm from './action-form'
import RateForm from './rate-form'
import DispatchForm from './dispatch-form'
import MergeSection from './merge-section'
import './index.scss'

type Panel = 'resolve' | 'bounce' | 'verifyReturn' | 'requestInfo' | 'addNote' | 'reply' | 'cancel' | 'reject' | 'dispatch' | 'escalate' | 'editRating'
type ActionName = Panel | 'claim' | 'start' | 'approve' | 'verify' | 'rate' | 'editRating' | 'merge'

/** Abilities only staff (and volunteers taking a task) ever get: the viewer works on orders, not just follows one. */
const STAFF_ABILITIES = ['claim', 'bounce', 'start', 'resolve', 'requestInfo', 'addNote', 'approve', 'reject', 'dispatch', 'escalate', 'merge', 'verify'] as const

export const isStaffView = (o: OrderView): boolean => o.suggestions.length > 0 || STAFF_ABILITIES.some((k) => o.can[k])

const CHANNEL_LABELS: Record<string, string> = { self: '本人反映', proxy: '邻居代办', phone: '电话代录', patrol: '巡查上报' }

/** One line under the big status label, in the words of the person looking at it. */
function statusLine(o: OrderView): string {
  switch (o.status) {
    case 'submitted':
      return '已收到，正在分派给负责的网格员'
    case 'pending_approval':
      return '等待社区书记审批'
    case 'dispatched':
      return `已派给 ${o.assignee.name}，等待接单`
    case 'claimed':
      return `${o.handlerName ?? o.assignee.name} 已接单，马上办理`
    case 'in_progress':
      return `${o.handlerName ?? o.assignee.name} 正在办理`
    case 'verifying':
      return o.can.verify ? '已办结，请到现场核实后验收' : '已办结，等待验收'
    case 'resolved':
      return o.can.rate ? '已经办好了，请您评价' : '已办结，等待居民评价'
    case 'closed':
      return '已完成，感谢您的参与'
    case 'rejected':
      return '社区未受理此诉求，原因见下方进度'
    case 'cancelled':
      return '此诉求已撤回'
    case 'merged':
      return '已并入共性诉求，与相同问题一起办理'
    default:
      return ''
  }
}

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
  const [panel, setPanel] = useState<Panel | null>(null)
  const [busy, setBusy] = useState<ActionName | null>(null)
  const [error, setError] = useState<{ action: ActionName; message: string } | null>(null)
  const keys = useRef<Partial<Record<ActionName, string>>>({})
  const can = o.can

  /** Run one mutation with its idempotency key (kept for a retry of the same tap until the server decides). */
  const run = async (name: ActionName, exec: (key: string) => Promise<Envelope<OrderView>>, done: string): Promise<boolean> => {
    if (busy) return false
    const key = (keys.current[name] ??= newIdempotencyKey())
    setBusy(name)
    setError(null)
    const env = await exec(key)
    setBusy(null)
    if (env.ok) {
      delete keys.current[name]
      setOrder(env.data)
      setPanel(null)
      void timeline.reload(true)
      void Taro.showToast({ title: done, icon: 'success' })
      return true
    }
    if (isDefinitive(env.error)) delete keys.current[name]
    void Taro.showToast({ title: env.error.message, icon: 'none', duration: 2500 })
    if (env.error.code === 'CONFLICT' || env.error.code === 'FAILED_PRECONDITION' || env.error.code === 'NOT_FOUND') {
      // Someone else moved it (接单 by a colleague, a withdrawal…): show the order as it is now.
      setPanel(null)
      setError({ action: name, message: env.error.message })
      await refresh()
      return false
    }
    setError({ action: name, message: env.error.message })
    return false
  }
  const errorFor = (name: ActionName): string | null => (error?.action === name ? error.message : null)

  const open = (p: Panel): void => {
    setError(null)
    setPanel((cur) => (cur === p ? null : p))
  }

  const buttons: { name: ActionName; label: string; kind: 'primary' | 'plain' | 'danger' | 'whistle'; onTap: () => void }[] = []
  if (can.claim)
    buttons.push({
      name: 'claim',
      // Above the community a level takes an order by reporting for it (街道吹哨、部门报到).
      label: o.level === 'street' || o.level === 'department' || o.level === 'district' ? '报到接单' : '接单',
      kind: 'primary',
      onTap: () => {
        askSubscribe('handler')
        void run('claim', (k) => orders.claim({ id: o.id, version: o.version }, k), '接单成功')
      },
    })
  if (can.approve) buttons.push({ name: 'approve', label: '审批通过', kind: 'primary', onTap: () => void run('approve', (k) => orders.approve({ id: o.id }, k), '已审批通过') })
  if (can.verify) {
    buttons.push({ name: 'verify', label: '验收通过', kind: 'primary', onTap: () => void run('verify', (k) => orders.verify({ id: o.id, outcome: 'accept' }, k), '已验收通过') })
    buttons.push({ name: 'verifyReturn', label: '退回重办', kind: 'danger', onTap: () => open('verifyReturn') })
  }
  if (can.start) buttons.push({ name: 'start', label: '开始办理', kind: 'primary', onTap: () => void run('start', (k) => orders.start({ id: o.id }, k), '已开始办理') })
  if (can.resolve) buttons.push({ name: 'resolve', label: '办结', kind: 'primary', onTap: () => open('resolve') })
  if (can.requestInfo) buttons.push({ name: 'requestInfo', label: '向居民询问', kind: 'plain', onTap: () => open('requestInfo') })
  if (can.addNote) buttons.push({ name: 'addNote', label: '补充说明', kind: 'plain', onTap: () => open('addNote') })
  if (can.dispatch) buttons.push({ name: 'dispatch', label: '改派', kind: 'plain', onTap: () => open('dispatch') })
  if (can.escalate) buttons.push({ name: 'escalate', label: '吹哨上报', kind: 'whistle', onTap: () => open('escalate') })
  if (can.reject) buttons.push({ name: 'reject', label: '不予受理', kind: 'danger', onTap: () => open('reject') })
  if (can.bounce) buttons.push({ name: 'bounce', label: '退单', kind: 'danger', onTap: () => open('bounce') })
  if (can.cancel) buttons.push({ name: 'cancel', label: '撤回诉求', kind: 'danger', onTap: () => open('cancel') })

  // 用时 = submission to resolution; a merged, withdrawn or refused order was never resolved.
  const since = o.status === 'resolved' || o.status === 'closed' ? (o.resolvedAt ?? o.closedAt ?? null) : null
  const staff = isStaffView(o)
  const nextLevel = LADDER_NEXT[o.level]

  return (
    <View>
      {isNew ? (
        <View className='order-new' data-testid='order-new-banner'>
          <Text className='order-new__title'>提交成功！</Text>
          <Text>
            {o.status === 'pending_approval' ? '已交社区书记审批。' : `已转给 ${o.assignee.name}。`}
            办理进度会在“消息”里通知您。
          </Text>
        </View>
      ) : null}

      <View className={`card order-hero order-hero--${statusTone(o.status)}`} data-testid='order-hero'>
        <View className='order-hero__top'>
          <Text className='order-hero__label' data-testid='order-status-label'>
            {o.statusLabel}
          </Text>
          <StatusChip status={o.status} label={o.categoryName} />
        </View>
        <Text className='order-hero__line'>{statusLine(o)}</Text>
        <View className='order-hero__level' data-testid='order-level'>
          <Text className='order-hero__level-k'>办理层级</Text>
          <LevelChip level={o.level} label={o.levelLabel} />
          {o.escalations > 0 ? <Text className='order-hero__tag order-hero__tag--amber'>已上报{o.escalations}次</Text> : null}
          {o.childCount > 0 ? (
            <Text className='order-hero__tag order-hero__tag--blue' data-testid='order-children'>
              共性诉求 · 合并了{o.childCount}条
            </Text>
          ) : null}
        </View>
        <View className='order-hero__meta muted'>
          <Text data-testid='order-no'>单号 {o.no}</Text>
          <Text>
            {since ? `用时 ${formatDuration(since - o.submittedAt)}` : `${formatTime(o.submittedAt)} 提交`}
          </Text>
        </View>
      </View>

      {o.status === 'merged' && o.parentId ? <MergedBanner parentId={o.parentId} timeline={timeline} /> : null}

      <PromiseCard o={o} />

      {o.awaitingInfoQuestion ? (
        <View className='card order-ask' data-testid='order-question'>
          <Text className='order-ask__title'>{can.reply ? `${o.handlerName ?? '办理人员'}想向您了解` : '已向居民询问，等待回复'}</Text>
          <Text className='order-ask__q'>{o.awaitingInfoQuestion}</Text>
          {can.reply && panel !== 'reply' ? (
            <Button className='btn btn--primary btn--block' data-testid='action-reply' onClick={() => open('reply')}>
              回复
            </Button>
          ) : null}
          {can.reply && panel === 'reply' ? (
            <TextActionForm
              testId='form-reply'
              title='回复办理人员'
              label='您的回复'
              placeholder='请直接回答上面的问题'
              min={1}
              max={500}
              confirmText='发送回复'
              busy={busy === 'reply'}
              error={errorFor('reply')}
              onCancel={() => setPanel(null)}
              onConfirm={(answer) => void run('reply', (k) => orders.reply({ id: o.id, answer }, k), '已回复')}
            />
          ) : null}
        </View>
      ) : null}

      {error && !panel && error.action !== 'rate' && error.action !== 'reply' ? (
        <View className='form-error' data-testid='action-error'>
          <Text>{error.message}</Text>
        </View>
      ) : null}

      {buttons.length > 0 ? (
        <View className='card order-actions' data-testid='order-actions'>
          <View className='actions'>
            {buttons.map((b, i) => (
              <Button
                key={b.name}
                className={`btn btn--${i > 0 && b.kind === 'primary' ? 'plain' : b.kind} actions__btn${i === 0 && b.kind === 'primary' ? ' actions__btn--wide btn--big' : ''}${busy === b.name ? ' btn--disabled' : ''}${panel === b.name ? ' order-actions__btn--open' : ''}`}
                data-testid={`action-${b.name}`}
                disabled={busy !== null || undefined}
                onClick={b.onTap}
              >
                {busy === b.name ? '正在提交…' : b.label}
              </Button>
            ))}
          </View>
          {panel === 'resolve' ? (
            <ResolveForm busy={busy === 'resolve'} error={errorFor('resolve')} onCancel={() => setPanel(null)} onConfirm={(note, media) =>
              void run('resolve', (k) => orders.resolve(media.length ? { id: o.id, note, media } : { id: o.id, note }, k), '已办结')
            }
            />
          ) : null}
          {panel === 'requestInfo' ? (
            <TextActionForm
              testId='form-requestInfo'
              title='向居民询问'
              label='要问的问题'
              placeholder='比如：请问具体是几楼的灯？家里什么时间有人？'
              min={2}
              max={200}
              confirmText='发送询问'
              busy={busy === 'requestInfo'}
              error={errorFor('requestInfo')}
              onCancel={() => setPanel(null)}
              onConfirm={(question) => void run('requestInfo', (k) => orders.requestInfo({ id: o.id, question }, k), '已发送询问')}
            />
          ) : null}
          {panel === 'addNote' ? (
            <TextActionForm
              testId='form-addNote'
              title='补充说明'
              label='说明内容'
              placeholder='办理过程中的情况，会显示在办理进度里'
              min={1}
              max={500}
              confirmText='保存说明'
              busy={busy === 'addNote'}
              error={errorFor('addNote')}
              onCancel={() => setPanel(null)}
              onConfirm={(note) => void run('addNote', (k) => orders.addNote({ id: o.id, note }, k), '已保存')}
            />
          ) : null}
          {panel === 'bounce' ? (
            <TextActionForm
              testId='form-bounce'
              title='退单'
              label='退单原因'
              placeholder='比如：不属于本网格 / 需要专业部门处理'
              min={2}
              max={200}
              danger
              confirmText='确认退单'
              busy={busy === 'bounce'}
              error={errorFor('bounce')}
              onCancel={() => setPanel(null)}
              onConfirm={(reason) => void run('bounce', (k) => orders.bounce({ id: o.id, reason }, k), '已退单')}
            />
          ) : null}
          {panel === 'verifyReturn' ? (
            <TextActionForm
              testId='form-verify-return'
              title='退回重办'
              label='退回原因（办理人能看到）'
              placeholder='比如：现场核实问题仍未解决'
              min={2}
              max={200}
              danger
              confirmText='确认退回'
              busy={busy === 'verifyReturn'}
              error={errorFor('verifyReturn')}
              onCancel={() => setPanel(null)}
              onConfirm={(note) => void run('verifyReturn', (k) => orders.verify({ id: o.id, outcome: 'return', note }, k), '已退回')}
            />
          ) : null}
          {panel === 'reject' ? (
            <TextActionForm
              testId='form-reject'
              title='不予受理'
              label='原因（居民能看到）'
              placeholder='请写明原因和建议的办理渠道'
              min={2}
              max={200}
              danger
              confirmText='确认不予受理'
              busy={busy === 'reject'}
              error={errorFor('reject')}
              onCancel={() => setPanel(null)}
              onConfirm={(reason) => void run('reject', (k) => orders.reject({ id: o.id, reason }, k), '已处理')}
            />
          ) : null}
          {panel === 'cancel' ? (
            <TextActionForm
              testId='form-cancel'
              title='撤回诉求'
              label='撤回原因'
              placeholder='比如：问题已经自己解决了'
              min={0}
              max={200}
              danger
              confirmText='确认撤回'
              busy={busy === 'cancel'}
              error={errorFor('cancel')}
              onCancel={() => setPanel(null)}
              onConfirm={(reason) => void run('cancel', (k) => orders.cancel(reason ? { id: o.id, reason } : { id: o.id }, k), '已撤回')}
            />
          ) : null}
          {panel === 'escalate' && nextLevel ? (
            <TextActionForm
              testId='form-escalate'
              title={`吹哨上报：${o.levelLabel} → ${ORDER_LEVEL_LABELS[nextLevel]}`}
              label='上报原因'
              placeholder='本级解决不了的原因，比如：需要住建部门协调维修资金'
              min={2}
              max={200}
              confirmText='确认吹哨'
              busy={busy === 'escalate'}
              error={errorFor('escalate')}
              onCancel={() => setPanel(null)}
              onConfirm={(reason) => void run('escalate', (k) => orders.escalate({ id: o.id, reason }, k), '已吹哨上报')}
              intro={
                <View className='escalate-ladder'>
                  <Ladder level={o.level} next />
                  <Text className='muted escalate-ladder__hint'>
                    {nextLevel === 'department' ? '上报后按诉求类别派给对口职能部门报到接手' : `上报后由${ORDER_LEVEL_LABELS[nextLevel]}接手（报到）`}
                    ，重新计时；居民的总用时从提交时算起。
                  </Text>
                </View>
              }
            />
          ) : null}
          {panel === 'dispatch' ? (
            <DispatchForm
              o={o}
              busy={busy === 'dispatch'}
              error={errorFor('dispatch')}
              onCancel={() => setPanel(null)}
              onConfirm={(to, reason) => void run('dispatch', (k) => orders.dispatch({ id: o.id, to, reason }, k), '已改派')}
            />
          ) : null}
        </View>
      ) : null}

      {o.suggestions.length > 0 ? (
        <MergeSection
          o={o}
          busy={busy === 'merge'}
          error={errorFor('merge')}
          onMerge={(childIds, reason) => run('merge', (k) => orders.merge({ id: o.id, childIds, reason }, k), '已合并')}
        />
      ) : null}

      {staff && o.clocks.length > 0 ? <ClocksSection o={o} /> : null}

      {can.rate ? (
        <RateForm
          busy={busy === 'rate'}
          error={errorFor('rate')}
          onSubmit={(input: Omit<RateInput, 'id'>) => void run('rate', (k) => orders.rate({ id: o.id, ...input }, k), '感谢您的评价')}
        />
      ) : null}

      {o.rating && panel === 'editRating' ? (
        <RateForm
          initial={{ stars: o.rating.stars, dims: o.rating.dims, tags: o.rating.tags, comment: o.rating.comment }}
          busy={busy === 'editRating'}
          error={errorFor('editRating')}
          onCancel={() => setPanel(null)}
          onSubmit={(input: Omit<RateInput, 'id'>) => void run('editRating', (k) => orders.editRating({ id: o.id, ...input }, k), '评价已修改')}
        />
      ) : o.rating ? (
        <View className='card order-rating' data-testid='order-rating'>
          <Text className='section-title'>居民评价</Text>
          <StarRating value={o.rating.stars} size='big' testId='rating-stars' />
          {o.rating.tags?.length ? (
            <View className='order-rating__tags'>
              {o.rating.tags.map((t) => (
                <Text key={t} className='tag-chip tag-chip--on tag-chip--static'>
                  {t}
                </Text>
              ))}
            </View>
          ) : null}
          {o.rating.comment ? <Text className='order-rating__comment'>“{o.rating.comment}”</Text> : null}
          <Text className='muted order-rating__at'>
            {formatTime(o.rating.at)}
            {o.rating.byProxy ? ' · 代办人评价' : ''}
            {o.rating.editedAt ? ` · 已修改（原${o.rating.firstStars ?? '-'}星）` : ''}
          </Text>
          {can.editRating && o.rating.editableUntil ? (
            <View className='order-rating__edit'>
              <Text className='muted'>{formatTime(o.rating.editableUntil)}前可修改一次</Text>
              <Button className='btn btn--plain' data-testid='rating-edit' onClick={() => open('editRating')}>
                修改评价
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}

      {o.resolution ? (
        <View className='card order-resolution' data-testid='order-resolution'>
          <Text className='section-title'>办结情况</Text>
          <Text className='order-resolution__note'>{o.resolution.note}</Text>
          <PhotoStrip urls={o.resolution.media} testId='resolution-photos' />
          <Text className='muted order-resolution__at'>
            {o.handlerName ? `${o.handlerName} · ` : ''}
            {formatTime(o.resolution.at)}
          </Text>
        </View>
      ) : null}

      <View className='card order-detail' data-testid='order-detail'>
        <Text className='section-title'>诉求内容</Text>
        <Text className='order-detail__desc' data-testid='order-description'>
          {o.description}
        </Text>
        <PhotoStrip urls={o.media} testId='order-photos' />
        <View className='kv'>
          <Row k='问题类型' v={o.priority === 'normal' ? o.categoryName : `${o.categoryName}（${PRIORITY_LABELS[o.priority]}）`} />
          <Row k='地点' v={o.place.label || o.placeLabel} testId='order-place' />
          <Row k='负责' v={o.handlerName ? `${o.handlerName}` : o.assignee.name} testId='order-assignee' />
          <Row k='来源' v={CHANNEL_LABELS[o.channel] ?? o.channel} />
          {o.proxyFor ? <Row k='代办对象' v={o.proxyFor.phone ? `${o.proxyFor.name}  ${o.proxyFor.phone}` : o.proxyFor.name} /> : null}
          {o.contactPhone ? <PhoneRow phone={o.contactPhone} /> : null}
          <Row k='提交时间' v={formatTime(o.submittedAt)} />
          {o.reopenCount > 0 ? <Row k='重新办理' v={`${o.reopenCount}次`} /> : null}
        </View>
      </View>

      <View className='card'>
        <Text className='section-title'>办理进度</Text>
        {timeline.state.status === 'loading' ? <Loading rows={2} /> : null}
        {timeline.state.status === 'error' ? <ErrorState message={timeline.state.message} onRetry={() => void timeline.reload()} /> : null}
        {timeline.state.status === 'ready' ? <Timeline entries={timeline.state.data} /> : null}
      </View>
    </View>
  )
}

function Row({ k, v, testId }: { k: string; v: string; testId?: string }) {
  return (
    <View className='kv__row' data-testid={testId}>
      <Text className='kv__k'>{k}</Text>
      <Text className='kv__v'>{v}</Text>
    </View>
  )
}

/** The contact phone; when the viewer sees it in full (filer, current handler) it can be called. */
function PhoneRow({ phone }: { phone: string }) {
  const callable = /^\d{11}$/.test(phone)
  return (
    <View className='kv__row' data-testid='order-phone'>
      <Text className='kv__k'>联系电话</Text>
      <Text className='kv__v'>{phone}</Text>
      {callable ? (
        <Text className='kv__call' data-testid='order-call' onClick={() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}>
          拨打
        </Text>
      ) : null}
    </View>
  )
}

function ResolveForm({
  busy,
  error,
  onCancel,
  onConfirm,
}: {
  busy: boolean
  error: string | null
  onCancel: () => void
  onConfirm: (note: string, media: string[]) => void
}) {
  const photos = usePhotoUploads(3)
  const [photoError, setPhotoError] = useState<string | null>(null)
  return (
    <TextActionForm
      testId='form-resolve'
      title='办结'
      label='办结说明'
      placeholder='怎么处理的、结果如何，比如：已更换3楼楼道灯，亮了'
      min={2}
      max={500}
      confirmText={photos.busy ? '照片上传中…' : '确认办结'}
      busy={busy || photos.busy}
      error={error}
      onCancel={onCancel}
      onConfirm={(note) => {
        if (photos.failed) {
          setPhotoError('有照片没传上去，请点照片重试，或删掉它')
          return
        }
        setPhotoError(null)
        onConfirm(note, photos.fileIDs)
      }}
    >
      <Field label='现场照片' optional hint='拍一张办好后的照片，居民看得更放心' error={photoError}>
        <PhotoPicker photos={photos} testId='resolve-photos' />
      </Field>
    </TextActionForm>
  )
}

const LADDER_NEXT: Record<OrderView['level'], OrderView['level'] | null> = {
  grid: 'community',
  community: 'street',
  street: 'department',
  department: 'district',
  district: null,
}

/**
 * A merged order follows its parent (共性诉求): the parent's number and state, with a link when
 * this viewer may open it; otherwise the number from the merge step of the timeline.
 */
function MergedBanner({ parentId, timeline }: { parentId: string; timeline: Resource<orders.TimelineEntryView[]> }) {
  const parent = useResource(() => orders.get(parentId), [parentId])
  const fromTimeline =
    timeline.state.status === 'ready'
      ? (timeline.state.data
          .map((e) => /并入共性诉求\s*([0-9A-Za-z-]+)/.exec(e.label)?.[1])
          .filter((x): x is string => !!x)
          .pop() ?? null)
      : null
  const p = parent.state.status === 'ready' ? parent.state.data : null
  const no = p?.no ?? fromTimeline
  return (
    <View className='card order-merged' data-testid='order-merged'>
      <Text className='order-merged__title'>已并入共性诉求{no ? ` 单号 ${no}` : ''}</Text>
      {p ? (
        <View className='order-merged__parent'>
          <StatusChip status={p.status} label={p.statusLabel} />
          <Text className='order-merged__excerpt muted'>{p.excerpt}</Text>
        </View>
      ) : null}
      <Text className='order-merged__hint'>同样的问题由社区合并统一办理，办好后会通过“消息”通知您。</Text>
      {p ? (
        <Button className='btn btn--plain btn--block' data-testid='open-parent' onClick={() => go(orderUrl(p.id))}>
          查看共性诉求办理进度
        </Button>
      ) : null}
    </View>
  )
}
