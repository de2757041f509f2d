import { View, Text } from '@tarojs/components'
import type { TimelineEntryView } from '../../services/orders'
import { formatTime } from '../../lib/format'
import './index.scss'

/** What happened to an order, newest first (like a parcel tracker). */
export default function Timeline({ entries, now }: { entries: TimelineEntryView[]; now?: number }) {
  const sorted = [...entries].sort((a, b) => b.seq - a.seq)
  return (
    <View className='timeline' data-testid='timeline'>
      {sorted.map((e, i) => (
        <View key={e.seq} className={`timeline__item${i === 0 ? ' timeline__item--latest' : ''}`} data-testid='timeline-entry' data-type={e.type}>
          <View className='timeline__rail'>
            <View className='timeline__dot' />
            {i < sorted.length - 1 ? <View className='timeline__line' /> : null}
          </View>
          <View className='timeline__body'>
            <Text className='timeline__label'>{e.label}</Text>
            {e.reason ? <Text className='timeline__reason'>“{e.reason}”</Text> : null}
            <Text className='timeline__time muted'>{formatTime(e.at, now)}</Text>
          </View>
        </View>
      ))}
    </View>
  )
}
