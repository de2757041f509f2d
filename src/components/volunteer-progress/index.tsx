import { View, Text } from '@tarojs/components'
import type { MeView } from '@/services/checkins'
import './index.scss'

/** "本月已服务 1/2" with a bar and what is left to do (每月至少服务2次). */
export default function VolunteerProgress({ month }: { month: MeView['month'] }) {
  const { served, target, minutes } = month
  const pct = target > 0 ? Math.min(100, Math.round((served / target) * 100)) : 100
  const met = served >= target
  return (
    <View className={`vprogress${met ? ' vprogress--met' : ''}`} data-testid='month-progress' data-served={served} data-target={target}>
      <View className='vprogress__head'>
        <Text className='vprogress__label' data-testid='month-label'>
          {month.label}
        </Text>
        <Text className='vprogress__state'>{met ? '本月已达标' : `还差 ${target - served} 次`}</Text>
      </View>
      <View className='vprogress__bar'>
        <View className='vprogress__fill' style={{ width: `${pct}%` }} />
      </View>
      <Text className='vprogress__note muted'>
        {minutes > 0 ? `本月服务 ${formatMinutes(minutes)}` : '每月至少到社区服务 2 次，签到签退满 30 分钟算一次'}
      </Text>
    </View>
  )
}

/** 190 → "3小时10分钟"; 45 → "45分钟". */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.round(minutes))
  if (m < 60) return `${m}分钟`
  const h = Math.floor(m / 60)
  return m % 60 ? `${h}小时${m % 60}分钟` : `${h}小时`
}
