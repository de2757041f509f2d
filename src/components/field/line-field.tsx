import type { ReactNode } from 'react'
import Field from './index'
import LineInput, { type LineInputProps } from './line-input'

interface LineFieldProps extends Omit<LineInputProps, 'testId' | 'disabled'> {
  label: string
  required?: boolean
  optional?: boolean
  hint?: ReactNode
  error?: string | null
  /** The field's test id (its error is `<testId>-error`). */
  testId: string
  /** The text box's test id. */
  inputTestId: string
}

/** A labelled one-line text field: the Field (label, marker, hint, error) around its LineInput. */
export default function LineField({ inputTestId, value, onChange, placeholder, maxlength, type, ...field }: LineFieldProps) {
  return (
    <Field {...field}>
      <LineInput testId={inputTestId} type={type} maxlength={maxlength} value={value} placeholder={placeholder} onChange={onChange} />
    </Field>
  )
}
