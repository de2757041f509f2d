import { View, Text } from '@tarojs/components'
import './index.scss'

/** ‹ 上周 | 3月2日–3月8日（本周） | 下周 › — big targets, the period in the middle. */
export default function VolunteerPager({
  label,
  prev,
  next,
  onPrev,
  onNext,
  nextDisabled,
  testId = 'pager',
}: {
  label: string
  prev: string
  next: string
  onPrev: () => void
  onNext: () => void
  nextDisabled?: boolean
  testId?: string
}) {
  return (
    <View className='vpager' data-testid={testId}>
      <View className='vpager__btn' hoverClass='vpager__btn--pressed' data-testid={`${testId}-prev`} onClick={onPrev}>
        <Text>‹ {prev}</Text>
      </View>
      <Text className='vpager__label' data-testid={`${testId}-label`}>
        {label}
      </Text>
      <View
        className={`vpager__btn${nextDisabled ? ' vpager__btn--off' : ''}`}
        hoverClass={nextDisabled ? 'none' : 'vpager__btn--pressed'}
        data-testid={`${testId}-next`}
        onClick={nextDisabled ? undefined : onNext}
      >
        <Text>{next} ›</Text>
      </View>
    </View>
  )
}
