import type { ReactNode } from 'react'
import { View, Text } from '@tarojs/components'
import './index.scss'

interface EntryCardProps {
  title: string
  desc: string
  /** A count waiting (shown as a badge when > 0); `noneText` when it is 0; nothing while unknown. */
  count?: number | string | null
  noneText?: string
  /** Red (urgent) or blue (routine) accent. */
  tone?: 'red' | 'blue'
  /** The badge turns red even on a blue card (e.g. overdue ones among the count). */
  alarm?: boolean
  /** Share a row with its neighbours (two cards side by side). */
  half?: boolean
  testId: string
  countTestId?: string
  onClick: () => void
}

/** A workspace's way into one job: title, one line of what it holds, how many wait, ›. */
export default function EntryCard({ title, desc, count, noneText, tone = 'red', alarm, half, testId, countTestId, onClick }: EntryCardProps) {
  const zero = count === 0 || count === '0'
  return (
    <View
      className={`card entry-card entry-card--${tone}${half ? ' entry-card--half' : ''}`}
      hoverClass='entry-card--pressed'
      data-testid={testId}
      onClick={onClick}
    >
      <View className='entry-card__text'>
        <Text className='entry-card__title'>{title}</Text>
        <Text className='entry-card__desc muted'>{desc}</Text>
      </View>
      {count != null && !zero ? (
        <Text className={`entry-card__count${alarm ? ' entry-card__count--alarm' : ''}`} data-testid={countTestId}>
          {count}
        </Text>
      ) : null}
      {zero && noneText ? <Text className='entry-card__none muted'>{noneText}</Text> : null}
      <Text className='go-chevron'>›</Text>
    </View>
  )
}

/** Cards that share a row. */
export function EntryRow({ children }: { children: ReactNode }) {
  return <View className='entry-row'>{children}</View>
}
