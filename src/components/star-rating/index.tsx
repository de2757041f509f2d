import { View, Text } from '@tarojs/components'
import './index.scss'

export const STAR_WORDS = ['', '很不满意', '不满意', '一般', '满意', '非常满意']

/** Five big stars; tap to choose (omit onChange for a read-only display). */
export default function StarRating({
  value,
  onChange,
  size = 'big',
  testId = 'stars',
}: {
  value: number
  onChange?: (stars: number) => void
  size?: 'big' | 'small'
  testId?: string
}) {
  return (
    <View className={`stars stars--${size}`} data-testid={testId} data-value={value}>
      {[1, 2, 3, 4, 5].map((n) => (
        <Text
          key={n}
          className={`stars__star${n <= value ? ' stars__star--on' : ''}`}
          data-testid={`${testId}-${n}`}
          onClick={onChange ? () => onChange(n) : undefined}
        >
          ★
        </Text>
      ))}
      {size === 'big' && value > 0 ? <Text className='stars__word'>{STAR_WORDS[value]}</Text> : null}
    </View>
  )
}
