import { View, Text } from '@tarojs/components'
import type { TimelineEntryView } from '@/services/orders'
import { formatTime } from '@/lib/format'
import './index.scss'

/** Steps that change who answers for the order or warn about time get a small tag. */
const MARKS: Partial<Record<TimelineEntryView['type'], string>> = {
  escalate: '吹哨',
  remind: '催办',
  merge: '共性诉求',
  reopen: '重办',
}

/** What happened to an order, newest first (like a parcel tracker); 吹哨 / 催办 / 共性诉求 steps tagged. */
export default function Timeline({ entries, now }: { entries: TimelineEntryView[]; now?: number }) {
  const sorted = [...entries].sort((a, b) => b.seq - a.seq)
  return (
    <View className='timeline' data-testid='timeline'>
      {sorted.map((e, i) => (
        <View
          key={e.seq}
          className={`timeline__item${i === 0 ? ' timeline__item--latest' : ''}${MARKS[e.type] ? ` timeline__item--${e.type}` : ''}`}
          data-testid='timeline-entry'
          data-type={e.type}
        >
          <View className='timeline__rail'>
            <View className='timeline__dot' />
            {i < sorted.length - 1 ? <View className='timeline__line' /> : null}
          </View>
          <View className='timeline__body'>
            {MARKS[e.type] ? <Text className={`timeline__mark timeline__mark--${e.type}`}>{MARKS[e.type]}</Text> : null}
            <Text className='timeline__label'>{e.label}</Text>
            {e.reason ? <Text className='timeline__reason'>“{e.reason}”</Text> : null}
            <Text className='timeline__time muted'>{formatTime(e.at, now)}</Text>
          </View>
        </View>
      ))}
    </View>
  )
}
