import { View, Text, Button } from '@tarojs/components'
import StatusChip, { LevelChip, statusTone } from '@/components/status-chip'
import { useResource, type Resource } from '@/hooks/use-resource'
import { formatDuration, formatTime } from '@/lib/format'
import { go } from '@/lib/nav'
import { orderUrl } from '@/components/order-card'
import * as orders from '@/services/orders'
import type { OrderView } from '@/services/orders'

/** One line under the big status label, in the words of the person looking at it. */
function statusLine(o: OrderView): string {
  switch (o.status) {
    case 'submitted':
      return '已收到，正在分派给负责的网格员'
    case 'pending_approval':
      return '等待社区书记审批'
    case 'dispatched':
      return `已派给 ${o.assignee.name}，等待接单`
    case 'claimed':
      return `${o.handlerName ?? o.assignee.name} 已接单，马上办理`
    case 'in_progress':
      return `${o.handlerName ?? o.assignee.name} 正在办理`
    case 'verifying':
      if (o.channel === 'patrol') return o.can.verify ? '巡查上报已办结，请到现场核实后验收' : '已办结，等待验收'
      return o.can.verify ? `${o.levelLabel}已办结，请到现场核实后验收` : '已办结，等待网格员到现场验收'
    case 'resolved':
      return o.can.rate ? '已经办好了，请您评价' : '已办结，等待居民评价'
    case 'closed':
      return '已完成，感谢您的参与'
    case 'rejected':
      return '社区未受理此诉求，原因见下方进度'
    case 'cancelled':
      return '此诉求已撤回'
    case 'merged':
      return '已并入共性诉求，与相同问题一起办理'
    default:
      return ''
  }
}

/** The top of the order page: its state in big letters, what it means for this viewer, level, number and time. */
export function OrderHero({ o, isNew }: { o: OrderView; isNew: boolean }) {
  // 用时 = submission to resolution; a merged, withdrawn or refused order was never resolved.
  const since = o.status === 'resolved' || o.status === 'closed' ? (o.resolvedAt ?? o.closedAt ?? null) : null
  return (
    <View>
      {isNew ? (
        <View className='order-new' data-testid='order-new-banner'>
          <Text className='order-new__title'>提交成功！</Text>
          <Text>
            {o.status === 'pending_approval' ? '已交社区书记审批。' : `已转给 ${o.assignee.name}。`}
            办理进度会在“消息”里通知您。
          </Text>
        </View>
      ) : null}

      <View className={`card order-hero order-hero--${statusTone(o.status)}`} data-testid='order-hero'>
        <View className='order-hero__top'>
          <Text className='order-hero__label' data-testid='order-status-label'>
            {o.statusLabel}
          </Text>
          <StatusChip status={o.status} label={o.categoryName} />
        </View>
        <Text className='order-hero__line'>{statusLine(o)}</Text>
        <View className='order-hero__level' data-testid='order-level'>
          <Text className='order-hero__level-k'>办理层级</Text>
          <LevelChip level={o.level} label={o.levelLabel} />
          {o.escalations > 0 ? <Text className='order-hero__tag order-hero__tag--amber'>已上报{o.escalations}次</Text> : null}
          {o.childCount > 0 ? (
            <Text className='order-hero__tag order-hero__tag--blue' data-testid='order-children'>
              共性诉求 · 合并了{o.childCount}条
            </Text>
          ) : null}
        </View>
        <View className='order-hero__meta muted'>
          <Text data-testid='order-no'>单号 {o.no}</Text>
          <Text>
            {since ? `用时 ${formatDuration(since - o.submittedAt)}` : `${formatTime(o.submittedAt)} 提交`}
          </Text>
        </View>
      </View>
    </View>
  )
}

/**
 * A merged order follows its parent (共性诉求): the parent's number and state, with a link when
 * this viewer may open it; otherwise the number from the merge step of the timeline.
 */
export function MergedBanner({ parentId, timeline }: { parentId: string; timeline: Resource<orders.TimelineEntryView[]> }) {
  const parent = useResource(() => orders.get(parentId), [parentId])
  const fromTimeline =
    timeline.state.status === 'ready'
      ? (timeline.state.data
          .map((e) => /并入共性诉求\s*([0-9A-Za-z-]+)/.exec(e.label)?.[1])
          .filter((x): x is string => !!x)
          .pop() ?? null)
      : null
  const p = parent.state.status === 'ready' ? parent.state.data : null
  const no = p?.no ?? fromTimeline
  return (
    <View className='card order-merged' data-testid='order-merged'>
      <Text className='order-merged__title'>已并入共性诉求{no ? ` 单号 ${no}` : ''}</Text>
      {p ? (
        <View className='order-merged__parent'>
          <StatusChip status={p.status} label={p.statusLabel} />
          <Text className='order-merged__excerpt muted'>{p.excerpt}</Text>
        </View>
      ) : null}
      <Text className='order-merged__hint'>同样的问题由社区合并统一办理，办好后会通过“消息”通知您。</Text>
      {p ? (
        <Button className='btn btn--plain btn--block' data-testid='open-parent' onClick={() => go(orderUrl(p.id))}>
          查看共性诉求办理进度
        </Button>
      ) : null}
    </View>
  )
}
