import { View, Text } from '@tarojs/components'
import './index.scss'

export interface ChoiceOption<K extends string> {
  key: K
  label: string
}

/**
 * Big tappable chips for choosing several things (特长, 可服务时间), or exactly one
 * (`single`: 报到社区). A chosen chip is filled and ticked, so it reads without colour too.
 */
export default function VolunteerChips<K extends string>({
  options,
  value,
  onChange,
  single,
  max,
  testId = 'choice-chips',
}: {
  options: ChoiceOption<K>[]
  value: K[]
  onChange: (next: K[]) => void
  single?: boolean
  max?: number
  testId?: string
}) {
  const toggle = (key: K): void => {
    if (single) {
      onChange([key])
      return
    }
    if (value.includes(key)) onChange(value.filter((k) => k !== key))
    else if (max === undefined || value.length < max) onChange([...value, key])
  }
  return (
    <View className='vchips' data-testid={testId}>
      {options.map((o) => {
        const on = value.includes(o.key)
        return (
          <View
            key={o.key}
            className={`vchips__chip${on ? ' vchips__chip--on' : ''}`}
            data-testid={`${testId}-${o.key}`}
            data-on={on ? '1' : '0'}
            onClick={() => toggle(o.key)}
          >
            <Text>{on ? `✓ ${o.label}` : o.label}</Text>
          </View>
        )
      })}
    </View>
  )
}
