import type { ReactNode } from 'react'
import { View, Text, Button } from '@tarojs/components'
import { Ladder } from '@/components/order-sla'
import { askSubscribe } from '@/services/subscribe'
import * as orders from '@/services/orders'
import type { OrderView } from '@/services/orders'
import type { Envelope } from '@domain/model/envelope'
import { ORDER_LEVEL_LABELS } from '@domain/model/order'
import { ORDER_TEXT_LIMITS } from '@domain/orders/limits'
import TextActionForm from './action-form'
import DispatchForm from './dispatch-form'
import ResolveForm from './resolve-form'

type Exec = (key: string) => Promise<Envelope<OrderView>>

/** Runs one order mutation (the page's useMutation wrapper): name, the request, how to send it, the toast. */
export type RunAction = (name: string, payload: unknown, exec: Exec, done: string) => void

interface TextForm {
  title: (o: OrderView) => string
  label: string
  placeholder: string
  limits: { min: number; max: number }
  confirmText: string
  danger?: boolean
  intro?: (o: OrderView) => ReactNode
  done: string
  send: (o: OrderView, text: string) => { payload: unknown; exec: Exec }
}

interface ActionRow {
  name: string
  label: (o: OrderView) => string
  kind: 'primary' | 'plain' | 'danger' | 'whistle'
  /** Shown when the server says this viewer may do it now. */
  when: (o: OrderView) => boolean
  /** Runs at once… */
  now?: { done: string; before?: () => void; send: (o: OrderView) => { payload: unknown; exec: Exec } }
  /** …or opens a one-text form… */
  form?: TextForm
  /** …or its own panel. */
  panel?: 'resolve' | 'dispatch'
}

const LADDER_NEXT: Record<OrderView['level'], OrderView['level'] | null> = {
  grid: 'community',
  community: 'street',
  street: 'department',
  department: 'district',
  district: null,
}

const send = <P,>(payload: P, call: (p: P, key: string) => Promise<Envelope<OrderView>>) => ({ payload, exec: (key: string) => call(payload, key) })

