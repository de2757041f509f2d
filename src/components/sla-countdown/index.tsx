import { useEffect, useState } from 'react'
import { Text } from '@tarojs/components'
import { useNow } from '@/hooks/use-now'
import { serverNow } from '@/services/clock'
import { dueText } from './due'
import './index.scss'

const NEAR_MS = 10 * 60_000

/**
 * "Now" for one live countdown: follows the (dev) host clock like every page's `now`, ticking
 * each second in the last ten minutes (the seconds are shown then) and every 30 s otherwise.
 */
export function useCountdownNow(dueAt: number | null): number {
  const synced = useNow()
  const [now, setNow] = useState(() => serverNow())
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = (): void => {
      const n = serverNow()
      setNow(n)
      const near = dueAt !== null && dueAt > n && dueAt - n < NEAR_MS
      timer = setTimeout(tick, near ? 1000 : 30_000)
    }
    tick()
    return () => {
      if (timer) clearTimeout(timer)
    }
  }, [dueAt, synced])
  return now
}

/**
 * A live countdown to a deadline: "还剩 23小时15分", the last ten minutes in seconds, and red
 * "已超时 2小时" once it has passed; "计时暂停" while the clock waits on the resident.
 */
export default function SlaCountdown({
  dueAt,
  paused,
  big,
  testId = 'sla-countdown',
}: {
  dueAt: number
  paused?: boolean
  big?: boolean
  testId?: string
}) {
  const now = useCountdownNow(paused ? null : dueAt)
  const size = big ? ' sla-countdown--big' : ''
  if (paused) {
    return (
      <Text className={`sla-countdown sla-countdown--paused${size}`} data-testid={testId} data-state='paused'>
        计时暂停
      </Text>
    )
  }
  const { overdue, text } = dueText(dueAt, now)
  const soon = !overdue && dueAt - now < NEAR_MS
  return (
    <Text
      className={`sla-countdown${overdue ? ' sla-countdown--overdue' : soon ? ' sla-countdown--soon' : ''}${size}`}
      data-testid={testId}
      data-state={overdue ? 'overdue' : 'running'}
    >
      {text}
    </Text>
  )
}
