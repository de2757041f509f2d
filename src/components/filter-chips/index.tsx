import { View, Text } from '@tarojs/components'
import './index.scss'

export interface ChipOption<K extends string> {
  key: K
  label: string
}

/** A row of big filter chips (全部 / 办理中 / …); the active one is filled. */
export default function FilterChips<K extends string>({
  options,
  value,
  onChange,
  testId = 'filter-chips',
}: {
  options: ChipOption<K>[]
  value: K
  onChange: (key: K) => void
  testId?: string
}) {
  return (
    <View className='filter-chips' data-testid={testId}>
      {options.map((o) => (
        <View
          key={o.key}
          className={`filter-chips__chip${o.key === value ? ' filter-chips__chip--on' : ''}`}
          data-testid={`chip-${o.key}`}
          onClick={() => {
            if (o.key !== value) onChange(o.key)
          }}
        >
          <Text>{o.label}</Text>
        </View>
      ))}
    </View>
  )
}
