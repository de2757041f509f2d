import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text, Button, Input } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import Field from '@/components/field'
import VolunteerChips from '@/components/volunteer-chips'
import VolunteerSession, { CheckoutDone } from '@/components/volunteer-session'
import { Loading, ErrorState } from '@/components/state-view'
import { useMutation } from '@/hooks/use-mutation'
import { useResource } from '@/hooks/use-resource'
import { useNow } from '@/hooks/use-now'
import { decodeScene } from '@/lib/scene'
import { go } from '@/lib/nav'
import type { ErrorBody } from '@domain/model/envelope'
import {
  checkIn,
  me as loadMe,
  stations as loadStations,
  type CheckInInput,
  type CheckInResult,
  type CheckOutResult,
  type MeView,
  type StationView,
} from '@/services/checkins'
import { readCheckinCode, type CheckinTarget } from '@/packages/volunteer/lib/code'
import { locate, openLocationSettings, whereForCheckout } from '@/packages/volunteer/lib/location'
import { VOLUNTEER_URLS } from '@/packages/volunteer/lib/urls'
import './index.scss'

const isWeapp = process.env.TARO_ENV === 'weapp'

/**
 * 扫码签到 at a red station: scan the duty screen's rotating code (weapp camera) or type
 * it (H5), with the phone's location for the fence; then the open session with 签退.
 * Every refusal is the server's own sentence plus what to do about it.
 */
export default function CheckinPage() {
  const router = useRouter()
  const me = useResource(loadMe, [])
  const now = useNow()
  const [checkedIn, setCheckedIn] = useState<CheckInResult | null>(null)
  const [done, setDone] = useState<CheckOutResult | null>(null)
  const initialCode = decodeScene(router.params.code ?? router.params.scene)

  return (
    <PageShell className='vcheckin' testId='page-checkin'>
      <View className='page-header'>
        <Text className='page-header__title'>扫码签到</Text>
        <Text className='page-header__sub muted'>到红色驿站后签到，离开时签退，服务时长自动计入</Text>
      </View>
      {me.state.status === 'loading' ? <Loading rows={2} /> : null}
      {me.state.status === 'error' ? <ErrorState message={me.state.message} onRetry={() => void me.reload()} /> : null}
      {me.state.status === 'ready' ? (
        done ? (
          <View>
            <CheckoutDone result={done} />
            <Button className='btn btn--primary btn--block btn--big' data-testid='go-points' onClick={() => go(VOLUNTEER_URLS.points)}>
              查看积分明细
            </Button>
            <Button className='btn btn--ghost btn--block vcheckin__back' data-testid='go-home' onClick={() => go(VOLUNTEER_URLS.home)}>
              返回志愿服务
            </Button>
          </View>
        ) : me.state.data.openSession ? (
          <View>
            {checkedIn ? (
              <View className='vcheckin-ok' data-testid='checkin-success'>
                <Text className='vcheckin-ok__title'>{checkedIn.message}</Text>
                <Text className='vcheckin-ok__text'>
                  {checkedIn.session.distanceM !== null ? `已确认您在驿站范围内（距中心约 ${checkedIn.session.distanceM} 米）。` : ''}
                  服务结束离开时，请回到这里签退。
                </Text>
                {checkedIn.session.awaitingConfirmation ? (
                  <Text className='vcheckin-ok__pending' data-testid='checkin-pending'>
                    待书记确认：网页版无法核验位置，本次服务时长和积分要社区书记确认后才计入。
                  </Text>
                ) : null}
              </View>
            ) : null}
            <VolunteerSession
              session={me.state.data.openSession}
              now={now}
              where={whereForCheckout}
              onCheckedOut={(r) => {
                setDone(r)
                setCheckedIn(null)
                void me.reload(true)
              }}
            />
          </View>
        ) : (
          <Gate data={me.state.data}>
            <CheckinForm
              data={me.state.data}
              initialCode={initialCode}
              onCheckedIn={(r) => {
                setCheckedIn(r)
                if (me.state.status === 'ready') me.set({ ...me.state.data, openSession: r.session })
                void me.reload(true)
              }}
              onAlreadyIn={() => void me.reload(true)}
            />
          </Gate>
        )
      ) : null}
    </PageShell>
  )
}

/** Only an active registration can check in: say why not, and where to go instead. */
function Gate({ data, children }: { data: MeView; children: ReactElement }) {
  const reg = data.registration
  if (reg?.status === 'active') return children
  const text = !reg
    ? '您还没有“双报到”。报到并经社区书记审核通过后才能签到。'
    : reg.status === 'pending'
      ? `您在${reg.communityName}的报到申请正在审核，审核通过后才能签到。`
      : reg.status === 'suspended'
        ? `您在${reg.communityName}的报到已暂停${reg.reason ? `（${reg.reason}）` : ''}，请联系社区书记。`
        : '您目前没有有效的报到，请先重新报到。'
  return (
    <View className='card vcheckin-gate' data-testid='checkin-gate'>
      <Text className='vcheckin-gate__text'>{text}</Text>
      <Button className='btn btn--primary btn--block btn--big' data-testid='go-register' onClick={() => go(VOLUNTEER_URLS.register)}>
        {reg ? '查看我的报到' : '去双报到'}
      </Button>
    </View>
  )
}

