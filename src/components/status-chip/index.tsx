import { Text } from '@tarojs/components'
import { ORDER_LEVEL_LABELS, ORDER_STATE_LABELS, type OrderLevel, type OrderState } from '@domain/model/order'
import './index.scss'

/** Colour family of each state: waiting on someone / being handled / done / finished / off the books. */
const TONE: Record<OrderState, 'wait' | 'work' | 'done' | 'closed' | 'off'> = {
  submitted: 'wait',
  pending_approval: 'wait',
  dispatched: 'wait',
  claimed: 'work',
  in_progress: 'work',
  verifying: 'done',
  resolved: 'done',
  closed: 'closed',
  rejected: 'off',
  cancelled: 'off',
  merged: 'off',
}

export function statusTone(status: OrderState): string {
  return TONE[status] ?? 'off'
}

/** "待接单" as a coloured chip; `big` for the detail page header. */
export default function StatusChip({ status, label, big }: { status: OrderState; label?: string; big?: boolean }) {
  return (
    <Text
      className={`status-chip status-chip--${statusTone(status)}${big ? ' status-chip--big' : ''}`}
      data-testid='status-chip'
      data-status={status}
    >
      {label ?? ORDER_STATE_LABELS[status] ?? status}
    </Text>
  )
}

/** Which level of the ladder holds the order: 网格 / 社区 / 街道 / 职能部门 / 区级 (coloured warmer as it climbs). */
export function LevelChip({ level, label }: { level: OrderLevel; label?: string }) {
  return (
    <Text className={`level-chip level-chip--${level}`} data-testid='level-chip' data-level={level}>
      {label ?? ORDER_LEVEL_LABELS[level] ?? level}
    </Text>
  )
}
