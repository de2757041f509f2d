import { useCallback, useEffect } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { EVENTS } from '../lib/events'
import { showUnreadBadge } from '../lib/badge'
import { inbox } from '../services/org'

let inflight: Promise<void> | null = null

/** Ask the server for the unread count and put it on the 消息 tab (one request at a time). */
export function refreshUnreadBadge(): Promise<void> {
  if (!inflight) {
    inflight = inbox({ limit: 1 })
      .then((env) => {
        if (env.ok) showUnreadBadge(env.data.unread)
      })
      .finally(() => {
        inflight = null
      })
  }
  return inflight
}

/** For tab pages: keep the 消息 badge current whenever the page shows, the identity changes or messages are read. */
export function useTabBadge(): void {
  const refresh = useCallback(() => void refreshUnreadBadge(), [])
  useDidShow(refresh)
  useEffect(() => {
    Taro.eventCenter.on(EVENTS.identityChanged, refresh)
    Taro.eventCenter.on(EVENTS.inboxChanged, refresh)
    return () => {
      Taro.eventCenter.off(EVENTS.identityChanged, refresh)
      Taro.eventCenter.off(EVENTS.inboxChanged, refresh)
    }
  }, [refresh])
}