/** Every action of the order page, in the order the buttons show; the first primary one is the big button. */
export const ORDER_ACTIONS: readonly ActionRow[] = [
  {
    name: 'claim',
    // Above the community a level takes an order by reporting for it (街道吹哨、部门报到).
    label: (o) => (o.level === 'street' || o.level === 'department' || o.level === 'district' ? '报到接单' : '接单'),
    kind: 'primary',
    when: (o) => o.can.claim,
    now: { done: '接单成功', before: () => askSubscribe('handler'), send: (o) => send({ id: o.id, version: o.version }, orders.claim) },
  },
  {
    name: 'verify',
    label: () => '验收通过',
    kind: 'primary',
    when: (o) => o.can.verify,
    now: { done: '已验收通过', send: (o) => send({ id: o.id, outcome: 'accept' as const }, orders.verify) },
  },
  {
    name: 'verifyReturn',
    label: () => '退回重办',
    kind: 'danger',
    when: (o) => o.can.verify,
    form: {
      title: () => '退回重办',
      label: '退回原因（办理人能看到）',
      placeholder: '比如：现场核实问题仍未解决',
      limits: { min: ORDER_TEXT_LIMITS.verifyNote.returnMin, max: ORDER_TEXT_LIMITS.verifyNote.max },
      confirmText: '确认退回',
      danger: true,
      done: '已退回',
      send: (o, note) => send({ id: o.id, outcome: 'return' as const, note }, orders.verify),
    },
  },
  {
    name: 'approve',
    label: () => '审批通过',
    kind: 'primary',
    when: (o) => o.can.approve,
    now: { done: '已审批通过', send: (o) => send({ id: o.id }, orders.approve) },
  },
  {
    name: 'start',
    label: () => '开始办理',
    kind: 'primary',
    when: (o) => o.can.start,
    now: { done: '已开始办理', send: (o) => send({ id: o.id }, orders.start) },
  },
  { name: 'resolve', label: () => '办结', kind: 'primary', when: (o) => o.can.resolve, panel: 'resolve' },
  {
    // 及时回复 (15-30-24: within 30 minutes the resident hears back).
    name: 'contact',
    label: () => '回复居民',
    kind: 'plain',
    when: (o) => o.can.contact,
    form: {
      title: () => '回复居民',
      label: '告诉居民的话（或电话里说了什么）',
      placeholder: '比如：已收到，下午3点前上门查看',
      limits: ORDER_TEXT_LIMITS.note,
      confirmText: '发送回复',
      done: '已回复居民',
      send: (o, note) => send({ id: o.id, how: 'reply' as const, note }, orders.contact),
    },
  },
  {
    name: 'arrive',
    label: () => '已到现场',
    kind: 'plain',
    when: (o) => o.can.contact,
    now: { done: '已告知居民您已到场', send: (o) => send({ id: o.id, how: 'arrive' as const, note: '已到达现场' }, orders.contact) },
  },
  {
    name: 'requestInfo',
    label: () => '向居民询问',
    kind: 'plain',
    when: (o) => o.can.requestInfo,
    form: {
      title: () => '向居民询问',
      label: '要问的问题',
      placeholder: '比如：请问具体是几楼的灯？家里什么时间有人？',
      limits: ORDER_TEXT_LIMITS.question,
      confirmText: '发送询问',
      done: '已发送询问',
      send: (o, question) => send({ id: o.id, question }, orders.requestInfo),
    },
  },
  {
    name: 'addNote',
    label: () => '补充说明',
    kind: 'plain',
    when: (o) => o.can.addNote,
    form: {
      title: () => '补充说明',
      label: '说明内容',
      placeholder: '办理过程中的情况，会显示在办理进度里',
      limits: ORDER_TEXT_LIMITS.note,
      confirmText: '保存说明',
      done: '已保存',
      send: (o, note) => send({ id: o.id, note }, orders.addNote),
    },
  },
  // 改派 once someone was given it; 派单 while nobody was yet.
  { name: 'dispatch', label: (o) => (o.status === 'dispatched' ? '改派' : '派单'), kind: 'plain', when: (o) => o.can.dispatch, panel: 'dispatch' },
  {
    name: 'escalate',
    label: () => '吹哨上报',
    kind: 'whistle',
    when: (o) => o.can.escalate && LADDER_NEXT[o.level] !== null,
    form: {
      title: (o) => `吹哨上报：${o.levelLabel} → ${ORDER_LEVEL_LABELS[LADDER_NEXT[o.level] ?? o.level]}`,
      label: '上报原因',
      placeholder: '本级解决不了的原因，比如：需要住建部门协调维修资金',
      limits: ORDER_TEXT_LIMITS.reason,
      confirmText: '确认吹哨',
      done: '已吹哨上报',
      intro: (o) => <EscalateIntro o={o} />,
      send: (o, reason) => send({ id: o.id, reason }, orders.escalate),
    },
  },
  {
    name: 'reject',
    label: () => '不予受理',
    kind: 'danger',
    when: (o) => o.can.reject,
    form: {
      title: () => '不予受理',
      label: '原因（居民能看到）',
      placeholder: '请写明原因和建议的办理渠道',
      limits: ORDER_TEXT_LIMITS.reason,
      confirmText: '确认不予受理',
      danger: true,
      done: '已处理',
      send: (o, reason) => send({ id: o.id, reason }, orders.reject),
    },
  },
  {
    name: 'bounce',
    label: () => '退单',
    kind: 'danger',
    when: (o) => o.can.bounce,
    form: {
      title: () => '退单',
      label: '退单原因',
      placeholder: '比如：不属于本网格 / 需要专业部门处理',
      limits: ORDER_TEXT_LIMITS.reason,
      confirmText: '确认退单',
      danger: true,
      done: '已退单',
      send: (o, reason) => send({ id: o.id, reason }, orders.bounce),
    },
  },
  {
    name: 'cancel',
    label: () => '撤回诉求',
    kind: 'danger',
    when: (o) => o.can.cancel,
    form: {
      title: () => '撤回诉求',
      label: '撤回原因',
      placeholder: '比如：问题已经自己解决了',
      limits: ORDER_TEXT_LIMITS.cancelReason,
      confirmText: '确认撤回',
      danger: true,
      done: '已撤回',
      send: (o, reason) => send(reason ? { id: o.id, reason } : { id: o.id }, orders.cancel),
    },
  },
]

