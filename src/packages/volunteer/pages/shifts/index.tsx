import { useEffect, useMemo, useRef, useState } from 'react'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import FilterChips from '@/components/filter-chips'
import VolunteerChips from '@/components/volunteer-chips'
import VolunteerPager from '@/components/volunteer-pager'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { useMutation } from '@/hooks/use-mutation'
import { useResource } from '@/hooks/use-resource'
import { useNow } from '@/hooks/use-now'
import { go } from '@/lib/nav'
import {
  cancelSignUp,
  me as loadMe,
  shifts as loadShifts,
  signUp,
  stations as loadStations,
  type ShiftView,
} from '@/services/checkins'
import { dayWord, monthDay } from '@/packages/volunteer/lib/shift-words'
import { addDays, localDate } from '@domain/time/beijing'
import { VOLUNTEER_URLS } from '@/packages/volunteer/lib/urls'
import './index.scss'

const DAYS = 7

type Show = 'all' | 'mine' | 'open'
const SHOW: { key: Show; label: string }[] = [
  { key: 'all', label: '全部班次' },
  { key: 'mine', label: '我报名的' },
  { key: 'open', label: '还缺人的' },
]

/** 我的排班: the station's shifts for two weeks, with 报名 / 取消报名 where the rules allow. */
export default function ShiftsPage() {
  const me = useResource(loadMe, [])
  const reg = me.state.status === 'ready' ? me.state.data.registration : null
  const active = reg?.status === 'active'
  return (
    <PageShell className='vshifts' testId='page-shifts'>
      <View className='page-header'>
        <Text className='page-header__title'>我的排班</Text>
        <Text className='page-header__sub muted'>报名红色驿站值班，开班前2小时内不能取消</Text>
      </View>
      {me.state.status === 'loading' ? <Loading rows={3} /> : null}
      {me.state.status === 'error' ? <ErrorState message={me.state.message} onRetry={() => void me.reload()} /> : null}
      {me.state.status === 'ready' && !active ? (
        <View className='card'>
          <Empty title='报到通过后才能报名值班' hint={reg ? `当前状态：${reg.statusLabel}` : '请先完成“双报到”。'} />
          <Button className='btn btn--primary btn--block' onClick={() => go(VOLUNTEER_URLS.register)}>
            {reg ? '查看我的报到' : '去双报到'}
          </Button>
        </View>
      ) : null}
      {active && reg ? <Rota communityId={reg.communityId} /> : null}
    </PageShell>
  )
}

function Rota({ communityId }: { communityId: string }) {
  const list = useResource(() => loadStations(communityId), [communityId])
  const [stationId, setStationId] = useState('')
  const stations = useMemo(() => (list.state.status === 'ready' ? list.state.data : []), [list.state])
  useEffect(() => {
    if (!stationId && stations.length) setStationId(stations[0].id)
  }, [stations, stationId])

  if (list.state.status === 'loading') return <Loading rows={3} />
  if (list.state.status === 'error') return <ErrorState message={list.state.message} onRetry={() => void list.reload()} />
  if (stations.length === 0) return <Empty title='本社区还没有驿站' />
  return (
    <View>
      {stations.length > 1 ? (
        <VolunteerChips single testId='station' options={stations.map((s) => ({ key: s.id, label: s.name }))} value={stationId ? [stationId] : []} onChange={(v) => setStationId(v[0] ?? '')} />
      ) : (
        <Text className='vshifts__station'>{stations[0].name}</Text>
      )}
      {stationId ? <ShiftList key={stationId} stationId={stationId} /> : null}
    </View>
  )
}

