import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import type { Envelope } from '@domain/model/envelope'
import AreaInput from '@/components/field/area-input'
import type { Mutation } from '@/hooks/use-mutation'
import type { Resource } from '@/hooks/use-resource'

/** Put the server's answer for one card in place of the card. */
export function replace<T extends { id: string }>(res: Resource<T[]>, item: T): void {
  if (res.state.status === 'ready') res.set(res.state.data.map((x) => (x.id === item.id ? item : x)))
}

interface DecisionCalls<T> {
  approve: (id: string, key: string) => Promise<Envelope<T>>
  reject: (id: string, reason: string, key: string) => Promise<Envelope<T>>
}

interface DecisionToasts {
  approved: string
  rejected: string
  /** When the reason is shorter than two characters. */
  reasonMissing: string
}

export interface Decisions<T> {
  /** The card whose reason form is open (one at a time). */
  rejecting: string | null
  setRejecting: (id: string | null) => void
  reason: string
  setReason: (reason: string) => void
  approve: (item: T) => Promise<void>
  reject: (item: T) => Promise<void>
}

/**
 * Approving, or rejecting with a reason, the cards of one list (双报到, redemptions): one
 * mutation per card (`d`), a reason of at least two characters, the card replaced by the answer.
 */
export function useDecisions<T extends { id: string }>(res: Resource<T[]>, d: Mutation, calls: DecisionCalls<T>, toasts: DecisionToasts): Decisions<T> {
  const [rejecting, setRejecting] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const approve = async (item: T): Promise<void> => {
    await d.run(item.id, { approve: item.id }, (k) => calls.approve(item.id, k), { done: toasts.approved, onDone: (saved) => replace(res, saved) })
  }
  const reject = async (item: T): Promise<void> => {
    const text = reason.trim()
    if (text.length < 2) {
      void Taro.showToast({ title: toasts.reasonMissing, icon: 'none' })
      return
    }
    await d.run(item.id, { reject: item.id, text }, (k) => calls.reject(item.id, text, k), {
      done: toasts.rejected,
      onDone: (saved) => {
        replace(res, saved)
        setRejecting(null)
        setReason('')
      },
    })
  }
  return { rejecting, setRejecting, reason, setReason, approve, reject }
}

interface DecisionActionsProps<T> {
  item: T & { id: string; can: { approve: boolean; reject: boolean } }
  decisions: Decisions<T>
  busy: boolean
  /** `<testId>-reject`, `<testId>-approve` on the buttons. */
  testId: string
  /** The reason form's test-id prefix. */
  formTestId: string
  presets: string[]
  labels: { reject: string; confirmReject: string; approve: string; approveBusy?: string }
}

/** A card's decision: its reason form while it is being rejected, else its reject and approve buttons (those it may). */
export function DecisionActions<T>({ item, decisions, busy, testId, formTestId, presets, labels }: DecisionActionsProps<T>) {
  if (decisions.rejecting === item.id) {
    return (
      <ReasonForm
        testId={formTestId}
        presets={presets}
        value={decisions.reason}
        onChange={decisions.setReason}
        busy={busy}
        confirmLabel={labels.confirmReject}
        onConfirm={() => void decisions.reject(item)}
        onCancel={() => decisions.setRejecting(null)}
      />
    )
  }
  if (!item.can.approve && !item.can.reject) return null
  return (
    <View className='vadmin-card__actions'>
      {item.can.reject ? (
        <Button className='btn btn--danger vadmin-card__btn' data-testid={`${testId}-reject`} onClick={() => decisions.setRejecting(item.id)}>
          {labels.reject}
        </Button>
      ) : null}
      {item.can.approve ? (
        <Button
          className={`btn btn--primary vadmin-card__btn${busy ? ' btn--disabled' : ''}`}
          data-testid={`${testId}-approve`}
          disabled={busy || undefined}
          onClick={() => void decisions.approve(item)}
        >
          {busy && labels.approveBusy ? labels.approveBusy : labels.approve}
        </Button>
      ) : null}
    </View>
  )
}

function ReasonForm({
  testId,
  presets,
  value,
  onChange,
  busy,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  testId: string
  presets: string[]
  value: string
  onChange: (v: string) => void
  busy: boolean
  confirmLabel: string
  onConfirm: () => void
  onCancel: () => void
}) {
  return (
    <View className='vadmin-reason' data-testid={`${testId}-form`}>
      <Text className='vadmin-reason__label'>原因（会告诉申请人）</Text>
      <View className='vadmin-reason__presets'>
        {presets.map((p) => (
          <Text key={p} className={`vadmin-reason__preset${value === p ? ' vadmin-reason__preset--on' : ''}`} onClick={() => onChange(p)}>
            {p}
          </Text>
        ))}
      </View>
      <AreaInput className='vadmin-reason__text' testId={`${testId}-reason`} value={value} maxlength={200} placeholder='写清楚原因，方便对方修改后重新提交' onChange={onChange} />
      <View className='vadmin-card__actions'>
        <Button className='btn btn--ghost vadmin-card__btn' onClick={onCancel}>
          取消
        </Button>
        <Button className={`btn btn--danger vadmin-card__btn${busy ? ' btn--disabled' : ''}`} data-testid={`${testId}-confirm`} disabled={busy || undefined} onClick={onConfirm}>
          {busy ? '正在提交…' : confirmLabel}
        </Button>
      </View>
    </View>
  )
}
