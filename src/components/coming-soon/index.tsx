import { View, Text } from '@tarojs/components'
import './index.scss'

/** A short list of what a workspace will offer. */
export default function ComingSoon({ title = '即将上线', items }: { title?: string; items: string[] }) {
  return (
    <View className='card coming-soon' data-testid='coming-soon'>
      <Text className='coming-soon__title'>{title}</Text>
      {items.map((it) => (
        <View key={it} className='coming-soon__item'>
          <Text>· {it}</Text>
        </View>
      ))}
    </View>
  )
}
