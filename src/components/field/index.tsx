import type { PropsWithChildren, ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import './index.scss'

interface FieldProps {
  label: string
  /** "必填" / "选填" marker after the label. */
  required?: boolean
  optional?: boolean
  hint?: ReactNode
  /** The server's or the form's message for this field, shown in red under it. */
  error?: string | null
  /** Right side of the label row (e.g. a character counter). */
  aside?: ReactNode
  testId?: string
}

/** A labelled form field with its hint and error. */
export default function Field({ label, required, optional, hint, error, aside, testId, children }: PropsWithChildren<FieldProps>) {
  return (
    <View className={`field${error ? ' field--error' : ''}`} data-testid={testId}>
      <View className='field__head'>
        <Text className='field__label'>
          {label}
          {required ? <Text className='field__req'> *</Text> : null}
          {optional ? <Text className='field__opt'>（选填）</Text> : null}
        </Text>
        {aside ? <View className='field__aside'>{aside}</View> : null}
      </View>
      {children}
      {error ? (
        <Text className='field__error' data-testid={testId ? `${testId}-error` : 'field-error'}>
          {error}
        </Text>
      ) : null}
      {hint ? <View className='field__hint muted'>{hint}</View> : null}
    </View>
  )
}
