import { Input } from '@tarojs/components'

export interface LineInputProps {
  testId: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  maxlength?: number
  type?: 'text' | 'number' | 'idcard' | 'digit'
  disabled?: boolean
}

/** The one-line text box of every form (big, underlined, elderly-readable), reporting plain strings. */
export default function LineInput({ testId, value, onChange, placeholder, maxlength, type, disabled }: LineInputProps) {
  return (
    <Input
      className='text-box text-box--line'
      data-testid={testId}
      type={type}
      maxlength={maxlength}
      value={value}
      placeholder={placeholder}
      placeholderClass='placeholder'
      disabled={disabled || undefined}
      onInput={(e) => onChange(e.detail.value)}
    />
  )
}
