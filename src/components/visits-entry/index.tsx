import { useRef } from 'react'
import { useDidShow } from '@tarojs/taro'
import EntryCard from '../entry-card'
import { useResource } from '@/hooks/use-resource'
import { go } from '@/lib/nav'
import { visits } from '@/services/visits'

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
  const late = s.status === 'ready' ? s.data.filter((v) => v.overdue).length : 0
  return (
    <EntryCard
      title='回访任务'
      desc={s.status === 'error' ? '回访数量没有加载出来，点开查看' : late > 0 ? `${late} 条已逾期，请尽快回访` : '办结后两周内回访居民'}
      count={s.status === 'ready' ? s.data.length : null}
      noneText='无待回访'
      tone='blue'
      alarm={late > 0}
      testId='entry-visits'
      countTestId='visits-count'
      onClick={() => go(VISITS_URL)}
    />
  )
}
