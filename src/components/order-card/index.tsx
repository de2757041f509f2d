import type { PropsWithChildren } from 'react'
import { View, Text } from '@tarojs/components'
import type { OrderSummaryView } from '@/services/orders'
import StatusChip, { LevelChip } from '../status-chip'
import { clockLabel, dueText, isOpen, isOverdue } from '../sla-countdown/due'
import { formatAgo, formatDuration } from '@/lib/format'
import { go } from '@/lib/nav'
import { serverNow } from '@/services/clock'
import './index.scss'

interface OrderCardProps {
  order: OrderSummaryView
  /** Show "已等待 …" (handler's 待办) instead of "… 提交". */
  showWaiting?: boolean
  /** Show the running deadline ("还剩 25分钟" / red "已超时 5分钟") and mark late orders (handlers' lists). */
  showDue?: boolean
  /** Show who holds it (secretary's list, resident's list). */
  showAssignee?: boolean
  /** The resident's own list: 请评价 on a resolved order not yet rated, her stars on a rated one. */
  showRating?: boolean
  /** 已上报: the order left this person (sent up the ladder, now someone else's); say where it is. */
  left?: boolean
  now?: number
}

export const orderUrl = (id: string): string => `/pages/order/index?id=${encodeURIComponent(id)}`

/** One order in a list: category, level + status, badges, excerpt, place, time; tap → detail. Children = quick actions. */
export default function OrderCard({ order: o, showWaiting, showDue, showAssignee, showRating, left, now = serverNow(), children }: PropsWithChildren<OrderCardProps>) {
  const open = isOpen(o.status)
  const late = showDue && isOverdue(o, now)
  const due = showDue && open && o.dueAt !== null ? dueText(o.dueAt, now) : null
  const dueClock = clockLabel(o.dueKind)
  const cls = ['card', 'order-card', o.priority === 'emergency' ? 'order-card--emergency' : '', late ? 'order-card--overdue' : ''].filter(Boolean).join(' ')
  return (
    <View
      className={cls}
      hoverClass='order-card--pressed'
      data-testid='order-card'
      data-id={o.id}
      data-status={o.status}
      data-overdue={late ? '1' : '0'}
      onClick={() => go(orderUrl(o.id))}
    >
      <View className='order-card__head'>
        <View className='order-card__title'>
          <Text className='order-card__cat'>{o.categoryName}</Text>
          <LevelChip level={o.level} label={o.levelLabel} />
        </View>
        <StatusChip status={o.status} label={o.statusLabel} />
      </View>
      {late || o.awaitingInfo || o.flaggedForSecretary || o.priority !== 'normal' ? (
        <View className='order-card__badges'>
          {late ? (
            <Text className='badge badge--overdue' data-testid='badge-overdue'>
              已超时
            </Text>
          ) : null}
          {o.priority === 'emergency' ? <Text className='badge badge--red'>特急</Text> : null}
          {o.priority === 'urgent' ? <Text className='badge badge--amber'>紧急</Text> : null}
          {o.awaitingInfo ? (
            <Text className='badge badge--blue' data-testid='badge-awaiting'>
              等待居民回复
            </Text>
          ) : null}
          {o.flaggedForSecretary ? (
            <Text className='badge badge--red' data-testid='badge-flagged'>
              差评待处理
            </Text>
          ) : null}
        </View>
      ) : null}
      {showWaiting && o.status === 'verifying' ? (
        <Text className='order-card__verify' data-testid='card-verify'>
          待验收 · 已办结，请到现场核实后验收
        </Text>
      ) : null}
      {showRating && o.status === 'resolved' && !o.stars ? (
        <Text className='badge badge--amber' data-testid='badge-rate'>
          请评价
        </Text>
      ) : null}
      {showRating && o.stars ? (
        <Text className='badge badge--blue' data-testid='badge-rated'>
          已评价 {'★'.repeat(o.stars)}
        </Text>
      ) : null}
      <Text className='order-card__excerpt'>{o.excerpt}</Text>
      <Text className='order-card__place muted'>{o.placeLabel}</Text>
      {left ? (
        <Text className='order-card__left' data-testid='card-left'>
          已上报{o.levelLabel} · 现由{o.assigneeName}{o.status === 'dispatched' ? '接单' : '办理'}
        </Text>
      ) : null}
      <View className='order-card__foot'>
        {due ? (
          <Text className={`order-card__due${late ? ' order-card__due--late' : ''}`} data-testid='order-due' data-clock={o.dueKind ?? ''}>
            {dueClock && !(late && !due.overdue) ? <Text className='order-card__due-kind' data-testid='order-due-kind'>{dueClock}</Text> : null}
            {late && !due.overdue ? '已超出承诺时限' : due.text}
          </Text>
        ) : null}
        {showWaiting && open ? (
          <Text className={due ? 'order-card__waiting order-card__waiting--quiet' : 'order-card__waiting'} data-testid='order-waiting'>
            已等待 {formatDuration(now - o.submittedAt)}
          </Text>
        ) : (
          <Text className='muted'>{formatAgo(o.submittedAt, now)}提交</Text>
        )}
        {showAssignee && o.assigneeName ? <Text className='order-card__assignee muted'>{o.assigneeName}</Text> : null}
      </View>
      {children ? (
        <View className='order-card__actions' onClick={(e) => e.stopPropagation()}>
          {children}
        </View>
      ) : null}
    </View>
  )
}
