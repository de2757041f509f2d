import { useEffect, useMemo, useState } from 'react'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import RoleHeader from '@/components/role-header'
import VolunteerChips from '@/components/volunteer-chips'
import VolunteerPager from '@/components/volunteer-pager'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { useWhoami } from '@/hooks/use-whoami'
import { useResource } from '@/hooks/use-resource'
import { useNow } from '@/hooks/use-now'
import { go } from '@/lib/nav'
import { addDays, localDate, mondayOf } from '@domain/time/beijing'
import { duty as loadDuty, stations as loadStations, type DutyView } from '@/services/checkins'
import Keepers from './keepers'
import './index.scss'

const md = (date: string): string => {
  const [, m, d] = date.split('-')
  return `${Number(m)}月${Number(d)}日`
}

/**
 * 驿站值班表 (secretary): the week's shifts at a station with who is on them, the shifts
 * still short of people (soonest first) and opening hours nobody covers; week by week.
 */
export default function DutyPage() {
  const { state, reload } = useWhoami()
  const mine = state.status === 'ready' ? state.data.roles.filter((r) => r.role === 'secretary') : []
  const community = mine[0]?.orgId
  return (
    <PageShell className='vduty' testId='page-duty'>
      <RoleHeader title='驿站值班表' subtitle='本周排班 · 缺人提醒 · 值守屏' state={state} mine={mine} noRoleHint='只有社区书记可以查看驿站值班表。' onRetry={reload} />
      {community ? <Stations communityId={community} /> : null}
    </PageShell>
  )
}

function Stations({ communityId }: { communityId: string }) {
  const list = useResource(() => loadStations(communityId), [communityId])
  const [stationId, setStationId] = useState('')
  const stations = useMemo(() => (list.state.status === 'ready' ? list.state.data : []), [list.state])
  useEffect(() => {
    if (!stationId && stations.length) setStationId(stations[0].id)
  }, [stations, stationId])
  if (list.state.status === 'loading') return <Loading rows={3} />
  if (list.state.status === 'error') return <ErrorState message={list.state.message} onRetry={() => void list.reload()} />
  if (stations.length === 0) return <Empty title='本社区还没有驿站' hint='请联系区委管理员录入驿站。' />
  return (
    <View>
      {stations.length > 1 ? (
        <VolunteerChips single testId='station' options={stations.map((s) => ({ key: s.id, label: s.name }))} value={stationId ? [stationId] : []} onChange={(v) => setStationId(v[0] ?? '')} />
      ) : null}
      {stationId ? <Week key={stationId} stationId={stationId} /> : null}
    </View>
  )
}

function Week({ stationId }: { stationId: string }) {
  const now = useNow()
  const thisWeek = mondayOf(localDate(now))
  // Weeks from this one (the server's "now" may arrive after the first render on H5).
  const [shift, setShift] = useState(0)
  const weekOf = addDays(thisWeek, 7 * shift)
  const res = useResource(() => loadDuty(stationId, weekOf), [stationId, weekOf])
  usePullDownRefresh(() => {
    void res.reload(true).finally(() => void Taro.stopPullDownRefresh())
  })
  return (
    <View>
      <VolunteerPager
        testId='week'
        prev='上周'
        next='下周'
        label={`${md(weekOf)}–${md(addDays(weekOf, 6))}${weekOf === thisWeek ? '（本周）' : ''}`}
        onPrev={() => setShift((n) => n - 1)}
        onNext={() => setShift((n) => n + 1)}
      />
      {res.state.status === 'loading' ? <Loading rows={4} text='正在加载值班表…' /> : null}
      {res.state.status === 'error' ? <ErrorState message={res.state.message} onRetry={() => void res.reload()} /> : null}
      {res.state.status === 'ready' ? <DutyBody duty={res.state.data} today={localDate(now)} /> : null}
    </View>
  )
}

function DutyBody({ duty, today }: { duty: DutyView; today: string }) {
  const t = duty.totals
  return (
    <View data-testid='duty'>
      <View className='card vduty-sum' data-testid='duty-totals'>
        <Text className='vduty-sum__station'>{duty.station.name}</Text>
        <Text className='vduty-sum__hours muted'>开放时间 {duty.station.hoursLabel}</Text>
        <View className='vduty-sum__figs'>
          <Fig num={t.shifts} cap='班次' />
          <Fig num={t.filled} cap='已排人次' />
          <Fig num={t.missing} cap='还缺人次' warn={t.missing > 0} />
          <Fig num={t.uncoveredDays} cap='有空档的天' warn={t.uncoveredDays > 0} />
        </View>
        <Button
          className='btn btn--plain btn--block vduty-sum__screen'
          data-testid='open-duty-screen'
          onClick={() => go(`/packages/volunteer/pages/station/index?stationId=${encodeURIComponent(duty.station.id)}`)}
        >
          打开值守屏（签到二维码）
        </Button>
      </View>
      <Keepers key={duty.station.id} stationId={duty.station.id} initial={duty.keepers} />

      {duty.gaps.length ? (
        <View className='card vduty-gaps' data-testid='duty-gaps'>
          <Text className='section-title'>缺人的班次</Text>
          {duty.gaps.slice(0, 8).map((g) => (
            <View key={g.shiftId} className='vduty-gap'>
              <Text className='vduty-gap__when'>
                {g.date === today ? '今天' : g.weekday} {md(g.date)} {g.startLabel}–{g.endLabel}
              </Text>
              <Text className='vduty-gap__miss'>缺 {g.missing} 人</Text>
            </View>
          ))}
          {duty.gaps.length > 8 ? <Text className='muted vduty-gaps__more'>还有 {duty.gaps.length - 8} 个班次缺人，见下方每日排班</Text> : null}
        </View>
      ) : (
        <Text className='hint'>本周班次都已排满。</Text>
      )}

      {duty.days.map((d) => (
        <View key={d.date} className={`card vduty-day${d.date === today ? ' vduty-day--today' : ''}`} data-testid='duty-day' data-date={d.date}>
          <View className='vduty-day__head'>
            <Text className='vduty-day__title'>
              {d.weekday} {md(d.date)}
              {d.date === today ? ' · 今天' : ''}
            </Text>
            {d.closed ? <Text className='vduty-day__closed'>闭站</Text> : null}
          </View>
          {!d.closed && d.shifts.length === 0 ? <Text className='vduty-day__none'>没有排班</Text> : null}
          {d.shifts.map((s) => {
            const missing = Math.max(0, s.capacity - s.taken)
            return (
              <View key={s.id} className='vduty-shift' data-testid='duty-shift'>
                <Text className='vduty-shift__time'>
                  {s.startLabel}–{s.endLabel}
                </Text>
                <Text className={`vduty-shift__who${s.members.length ? '' : ' vduty-shift__who--none'}`}>
                  {s.members.length ? s.members.map((m) => m.name).join('、') : '无人报名'}
                </Text>
                <Text className={`vduty-shift__state${missing ? ' vduty-shift__state--miss' : ''}`}>{missing ? `缺${missing}人` : '已满'}</Text>
              </View>
            )
          })}
          {d.uncovered.length ? <Text className='vduty-day__uncovered'>无人值守时段：{d.uncovered.join('、')}</Text> : null}
        </View>
      ))}
    </View>
  )
}

function Fig({ num, cap, warn }: { num: number; cap: string; warn?: boolean }) {
  return (
    <View className='vduty-fig'>
      <Text className={`vduty-fig__num${warn ? ' vduty-fig__num--warn' : ''}`}>{num}</Text>
      <Text className='vduty-fig__cap muted'>{cap}</Text>
    </View>
  )
}
