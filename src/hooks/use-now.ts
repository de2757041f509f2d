import { useEffect, useState } from 'react'
import { serverNow, syncServerClock } from '../services/clock'

/** "Now" for relative times on a page: synced with the (dev) host on mount, ticking every minute. */
export function useNow(): number {
  const [now, setNow] = useState(() => serverNow())
  useEffect(() => {
    let alive = true
    void syncServerClock().then(() => {
      if (alive) setNow(serverNow())
    })
    const timer = setInterval(() => setNow(serverNow()), 60_000)
    return () => {
      alive = false
      clearInterval(timer)
    }
  }, [])
  return now
}
