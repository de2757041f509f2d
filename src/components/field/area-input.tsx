import { Textarea } from '@tarojs/components'

interface AreaInputProps {
  testId: string
  value: string
  onChange: (value: string) => void
  placeholder?: string
  maxlength: number
  /** Extra class (e.g. a page's spacing). */
  className?: string
}

/** The multi-line text box of every form (grows with the text, elderly-readable), reporting plain strings. */
export default function AreaInput({ testId, value, onChange, placeholder, maxlength, className }: AreaInputProps) {
  return (
    <Textarea
      className={`text-box text-box--area${className ? ` ${className}` : ''}`}
      data-testid={testId}
      value={value}
      maxlength={maxlength}
      autoHeight
      placeholder={placeholder}
      placeholderClass='placeholder'
      onInput={(e) => onChange(e.detail.value)}
    />
  )
}
