import { useRef } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { useResource } from '../../hooks/use-resource'
import { go } from '../../lib/nav'
import { visits } from '../../services/visits'
import './index.scss'

export const VISITS_URL = '/packages/work/pages/visits/index'

/** 回访任务 on a grid worker's or secretary's home: how many wait, how many are past their 14 days. */
export default function VisitsEntry() {
  const res = useResource(() => visits('todo'), [])
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void res.reload(true)
    shown.current = true
  })
  const s = res.state
  const count = s.status === 'ready' ? s.data.length : null
  const late = s.status === 'ready' ? s.data.filter((v) => v.overdue).length : 0
  return (
    <View className='card visits-entry' hoverClass='visits-entry--pressed' data-testid='entry-visits' onClick={() => go(VISITS_URL)}>
      <View className='visits-entry__text'>
        <Text className='visits-entry__title'>回访任务</Text>
        <Text className='visits-entry__desc muted'>
          {s.status === 'error' ? '回访数量没有加载出来，点开查看' : late > 0 ? `${late} 条已逾期，请尽快回访` : '办结后两周内回访居民'}
        </Text>
      </View>
      {count ? (
        <Text className={`visits-entry__count${late > 0 ? ' visits-entry__count--late' : ''}`} data-testid='visits-count'>
          {count}
        </Text>
      ) : null}
      {count === 0 ? <Text className='muted'>无待回访</Text> : null}
      <Text className='visits-entry__go'>›</Text>
    </View>
  )
}
