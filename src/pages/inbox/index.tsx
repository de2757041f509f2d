import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import ListFooter from '@/components/list-footer'
import { orderUrl } from '@/components/order-card'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { usePagedList } from '@/hooks/use-paged-list'
import { usePagedListEvents } from '@/hooks/use-paged-list-events'
import { useNow } from '@/hooks/use-now'
import { EVENTS } from '@/lib/events'
import { showUnreadBadge } from '@/lib/badge'
import { formatAgo } from '@/lib/format'
import { go } from '@/lib/nav'
import { inbox, markRead, type InboxItemView } from '@/services/org'
import './index.scss'

/** 消息: what happened to my orders (and, for staff, what was sent to me). Tap → read + open the order. */
export default function Inbox() {
  const [unread, setUnread] = useState<number | null>(null)
  const [readIds, setReadIds] = useState<Set<string>>(() => new Set())
  const [allRead, setAllRead] = useState(false)
  const [marking, setMarking] = useState(false)
  const now = useNow()
  const messages = usePagedList<InboxItemView>(async (cursor) => {
    const env = await inbox({ cursor, limit: 20 })
    if (env.ok && !cursor) {
      setUnread(env.data.unread)
      setReadIds(new Set())
      setAllRead(false)
      showUnreadBadge(env.data.unread)
    }
    return env
  }, [])
  usePagedListEvents(messages)

  const isRead = (m: InboxItemView): boolean => allRead || m.read || readIds.has(m.id)

  const open = (m: InboxItemView): void => {
    if (!isRead(m)) {
      setReadIds((s) => new Set(s).add(m.id))
      setUnread((n) => (n === null ? n : Math.max(0, n - 1)))
      void markRead({ ids: [m.id] }).then(() => Taro.eventCenter.trigger(EVENTS.inboxChanged))
    }
    if (m.orderId) go(orderUrl(m.orderId))
  }

  const readAll = async (): Promise<void> => {
    if (marking) return
    setMarking(true)
    const env = await markRead({ all: true })
    setMarking(false)
    if (!env.ok) {
      void Taro.showToast({ title: env.error.message, icon: 'none' })
      return
    }
    setAllRead(true)
    setUnread(0)
    showUnreadBadge(0)
    Taro.eventCenter.trigger(EVENTS.inboxChanged)
  }

  const s = messages.state
  return (
    <PageShell className='inbox' testId='page-inbox'>
      <View className='page-header inbox__header'>
        <View className='inbox__header-text'>
          <Text className='page-header__title'>消息</Text>
          <Text className='page-header__sub muted' data-testid='inbox-unread'>
            {unread ? `${unread}条未读` : '办理进度、询问和评价都会通知您'}
          </Text>
        </View>
        {unread ? (
          <Button className={`btn btn--plain btn--small${marking ? ' btn--disabled' : ''}`} data-testid='inbox-read-all' disabled={marking || undefined} onClick={() => void readAll()}>
            全部已读
          </Button>
        ) : null}
      </View>
      {s.status === 'loading' ? <Loading /> : null}
      {s.status === 'error' ? <ErrorState message={s.message} onRetry={() => void messages.refresh()} /> : null}
      {s.status === 'ready' && s.items.length === 0 ? <Empty title='暂无消息' hint='有新的进展时会在这里提醒您。' /> : null}
      {s.status === 'ready'
        ? s.items.map((m) => (
            <View
              key={m.id}
              className={`card inbox-item${isRead(m) ? '' : ' inbox-item--unread'}`}
              hoverClass='inbox-item--pressed'
              data-testid='inbox-item'
              data-read={isRead(m) ? '1' : '0'}
              onClick={() => open(m)}
            >
              <View className='inbox-item__head'>
                {isRead(m) ? null : <View className='inbox-item__dot' data-testid='unread-dot' />}
                <Text className='inbox-item__title'>{m.title}</Text>
                <Text className='inbox-item__time muted'>{formatAgo(m.at, now)}</Text>
              </View>
              <Text className='inbox-item__body'>{m.body}</Text>
              {m.orderId ? <Text className='inbox-item__link'>查看诉求 ›</Text> : null}
            </View>
          ))
        : null}
      <ListFooter state={s} onMore={() => void messages.loadMore()} />
    </PageShell>
  )
}