function ShiftList({ stationId }: { stationId: string }) {
  const now = useNow()
  const today = localDate(now)
  const [week, setWeek] = useState(0)
  const from = addDays(today, DAYS * week)
  const res = useResource(() => loadShifts({ stationId, from, days: DAYS }), [stationId, from])
  const [show, setShow] = useState<Show>('all')
  // One mutation name per shift (its row shows the busy state and the error); one call in flight on the page.
  const mutation = useMutation()
  const busy = mutation.busy
  const [errorRow, setErrorRow] = useState<string | null>(null)
  const asking = useRef(false)

  usePullDownRefresh(() => {
    void res.reload(true).finally(() => void Taro.stopPullDownRefresh())
  })

  const shifts = useMemo(() => (res.state.status === 'ready' ? res.state.data : []), [res.state])
  const days = useMemo(() => {
    const visible = shifts.filter((s) => !s.past && (show === 'all' || (show === 'mine' ? s.mine : !s.full && s.can.signUp)))
    const out: { date: string; weekday: string; items: ShiftView[] }[] = []
    for (const s of visible) {
      const day = out.find((d) => d.date === s.date)
      if (day) day.items.push(s)
      else out.push({ date: s.date, weekday: s.weekday, items: [s] })
    }
    return out
  }, [shifts, show])

  const act = async (s: ShiftView, what: 'signUp' | 'cancel'): Promise<void> => {
    setErrorRow(null)
    const env = await mutation.run(s.id, { what, shiftId: s.id }, (key) => (what === 'signUp' ? signUp(s.id, key) : cancelSignUp(s.id, key)), {
      done: what === 'signUp' ? '报名成功' : '已取消报名',
      onDone: (next) => {
        if (res.state.status === 'ready') res.set(res.state.data.map((x) => (x.id === s.id ? next : x)))
      },
      refresh: () => res.reload(true), // other shifts' notes change too (double booking)
    })
    if (!env || env.ok) return
    setErrorRow(s.id)
    void res.reload(true)
  }

  /** 取消报名 asks first: a stray second tap on 报名 lands on this button once the row has turned. */
  const askCancel = async (s: ShiftView): Promise<void> => {
    if (busy || asking.current) return
    asking.current = true
    const answer = await Taro.showModal({
      title: '取消报名',
      content: `确定取消${dayWord({ date: s.date, weekday: s.weekday }, now)}（${monthDay(s.date)}）${s.startLabel}–${s.endLabel}的值班报名吗？`,
      confirmText: '取消报名',
      confirmColor: '#a50d24',
      cancelText: '再想想',
    })
      .catch(() => null)
      .finally(() => {
        asking.current = false
      })
    if (answer?.confirm) await act(s, 'cancel')
  }

  const mineCount = shifts.filter((s) => s.mine && !s.past).length
  return (
    <View data-testid='shift-list'>
      <VolunteerPager
        testId='shift-week'
        prev='前7天'
        next='后7天'
        label={`${monthDay(from)}–${monthDay(addDays(from, DAYS - 1))}`}
        onPrev={() => setWeek((w) => w - 1)}
        onNext={() => setWeek((w) => w + 1)}
      />
      {res.state.status === 'ready' ? (
        <Text className='vshifts__summary' data-testid='shifts-summary'>
          {mineCount ? `这7天您报名了 ${mineCount} 个班次` : '这7天您还没有报名班次'}
        </Text>
      ) : null}
      <FilterChips options={SHOW} value={show} onChange={setShow} testId='shift-chips' />
      {res.state.status === 'loading' ? <Loading rows={4} text='正在加载班次…' /> : null}
      {res.state.status === 'error' ? <ErrorState message={res.state.message} onRetry={() => void res.reload()} /> : null}
      {res.state.status === 'ready' && days.length === 0 ? <Empty title={show === 'mine' ? '您还没有报名的班次' : '没有可显示的班次'} /> : null}
      {days.map((d) => (
        <View key={d.date} className='card vshift-day' data-testid='shift-day' data-date={d.date}>
          <Text className='vshift-day__title'>
            {dayWord({ date: d.date, weekday: d.weekday }, now)} · {monthDay(d.date)} {d.weekday}
          </Text>
          {d.items.map((s) => (
            <View key={s.id} className={`vshift${s.mine ? ' vshift--mine' : ''}`} data-testid='shift' data-id={s.id} data-mine={s.mine ? '1' : '0'}>
              <View className='vshift__main'>
                <Text className='vshift__time'>
                  {s.startLabel}–{s.endLabel}
                </Text>
                <Text className={`vshift__taken${s.full ? ' vshift__taken--full' : ''}`}>
                  {s.full ? '已满' : `还缺 ${s.capacity - s.taken} 人`} · {s.taken}/{s.capacity}
                </Text>
                {s.members.length ? <Text className='vshift__members muted'>{s.members.map((m) => m.name).join('、')}</Text> : null}
                {s.mine ? <Text className='vshift__mine'>我已报名</Text> : null}
                {s.note && !s.can.signUp && !s.can.cancel ? <Text className='vshift__note muted'>{s.note}</Text> : null}
                {errorRow === s.id && mutation.errorOf(s.id) ? <Text className='field__error'>{mutation.errorOf(s.id)}</Text> : null}
              </View>
              <View className='vshift__side'>
                {s.can.signUp ? (
                  <Button
                    className={`btn btn--primary btn--small${busy === s.id ? ' btn--disabled' : ''}`}
                    data-testid='shift-signup'
                    disabled={busy === s.id || undefined}
                    onClick={() => void act(s, 'signUp')}
                  >
                    {busy === s.id ? '…' : '报名'}
                  </Button>
                ) : null}
                {s.can.cancel ? (
                  <Button
                    className={`btn btn--danger btn--small${busy === s.id ? ' btn--disabled' : ''}`}
                    data-testid='shift-cancel'
                    disabled={busy === s.id || undefined}
                    onClick={() => void askCancel(s)}
                  >
                    {busy === s.id ? '…' : '取消报名'}
                  </Button>
                ) : null}
                {!s.can.signUp && !s.can.cancel ? (
                  <Text className='vshift__off' data-testid='shift-disabled'>
                    {s.mine ? '不可取消' : s.full ? '已满' : '不可报名'}
                  </Text>
                ) : null}
              </View>
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
