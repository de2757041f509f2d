import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import PhotoStrip from '@/components/photo-strip'
import Timeline from '@/components/timeline'
import { Loading, ErrorState } from '@/components/state-view'
import type { Resource } from '@/hooks/use-resource'
import { formatTime } from '@/lib/format'
import type { OrderView, TimelineEntryView } from '@/services/orders'
import { PRIORITY_LABELS } from '@domain/model/order'

const CHANNEL_LABELS: Record<string, string> = { self: '本人反映', proxy: '邻居代办', phone: '电话代录', patrol: '巡查上报' }

/** How it was resolved, what was asked, where and by whom. */
export function OrderDetail({ o }: { o: OrderView }) {
  return (
    <View>
      {o.resolution ? (
        <View className='card order-resolution' data-testid='order-resolution'>
          <Text className='section-title'>办结情况</Text>
          <Text className='order-resolution__note'>{o.resolution.note}</Text>
          <PhotoStrip urls={o.resolution.media} testId='resolution-photos' />
          <Text className='muted order-resolution__at'>
            {o.handlerName ? `${o.handlerName} · ` : ''}
            {formatTime(o.resolution.at)}
          </Text>
        </View>
      ) : null}

      <View className='card order-detail' data-testid='order-detail'>
        <Text className='section-title'>诉求内容</Text>
        <Text className='order-detail__desc' data-testid='order-description'>
          {o.description}
        </Text>
        <PhotoStrip urls={o.media} testId='order-photos' />
        <View className='kv'>
          <Row k='问题类型' v={o.priority === 'normal' ? o.categoryName : `${o.categoryName}（${PRIORITY_LABELS[o.priority]}）`} />
          <Row k='地点' v={o.place.label || o.placeLabel} testId='order-place' />
          <Row k='负责' v={o.handlerName ? `${o.handlerName}` : o.assignee.name} testId='order-assignee' />
          <Row k='来源' v={CHANNEL_LABELS[o.channel] ?? o.channel} testId='order-channel' />
          {o.proxyFor ? <Row k='代办对象' v={o.proxyFor.phone ? `${o.proxyFor.name}  ${o.proxyFor.phone}` : o.proxyFor.name} /> : null}
          {o.contactPhone ? <PhoneRow phone={o.contactPhone} /> : null}
          <Row k='提交时间' v={formatTime(o.submittedAt)} />
          {o.reopenCount > 0 ? <Row k='重新办理' v={`${o.reopenCount}次`} /> : null}
        </View>
      </View>

    </View>
  )
}

/** 办理进度: the order's timeline. */
export function TimelineSection({ timeline }: { timeline: Resource<TimelineEntryView[]> }) {
  return (
    <View className='card'>
      <Text className='section-title'>办理进度</Text>
      {timeline.state.status === 'loading' ? <Loading rows={2} /> : null}
      {timeline.state.status === 'error' ? <ErrorState message={timeline.state.message} onRetry={() => void timeline.reload()} /> : null}
      {timeline.state.status === 'ready' ? <Timeline entries={timeline.state.data} /> : null}
    </View>
  )
}

function Row({ k, v, testId }: { k: string; v: string; testId?: string }) {
  return (
    <View className='kv__row' data-testid={testId}>
      <Text className='kv__k'>{k}</Text>
      <Text className='kv__v'>{v}</Text>
    </View>
  )
}

/** The contact phone; when the viewer sees it in full (filer, current handler) it can be called. */
function PhoneRow({ phone }: { phone: string }) {
  const callable = /^\d{11}$/.test(phone)
  return (
    <View className='kv__row' data-testid='order-phone'>
      <Text className='kv__k'>联系电话</Text>
      <Text className='kv__v'>{phone}</Text>
      {callable ? (
        <Text className='kv__call' data-testid='order-call' onClick={() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}>
          拨打
        </Text>
      ) : null}
    </View>
  )
}