interface Refusal {
  message: string
  advice: string | null
  denied?: boolean
}

/** What to do about a refusal, beyond the server's sentence. */
function adviceFor(error: ErrorBody): string | null {
  const d = (error.details ?? {}) as { distanceM?: unknown; radiusM?: unknown; token?: unknown; registration?: unknown; openingHours?: unknown }
  if (typeof d.distanceM === 'number') {
    const r = typeof d.radiusM === 'number' ? `${d.radiusM}米` : '规定范围'
    return `请走到驿站${r}以内再签到。室内定位不准时，可到门口开阔处等几秒再试。`
  }
  if (d.token === 'stale') return '值班屏上的签到码每分钟更新一次，请扫描（或输入）屏幕上最新的签到码。'
  if (error.code === 'INVALID_ARGUMENT' && /签到码|二维码/.test(error.message)) return '请核对值班屏上的签到码，注意区分大小写字母。'
  if (typeof d.openingHours === 'string') return `驿站开放时间：${d.openingHours}。`
  if (error.code === 'FORBIDDEN') return '只能在您报到的社区的驿站签到。'
  if (error.code === 'INTERNAL' || error.code === 'RATE_LIMITED') return '请稍后再试一次。'
  return null
}

function CheckinForm({
  data,
  initialCode,
  onCheckedIn,
  onAlreadyIn,
}: {
  data: MeView
  initialCode: string
  onCheckedIn: (r: CheckInResult) => void
  onAlreadyIn: () => void
}) {
  const communityId = data.registration?.communityId
  const list = useResource(() => loadStations(communityId), [communityId])
  const stations: StationView[] = useMemo(() => (list.state.status === 'ready' ? list.state.data : []), [list.state])
  const [stationId, setStationId] = useState<string>(data.nextShift?.stationId ?? '')
  const [code, setCode] = useState(initialCode)
  const [manual, setManual] = useState(!isWeapp || !!initialCode)
  const m = useMutation()
  const [locating, setLocating] = useState(false)
  // Locating comes before the check-in call: a second tap is ignored from the first tap on, not only once the call is sent.
  const started = useRef(false)
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const [note, setNote] = useState<string | null>(null)

  // One station (the usual case): chosen already.
  useEffect(() => {
    if (!stationId && stations.length > 0) setStationId(stations[0].id)
  }, [stations, stationId])
  const station = stations.find((s) => s.id === stationId) ?? null

  const send = async (target: CheckinTarget): Promise<void> => {
    if (started.current) return
    started.current = true
    try {
      await locateAndCheckIn(target)
    } finally {
      started.current = false
    }
  }

  const locateAndCheckIn = async (target: CheckinTarget): Promise<void> => {
    setRefusal(null)
    setNote(null)
    // On H5 the browser's location proves nothing: the duty-screen code alone is sent, and the secretary confirms the session.
    const codeOnly = !isWeapp && target.kind === 'token'
    setLocating(true)
    const where = codeOnly ? null : await locate()
    setLocating(false)
    if (where && !where.ok) {
      setRefusal({
        message: where.message,
        advice: target.kind === 'static' ? '扫描张贴的驿站二维码签到，需要确认您在驿站附近。' : '在小程序中签到需要确认您在驿站附近，请允许使用位置后再扫码。',
        denied: where.denied,
      })
      return
    }
    const input: CheckInInput =
      target.kind === 'token' ? { stationId: target.stationId, token: target.token } : { stationId: target.stationId, staticScene: target.staticScene }
    input.client = isWeapp ? 'weapp' : 'h5'
    if (where?.ok) input.location = where.location
    // The refusal box says what went wrong and what to do: no toast on error.
    const env = await m.run('checkIn', input, (key) => checkIn(input, key), { done: '签到成功', quietError: true, onDone: onCheckedIn })
    if (!env || env.ok) return
    if (env.error.code === 'CONFLICT') onAlreadyIn()
    setRefusal({ message: env.error.message, advice: adviceFor(env.error) })
  }

  const scan = (): void => {
    if (started.current || m.busy) return
    const scanType = ['qrCode', 'wxCode'] as (keyof Taro.scanCode.ScanType)[]
    Taro.scanCode({ onlyFromCamera: true, scanType })
      .then((res) => {
        const target = readCheckinCode(res.path || res.result)
        if (!target) {
          setRefusal({ message: '这不是驿站签到码', advice: '请扫描驿站值班屏上的二维码，或驿站张贴的签到二维码。' })
          return
        }
        void send(target)
      })
      .catch(() => undefined) // cancelled: nothing to say
  }

  const submitCode = (): void => {
    const target = readCheckinCode(code, stationId || undefined)
    if (!target) {
      setRefusal({
        message: code.trim() ? '签到码格式不对' : '请输入签到码',
        advice: stationId ? '签到码是值班屏二维码下方的8位字母和数字。' : '请先选择驿站，再输入值班屏上的8位签到码。',
      })
      return
    }
    void send(target)
  }

  const busyText = locating ? '正在确认位置…' : m.busy ? '正在签到…' : null

  return (
    <View data-testid='checkin-form'>
      {refusal ? (
        <View className='vcheckin-error' data-testid='checkin-error'>
          <Text className='vcheckin-error__title'>签到没有成功</Text>
          <Text className='vcheckin-error__message' data-testid='checkin-error-message'>
            {refusal.message}
          </Text>
          {refusal.advice ? <Text className='vcheckin-error__advice'>{refusal.advice}</Text> : null}
          {refusal.denied && isWeapp ? (
            <Button className='btn btn--plain btn--small vcheckin-error__settings' onClick={openLocationSettings}>
              去设置允许定位
            </Button>
          ) : null}
        </View>
      ) : null}
      {note ? (
        <Text className='hint' data-testid='checkin-note'>
          {note}
        </Text>
      ) : null}

      {isWeapp ? (
        <Button
          className={`btn btn--primary btn--block btn--big vcheckin__scan${busyText ? ' btn--disabled' : ''}`}
          data-testid='checkin-scan'
          disabled={!!busyText || undefined}
          onClick={scan}
        >
          {busyText ?? '扫码签到'}
        </Button>
      ) : null}

      <View className='card vcheckin-station' data-testid='checkin-station'>
        {list.state.status === 'loading' ? <Loading rows={1} text='正在加载驿站…' /> : null}
        {list.state.status === 'error' ? <ErrorState message={list.state.message} onRetry={() => void list.reload()} /> : null}
        {stations.length > 1 ? (
          <Field label='在哪个驿站' testId='field-station'>
            <VolunteerChips single testId='station' options={stations.map((s) => ({ key: s.id, label: s.name }))} value={stationId ? [stationId] : []} onChange={(v) => setStationId(v[0] ?? '')} />
          </Field>
        ) : null}
        {station ? (
          <View>
            <Text className='vcheckin-station__name'>{station.name}</Text>
            <Text className='vcheckin-station__meta muted'>
              {station.address} · 开放时间 {station.hoursLabel}
            </Text>
            {!station.openNow ? <Text className='vcheckin-station__closed'>驿站现在不在开放时间</Text> : null}
          </View>
        ) : null}
      </View>

      {manual ? (
        <View className='card' data-testid='checkin-manual'>
          <Field label='签到码' testId='field-code' hint='值班屏二维码下方有8位字母和数字（区分大小写），每分钟更新。'>
            <Input
              className='text-box text-box--line vcheckin__code'
              data-testid='checkin-code'
              maxlength={80}
              value={code}
              placeholder='输入值班屏上的签到码'
              placeholderClass='placeholder'
              onInput={(e) => {
                setCode(e.detail.value)
                setRefusal(null)
              }}
              onConfirm={submitCode}
            />
          </Field>
          <Button
            className={`btn btn--primary btn--block btn--big${busyText ? ' btn--disabled' : ''}`}
            data-testid='checkin-submit'
            disabled={!!busyText || undefined}
            onClick={submitCode}
          >
            {busyText ?? '签到'}
          </Button>
          {!isWeapp ? <Text className='vcheckin__foot muted'>网页版无法核验位置：签到码须在当前这一分钟内输入，签到后“待书记确认”，确认后才计入时长和积分。</Text> : null}
        </View>
      ) : (
        <Text className='vcheckin__manual-link' data-testid='checkin-manual-open' onClick={() => setManual(true)}>
          扫不了码？输入签到码
        </Text>
      )}
      <View className='vcheckin-steps'>
        <Text className='vcheckin-steps__title'>怎么签到</Text>
        <Text className='vcheckin-steps__item'>1. 到驿站后，打开值班屏（或找驿站张贴的签到二维码）</Text>
        <Text className='vcheckin-steps__item'>2. {isWeapp ? '点“扫码签到”，对准二维码' : '输入值班屏上的签到码，点“签到”'}</Text>
        <Text className='vcheckin-steps__item'>3. {isWeapp ? '允许使用位置，确认您在驿站附近' : '网页版签到待书记确认后计入'}</Text>
        <Text className='vcheckin-steps__item'>4. 离开前回到这里点“签退”</Text>
      </View>
    </View>
  )
}
