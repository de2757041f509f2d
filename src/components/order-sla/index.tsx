import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { ClockView, OrderView } from '@/services/orders'
import SlaCountdown, { useCountdownNow } from '../sla-countdown'
import { ORDER_LEVELS, ORDER_LEVEL_LABELS, clockLabel, clockStatus, clocksByLevel, headlineClock, residentPromise, type ClockStatus, type OrderLevel } from '../sla-countdown/due'
import { formatDuration, formatTime } from '@/lib/format'
import './index.scss'

/**
 * The promise the resident was given ("预计 24小时内解决") and where it stands: a live countdown,
 * red "已超时 2小时" once broken, paused while the handler waits on the resident, and after the
 * fact whether it was kept.
 */
export function PromiseCard({ o }: { o: OrderView }) {
  const now = useCountdownNow(null)
  const p = residentPromise(o, now)
  if (!p) return null
  const late = p.state === 'overdue' || p.state === 'late'
  return (
    <View className={`card order-promise order-promise--${p.state}`} data-testid='order-promise' data-state={p.state}>
      <View className='order-promise__head'>
        <Text className='order-promise__lead'>{p.state === 'kept' || p.state === 'late' ? '承诺' : '预计'}</Text>
        <Text className='order-promise__text' data-testid='order-promise-text'>
          {p.promise}
        </Text>
      </View>
      {p.state === 'running' || p.state === 'overdue' ? (
        <View className='order-promise__clock'>
          <SlaCountdown dueAt={p.dueAt} big testId='promise-countdown' />
          <Text className='order-promise__due muted'>截止 {formatTime(p.dueAt, now)}</Text>
        </View>
      ) : null}
      {p.state === 'overdue' ? (
        <Text className='order-promise__note' data-testid='promise-note'>
          {o.escalations > 0 ? `已上报到${o.levelLabel}，正在加快办理` : '已提醒办理人员尽快处理'}
        </Text>
      ) : null}
      {p.state === 'paused' ? (
        <Text className='order-promise__note' data-testid='promise-note'>
          {o.can.reply ? '办理人员在等您回复，回复前计时暂停' : '等待居民回复，计时暂停'}
        </Text>
      ) : null}
      {p.state === 'kept' || p.state === 'late' ? (
        <Text className={`order-promise__result${late ? ' order-promise__result--late' : ''}`} data-testid='promise-result'>
          {p.state === 'kept' ? '✓ 按承诺时间完成' : `超出承诺 ${formatDuration((p.metAt ?? p.dueAt) - p.dueAt)}`}
        </Text>
      ) : null}
    </View>
  )
}

/** 网格 → 社区 → 街道 → 职能部门 → 区级, the current level highlighted (and the next one, when about to 吹哨). */
export function Ladder({ level, next }: { level: OrderLevel; next?: boolean }) {
  const at = ORDER_LEVELS.indexOf(level)
  return (
    <View className='ladder' data-testid='ladder'>
      {ORDER_LEVELS.map((l, i) => {
        const cls = i === at ? 'ladder__step--now' : next && i === at + 1 ? 'ladder__step--next' : i < at ? 'ladder__step--past' : ''
        return (
          <View key={l} className='ladder__item'>
            {i > 0 ? <Text className='ladder__arrow'>→</Text> : null}
            <Text className={`ladder__step ${cls}`} data-testid={`ladder-${l}`} data-current={i === at ? '1' : '0'}>
              {ORDER_LEVEL_LABELS[l]}
            </Text>
          </View>
        )
      })}
    </View>
  )
}

const STATUS_TEXT: Record<ClockStatus, string> = {
  met: '✓ 按时',
  met_late: '超时完成',
  breached: '✗ 超时',
  paused: '暂停（等居民回复）',
  running: '',
  stopped: '已停止',
}

function ClockRow({ c, status, now }: { c: ClockView; status: ClockStatus; now: number }) {
  const at = c.metAt ?? c.breachedAt
  return (
    <View className={`clock-row clock-row--${status}`} data-testid='clock-row' data-kind={c.kind} data-status={status}>
      <Text className='clock-row__kind'>{clockLabel(c.kind, c.label)}</Text>
      <View className='clock-row__main'>
        {status === 'running' ? <SlaCountdown dueAt={c.dueAt} testId='clock-countdown' /> : <Text className='clock-row__status'>{STATUS_TEXT[status]}</Text>}
        <Text className='clock-row__when muted'>
          {at ? `${formatTime(at, now)} · ` : ''}时限 {formatTime(c.dueAt, now)}
        </Text>
      </View>
    </View>
  )
}

/**
 * 办理时限 for staff: the deadline that matters now in one line, expanding to the ladder and every
 * clock per level (派单 / 接单 / 回复 / 办结), each countdown named by its clock, with met, breached and paused marks.
 */
export function ClocksSection({ o }: { o: OrderView }) {
  const [open, setOpen] = useState(false)
  const head = headlineClock(o)
  const now = useCountdownNow(null)
  const breaches = o.clocks.filter((c) => c.breachedAt !== null).length
  return (
    <View className='card order-clocks' data-testid='order-clocks'>
      <View className='order-clocks__head' data-testid='order-clocks-toggle' onClick={() => setOpen((v) => !v)}>
        <View className='order-clocks__title'>
          <Text className='section-title order-clocks__label'>办理时限</Text>
          {head ? (
            <View className='order-clocks__now'>
              <Text className='order-clocks__which' data-testid='headline-clock' data-clock={head.kind}>
                {ORDER_LEVEL_LABELS[head.level]} · {clockLabel(head.kind, head.label)}
              </Text>
              <SlaCountdown dueAt={head.dueAt} paused={head.paused} testId='headline-countdown' />
            </View>
          ) : (
            <Text className='muted order-clocks__which'>{o.clocks.length ? '当前没有计时' : '此类诉求没有时限'}</Text>
          )}
        </View>
        <Text className='order-clocks__toggle'>{open ? '收起 ▴' : `展开${breaches ? `（超时${breaches}次）` : ''} ▾`}</Text>
      </View>
      {open ? (
        <View className='order-clocks__body' data-testid='order-clocks-body'>
          <Ladder level={o.level} />
          {clocksByLevel(o.clocks).map((g, gi) => (
            <View key={`${g.level}-${gi}`} className='order-clocks__level' data-testid='clock-level' data-level={g.level}>
              <Text className='order-clocks__level-name'>{ORDER_LEVEL_LABELS[g.level]}</Text>
              {g.items.map(({ clock, index }) => (
                <ClockRow key={index} c={clock} status={clockStatus(clock, index, o)} now={now} />
              ))}
            </View>
          ))}
        </View>
      ) : null}
    </View>
  )
}
