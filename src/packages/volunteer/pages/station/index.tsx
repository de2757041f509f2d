import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro'
import { View, Text, Image, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { useResource } from '@/hooks/use-resource'
import { useWhoami } from '@/hooks/use-whoami'
import { go } from '@/lib/nav'
import { isDefinitive } from '@/lib/errors'
import type { ErrorBody } from '@domain/model/envelope'
import { stationToken, stations as loadStations, type StationTokenView } from '@/services/checkins'
import { groupToken } from '@/packages/volunteer/lib/code'
import { stationScreenUrl } from '@/packages/volunteer/lib/urls'
import './index.scss'

const RETRY_MS = 10_000
const MIN_REFRESH_MS = 5_000

/**
 * 驿站值守屏 (station mode): a big rotating QR code that volunteers scan to check in,
 * with the same code in letters for typing, and a countdown to the next one. Left open
 * on the station's tablet or the duty volunteer's phone; the secretary of the community
 * or the volunteer on duty may open it.
 */
export default function StationPage() {
  const router = useRouter()
  const stationId = router.params.stationId ?? ''
  return (
    <PageShell className='vstation' testId='page-station'>
      {stationId ? <DutyScreen stationId={stationId} /> : <StationPicker />}
    </PageShell>
  )
}

function StationPicker() {
  const { state, reload } = useWhoami()
  const grant = state.status === 'ready' ? state.data.roles.find((r) => r.role === 'secretary' || r.role === 'volunteer') : undefined
  const list = useResource(() => loadStations(grant?.orgId), [grant?.orgId], !!grant)
  return (
    <View>
      <View className='page-header'>
        <Text className='page-header__title'>驿站值守屏</Text>
        <Text className='page-header__sub muted'>选择驿站，把屏幕放在门口，志愿者扫码签到</Text>
      </View>
      {state.status === 'loading' ? <Loading rows={2} /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' && !grant ? <Empty title='您不能打开值守屏' hint='社区书记和书记指定的站点管理员可以打开本社区驿站的值守屏。' /> : null}
      {grant && list.state.status === 'loading' ? <Loading rows={2} /> : null}
      {grant && list.state.status === 'error' ? <ErrorState message={list.state.message} onRetry={() => void list.reload()} /> : null}
      {grant && list.state.status === 'ready' && list.state.data.length === 0 ? <Empty title='本社区还没有驿站' /> : null}
      {list.state.status === 'ready'
        ? list.state.data.map((s) => (
            <View key={s.id} className='card vstation-pick' data-testid={`station-pick-${s.id}`} onClick={() => go(stationScreenUrl(s.id))}>
              <View>
                <Text className='vstation-pick__name'>{s.name}</Text>
                <Text className='vstation-pick__meta muted'>
                  {s.address} · {s.hoursLabel}
                </Text>
              </View>
              <Text className='vstation-pick__go'>›</Text>
            </View>
          ))
        : null}
    </View>
  )
}

interface Shown {
  view: StationTokenView
  /** Local Date.now() when it arrived, to count down without trusting the device clock. */
  at: number
}

function DutyScreen({ stationId }: { stationId: string }) {
  const [shown, setShown] = useState<Shown | null>(null)
  const [error, setError] = useState<ErrorBody | null>(null)
  const [tick, setTick] = useState(0)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const visible = useRef(true)
  const alive = useRef(true)
  const seq = useRef(0)

  const schedule = useCallback((ms: number, run: () => void) => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(run, ms)
  }, [])

  const load = useCallback(async (): Promise<void> => {
    const mine = ++seq.current
    const env = await stationToken(stationId)
    if (!alive.current || mine !== seq.current) return
    if (env.ok) {
      setShown({ view: env.data, at: Date.now() })
      setError(null)
      // The next code at the server's refreshAt (its clock, not the device's).
      const wait = Math.max(MIN_REFRESH_MS, env.data.refreshAt - env.data.serverNow + 300)
      if (visible.current) schedule(wait, () => void load())
      return
    }
    setError(env.error)
    if (!isDefinitive(env.error) && visible.current) schedule(RETRY_MS, () => void load())
  }, [stationId, schedule])

  useEffect(() => {
    alive.current = true
    void load()
    const clock = setInterval(() => setTick((t) => t + 1), 1000)
    if (process.env.TARO_ENV === 'weapp') void Taro.setKeepScreenOn({ keepScreenOn: true }).catch(() => undefined)
    return () => {
      alive.current = false
      clearInterval(clock)
      if (timer.current) clearTimeout(timer.current)
      if (process.env.TARO_ENV === 'weapp') void Taro.setKeepScreenOn({ keepScreenOn: false }).catch(() => undefined)
    }
  }, [load])

  useDidHide(() => {
    visible.current = false
    if (timer.current) clearTimeout(timer.current)
  })
  useDidShow(() => {
    if (visible.current) return
    visible.current = true
    void load()
  })

  void tick // re-render every second for the countdown
  if (!shown && !error) return <Loading rows={3} text='正在生成签到码…' />
  if (!shown && error) {
    return (
      <View>
        <ErrorState message={error.message} onRetry={() => void load()} />
        {error.code === 'FORBIDDEN' ? <Text className='vstation__why muted'>值守屏只给本社区书记和书记指定的站点管理员使用；当天在班的志愿者不能给自己打开签到码。</Text> : null}
      </View>
    )
  }
  if (!shown) return null
  const v = shown.view
  const elapsed = Date.now() - shown.at
  const toRefresh = Math.max(0, Math.ceil((v.refreshAt - v.serverNow - elapsed) / 1000))
  const expired = v.expiresAt - v.serverNow - elapsed <= 0
  const period = Math.max(1, Math.round((v.expiresAt - v.refreshAt) / 1000))
  const pct = Math.min(100, Math.round((toRefresh / period) * 100))

  return (
    <View className='vstation-screen' data-testid='duty-screen' data-station={v.stationId}>
      <Text className='vstation-screen__name' data-testid='duty-station-name'>
        {v.stationName}
      </Text>
      <Text className='vstation-screen__lead'>志愿者签到</Text>
      <View className={`vstation-screen__qr${expired ? ' vstation-screen__qr--stale' : ''}`}>
        <Image className='vstation-screen__img' src={v.image} mode='scaleToFill' data-testid='duty-qr' />
      </View>
      <View className='vstation-screen__code'>
        <Text className='vstation-screen__code-cap'>签到码</Text>
        <Text className='vstation-screen__token' data-testid='duty-token' data-token={v.token} userSelect>
          {groupToken(v.token)}
        </Text>
      </View>
      <View className='vstation-screen__timer' data-testid='duty-countdown'>
        <View className='vstation-screen__bar'>
          <View className='vstation-screen__fill' style={{ width: `${pct}%` }} />
        </View>
        <Text className='vstation-screen__count'>
          {expired ? '签到码已过期，正在更新…' : toRefresh > 0 ? `${toRefresh} 秒后更换新码` : '正在更换新码…'}
        </Text>
      </View>
      {error ? (
        <Text className='vstation-screen__warn' data-testid='duty-error'>
          {error.message}（正在重试）
        </Text>
      ) : null}
      <View className='vstation-screen__how'>
        <Text className='vstation-screen__how-title'>怎么签到</Text>
        <Text className='vstation-screen__how-item'>打开“红色网格”小程序 → 志愿服务 → 扫码签到，扫描上面的二维码。</Text>
        <Text className='vstation-screen__how-item'>扫不了时，点“输入签到码”，输入上面的8位签到码（区分大小写）。</Text>
      </View>
      <Button className='btn btn--ghost btn--block vstation-screen__refresh' data-testid='duty-refresh' onClick={() => void load()}>
        立即刷新
      </Button>
    </View>
  )
}
