import { useState, type PropsWithChildren, type ReactNode } from 'react'
import { View, Text, Button } from '@tarojs/components'
import Field from '@/components/field'
import { charCount } from '@/lib/format'
import AreaInput from '@/components/field/area-input'
import './action-form.scss'

export interface TextActionFormProps {
  testId: string
  title: string
  label: string
  placeholder: string
  /** 0 = optional. */
  min: number
  max: number
  confirmText: string
  busy: boolean
  error: string | null
  danger?: boolean
  /** Shown between the title and the text (what the action will do). */
  intro?: ReactNode
  onConfirm: (text: string) => void
  onCancel: () => void
}

/** An inline form under the action buttons: one text (reason, note, question, answer) + extras (photos, target). */
export default function TextActionForm(props: PropsWithChildren<TextActionFormProps>) {
  const { testId, title, label, placeholder, min, max, confirmText, busy, error, danger, intro, onConfirm, onCancel, children } = props
  const [text, setText] = useState('')
  const [localError, setLocalError] = useState<string | null>(null)
  const n = charCount(text)

  const confirm = (): void => {
    if (busy) return
    if (n < min) {
      setLocalError(min <= 1 ? `请填写${label}` : `${label}至少${min}个字`)
      return
    }
    if (n > max) {
      setLocalError(`${label}不能超过${max}个字`)
      return
    }
    setLocalError(null)
    onConfirm(text.trim())
  }

  return (
    <View className='action-form' data-testid={testId}>
      <Text className='action-form__title'>{title}</Text>
      {intro}
      <Field
        label={label}
        required={min > 0}
        optional={min === 0}
        error={localError ?? error}
        aside={
          <Text className='muted'>
            {n}/{max}
          </Text>
        }
      >
        <AreaInput
          testId={`${testId}-text`}
          value={text}
          maxlength={max}
          placeholder={placeholder}
          onChange={(v) => {
            setText(v)
            setLocalError(null)
          }}
        />
      </Field>
      {children}
      <View className='actions'>
        <Button className='btn btn--ghost actions__btn' data-testid={`${testId}-cancel`} onClick={onCancel}>
          取消
        </Button>
        <Button
          className={`btn ${danger ? 'btn--danger' : 'btn--primary'} actions__btn${busy ? ' btn--disabled' : ''}`}
          data-testid={`${testId}-confirm`}
          disabled={busy || undefined}
          onClick={confirm}
        >
          {busy ? '正在提交…' : confirmText}
        </Button>
      </View>
    </View>
  )
}