function EscalateIntro({ o }: { o: OrderView }) {
  const next = LADDER_NEXT[o.level]
  if (!next) return null
  return (
    <View className='escalate-ladder'>
      <Ladder level={o.level} next />
      <Text className='muted escalate-ladder__hint'>
        {next === 'department' ? '上报后按诉求类别派给对口职能部门报到接手' : `上报后由${ORDER_LEVEL_LABELS[next]}接手（报到）`}
        ，重新计时；居民的总用时从提交时算起。
      </Text>
    </View>
  )
}

/** What the order page hands each of its interactive sections: the order, the mutation state, the open panel, the runner. */
export interface OrderSectionProps {
  o: OrderView
  busy: string | null
  errorOf: (name: string) => string | null
  panel: string | null
  setPanel: (p: string | null) => void
  run: RunAction
}

/** The action buttons the server allows this viewer now, and the form of the one opened. */
export default function OrderActions({ o, busy, errorOf, panel, setPanel, run }: OrderSectionProps) {
  const rows = ORDER_ACTIONS.filter((a) => a.when(o))
  if (rows.length === 0) return null
  const tap = (a: ActionRow): void => {
    if (a.now) {
      a.now.before?.()
      const { payload, exec } = a.now.send(o)
      run(a.name, payload, exec, a.now.done)
    } else setPanel(panel === a.name ? null : a.name)
  }
  const open = rows.find((a) => a.name === panel)
  const close = () => setPanel(null)
  return (
    <View className='card order-actions' data-testid='order-actions'>
      <View className='actions'>
        {rows.map((a, i) => (
          <Button
            key={a.name}
            className={`btn btn--${i > 0 && a.kind === 'primary' ? 'plain' : a.kind} actions__btn${i === 0 && a.kind === 'primary' ? ' actions__btn--wide btn--big' : ''}${busy === a.name ? ' btn--disabled' : ''}${panel === a.name ? ' order-actions__btn--open' : ''}`}
            data-testid={`action-${a.name}`}
            disabled={busy !== null || undefined}
            onClick={() => tap(a)}
          >
            {busy === a.name ? '正在提交…' : a.label(o)}
          </Button>
        ))}
      </View>
      {open?.form ? (
        <TextActionForm
          testId={`form-${open.name === 'verifyReturn' ? 'verify-return' : open.name}`}
          title={open.form.title(o)}
          label={open.form.label}
          placeholder={open.form.placeholder}
          min={open.form.limits.min}
          max={open.form.limits.max}
          danger={open.form.danger}
          confirmText={open.form.confirmText}
          busy={busy === open.name}
          error={errorOf(open.name)}
          intro={open.form.intro?.(o)}
          onCancel={close}
          onConfirm={(text) => {
            const form = open.form as TextForm
            const { payload, exec } = form.send(o, text)
            run(open.name, payload, exec, form.done)
          }}
        />
      ) : null}
      {open?.panel === 'resolve' ? (
        <ResolveForm
          busy={busy === 'resolve'}
          error={errorOf('resolve')}
          onCancel={close}
          onConfirm={(note, media) => {
            const { payload, exec } = send(media.length ? { id: o.id, note, media } : { id: o.id, note }, orders.resolve)
            run('resolve', payload, exec, '已办结')
          }}
        />
      ) : null}
      {open?.panel === 'dispatch' ? (
        <DispatchForm
          o={o}
          busy={busy === 'dispatch'}
          error={errorOf('dispatch')}
          onCancel={close}
          onConfirm={(to, reason) => {
            const { payload, exec } = send({ id: o.id, to, reason }, orders.dispatch)
            run('dispatch', payload, exec, o.status === 'dispatched' ? '已改派' : '已派单')
          }}
        />
      ) : null}
    </View>
  )
}
