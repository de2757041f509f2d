import { useRef, useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import { checkOut, type CheckOutInput, type CheckOutResult, type SessionView } from '@/services/checkins'
import { useMutation } from '@/hooks/use-mutation'
import { isDefinitive } from '@/lib/errors'
import { localClock } from '@domain/time/beijing'
import { formatMinutes } from '../volunteer-progress'
import './index.scss'

/**
 * The open 签到 session: where, since when, how long so far, and 签退 (asked twice, so a
 * stray tap does not end a service). `onCheckedOut` gets the server's result.
 */
export default function VolunteerSession({
  session,
  now,
  onCheckedOut,
  where,
}: {
  session: SessionView
  now: number
  onCheckedOut: (result: CheckOutResult) => void
  /** Where the phone is for 签退 (weapp: the location; H5: `{client: 'h5'}`, a browser's location is not trusted). */
  where?: () => Promise<CheckOutInput>
}) {
  const [confirming, setConfirming] = useState(false)
  const m = useMutation()
  const busy = m.busy === 'checkOut'
  const error = m.errorOf('checkOut')
  const elapsed = Math.max(0, Math.floor((now - session.checkInAt) / 60_000))

  // Where the phone is comes before the call: a second tap is ignored from the first tap on.
  const started = useRef(false)
  // A 签退 that got no definitive answer is retried as it was sent (same place, so the same idempotency key).
  const unanswered = useRef<CheckOutInput | null>(null)

  const doCheckOut = async (): Promise<void> => {
    if (started.current) return
    started.current = true
    try {
      const input = unanswered.current ?? (where ? await where() : {})
      const env = await m.run('checkOut', input, (key) => checkOut(key, input), {
        quietError: true,
        onDone: (result) => {
          setConfirming(false)
          onCheckedOut(result)
        },
      })
      if (env) unanswered.current = env.ok || isDefinitive(env.error) ? null : input
    } finally {
      started.current = false
    }
  }

  return (
    <View className='vsession' data-testid='open-session'>
      <View className='vsession__top'>
        <Text className={`vsession__badge${session.awaitingConfirmation ? ' vsession__badge--pending' : ''}`} data-testid='open-session-badge'>
          {session.awaitingConfirmation ? '服务中 · 待书记确认' : '服务中'}
        </Text>
        <Text className='vsession__since'>{localClock(session.checkInAt)} 签到</Text>
      </View>
      <Text className='vsession__station' data-testid='open-session-station'>
        {session.stationName}
      </Text>
      <Text className='vsession__elapsed' data-testid='open-session-elapsed'>
        已在岗 {formatMinutes(elapsed)}
      </Text>
      {session.shift ? (
        <Text className='vsession__note'>本班 {session.shift.label}，服务时长按班次时间计算</Text>
      ) : (
        <Text className='vsession__note'>未报名班次，按实际在岗时间计入（单次有上限）</Text>
      )}
      {session.awaitingConfirmation ? (
        <Text className='vsession__note vsession__note--pending' data-testid='open-session-pending'>
          本次签到未核验位置（仅凭值班屏签到码），服务时长和积分待书记确认后计入。
        </Text>
      ) : null}
      <Text className='vsession__note'>
        驿站 {localClock(session.closesAt)} 闭站。离开前请签退，忘记签退的时长要等书记确认后才计入。
      </Text>
      {error ? (
        <Text className='vsession__error' data-testid='checkout-error'>
          {error}
        </Text>
      ) : null}
      {confirming ? (
        <View className='vsession__confirm'>
          <Text className='vsession__ask'>确定现在签退吗？</Text>
          <View className='vsession__buttons'>
            <Button className='btn btn--ghost vsession__btn' data-testid='checkout-cancel' onClick={() => setConfirming(false)}>
              再等等
            </Button>
            <Button
              className={`btn btn--primary vsession__btn${busy ? ' btn--disabled' : ''}`}
              data-testid='checkout-confirm'
              disabled={busy || undefined}
              onClick={() => void doCheckOut()}
            >
              {busy ? '正在签退…' : '确定签退'}
            </Button>
          </View>
        </View>
      ) : (
        <Button className='btn btn--primary btn--block btn--big vsession__go' data-testid='checkout' onClick={() => setConfirming(true)}>
          签退
        </Button>
      )}
    </View>
  )
}

/** After 签退: the server's sentence, the minutes and points credited, the new balance. */
export function CheckoutDone({ result, onClose }: { result: CheckOutResult; onClose?: () => void }) {
  const s = result.session
  const pending = s.autoClosed || s.awaitingConfirmation
  return (
    <View className={`vdone${pending || s.flags.length > 0 ? ' vdone--flagged' : ''}`} data-testid='checkout-done'>
      <Text className='vdone__title' data-testid='checkout-title'>
        {pending ? '本次服务待书记确认' : '签退成功，辛苦了！'}
      </Text>
      <Text className='vdone__message' data-testid='checkout-message'>
        {result.message}
      </Text>
      <View className='vdone__figures'>
        <View className='vdone__fig'>
          <Text className='vdone__num' data-testid='checkout-minutes'>
            {formatMinutes(s.creditedMinutes)}
          </Text>
          <Text className='vdone__cap'>计入时长</Text>
        </View>
        <View className='vdone__fig'>
          <Text className='vdone__num' data-testid='checkout-points'>
            +{s.points}
          </Text>
          <Text className='vdone__cap'>获得积分</Text>
        </View>
        <View className='vdone__fig'>
          <Text className='vdone__num' data-testid='checkout-balance'>
            {result.balance}
          </Text>
          <Text className='vdone__cap'>积分余额</Text>
        </View>
      </View>
      {onClose ? (
        <Text className='vdone__close' onClick={onClose}>
          知道了
        </Text>
      ) : null}
    </View>
  )
}
