import { useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import VolunteerProgress from '@/components/volunteer-progress'
import VolunteerSession, { CheckoutDone } from '@/components/volunteer-session'
import { Loading, ErrorState } from '@/components/state-view'
import { useResource } from '@/hooks/use-resource'
import { useNow } from '@/hooks/use-now'
import { go } from '@/lib/nav'
import { whereForCheckout } from '@/packages/volunteer/lib/location'
import { formatTime } from '@/lib/format'
import { me as loadMe, type CheckOutResult, type MeView } from '@/services/checkins'
import { VOLUNTEER_URLS } from '@/packages/volunteer/lib/urls'
import { nextShiftLine, shortStation } from '@/packages/volunteer/lib/shift-words'
import './index.scss'

/**
 * 志愿服务 home: where my 双报到 stands, this month against the target (本月已服务 1/2),
 * my next shift, an open session with 签退, and the entries (扫码签到, 排班, 积分, 心愿墙).
 */
export default function VolunteerHome() {
  const me = useResource(loadMe, [])
  const now = useNow()
  const [done, setDone] = useState<CheckOutResult | null>(null)
  const first = useRef(true)

  useDidShow(() => {
    if (first.current) {
      first.current = false
      return
    }
    void me.reload(true) // back from 签到 / 排班 / 积分: quietly up to date
  })
  usePullDownRefresh(() => {
    void me.reload(true).finally(() => void Taro.stopPullDownRefresh())
  })

  return (
    <PageShell className='vol' testId='page-volunteer'>
      <View className='page-header'>
        <Text className='page-header__title'>志愿服务</Text>
        <Text className='page-header__sub muted'>双报到党员 · 红色驿站 · 以服务换积分</Text>
      </View>
      {me.state.status === 'loading' ? <Loading rows={3} /> : null}
      {me.state.status === 'error' ? <ErrorState message={me.state.message} onRetry={() => void me.reload()} /> : null}
      {me.state.status === 'ready' ? (
        <Body
          data={me.state.data}
          now={now}
          done={done}
          onDoneClose={() => setDone(null)}
          onCheckedOut={(r) => {
            setDone(r)
            void me.reload(true)
          }}
        />
      ) : null}
    </PageShell>
  )
}

function Body({
  data,
  now,
  done,
  onDoneClose,
  onCheckedOut,
}: {
  data: MeView
  now: number
  done: CheckOutResult | null
  onDoneClose: () => void
  onCheckedOut: (r: CheckOutResult) => void
}) {
  const reg = data.registration
  const active = reg?.status === 'active'
  return (
    <View>
      {done ? <CheckoutDone result={done} onClose={onDoneClose} /> : null}
      {data.openSession ? <VolunteerSession session={data.openSession} now={now} onCheckedOut={onCheckedOut} where={whereForCheckout} /> : null}
      {active && reg ? <MemberCard data={data} now={now} /> : <RegistrationCard data={data} />}
      {active ? <Entries data={data} now={now} /> : null}
    </View>
  )
}

/** Active member: community, this month, next shift, balance. */
function MemberCard({ data, now }: { data: MeView; now: number }) {
  const reg = data.registration
  if (!reg) return null
  const next = data.nextShift
  const line = next ? nextShiftLine(next, now) : null
  return (
    <View className='card vol-member' data-testid='member-card'>
      <View className='vol-member__top'>
        <View>
          <Text className='vol-member__name'>{reg.name}</Text>
          <Text className='vol-member__org' data-testid='member-community'>
            已报到 · {reg.communityName}
          </Text>
        </View>
        <View className='vol-member__balance' onClick={() => go(VOLUNTEER_URLS.points)}>
          <Text className='vol-member__points' data-testid='member-balance'>
            {data.balance}
          </Text>
          <Text className='vol-member__cap'>积分</Text>
        </View>
      </View>
      <VolunteerProgress month={data.month} />
      <View
        className={`vol-next${line?.running ? ' vol-next--now' : ''}`}
        data-testid='next-shift'
        onClick={() => go(VOLUNTEER_URLS.shifts)}
      >
        {next && line ? (
          <View className='vol-next__body'>
            <Text className='vol-next__tag'>{line.tag}</Text>
            <Text className='vol-next__line' data-testid='next-shift-line'>
              {line.when} {shortStation(next.stationName, reg.communityName)}
            </Text>
            <Text className='vol-next__label muted'>
              {next.stationName} · {next.label}
            </Text>
          </View>
        ) : (
          <View className='vol-next__body'>
            <Text className='vol-next__line'>还没有报名值班</Text>
            <Text className='vol-next__label muted'>去“我的排班”选一个方便的时间</Text>
          </View>
        )}
        <Text className='go-chevron'>›</Text>
      </View>
    </View>
  )
}

/** No active registration: what to do next, in one sentence and one button. */
function RegistrationCard({ data }: { data: MeView }) {
  const reg = data.registration
  if (!reg) {
    return (
      <View className='card vol-reg' data-testid='registration-none'>
        <Text className='vol-reg__title'>您还没有“双报到”</Text>
        <Text className='vol-reg__text'>
          在职党员到居住地社区报到，参加红色驿站值守、认领微心愿。每月至少服务 2 次，服务可积累积分兑换礼品。
        </Text>
        <Button className='btn btn--primary btn--block btn--big' data-testid='go-register' onClick={() => go(VOLUNTEER_URLS.register)}>
          去双报到
        </Button>
      </View>
    )
  }
  if (reg.status === 'pending') {
    return (
      <View className='card vol-reg vol-reg--pending' data-testid='registration-pending'>
        <Text className='vol-reg__badge'>审核中</Text>
        <Text className='vol-reg__title'>报到申请已提交，等待社区书记审核</Text>
        <Text className='vol-reg__text'>报到社区：{reg.communityName}</Text>
        <Text className='vol-reg__text'>提交时间：{formatTime(reg.createdAt)}</Text>
        <Text className='vol-reg__text muted'>审核通过后，就可以扫码签到、报名值班了。</Text>
        <Button className='btn btn--plain btn--block' data-testid='go-register' onClick={() => go(VOLUNTEER_URLS.register)}>
          查看我的报到
        </Button>
      </View>
    )
  }
  const again = reg.status === 'rejected' || reg.status === 'moved'
  const title =
    reg.status === 'rejected' ? '报到申请未通过' : reg.status === 'suspended' ? `在${reg.communityName}的报到已暂停` : `已从${reg.communityName}迁出`
  return (
    <View className='card vol-reg vol-reg--off' data-testid={`registration-${reg.status}`}>
      <Text className='vol-reg__title'>{title}</Text>
      {reg.reason ? <Text className='vol-reg__text'>原因：{reg.reason}</Text> : null}
      <Text className='vol-reg__text muted'>
        {reg.status === 'suspended' ? '如有疑问，请联系社区书记。' : '可以重新提交报到申请。'}
      </Text>
      <Button className={`btn btn--block ${again ? 'btn--primary btn--big' : 'btn--plain'}`} data-testid='go-register' onClick={() => go(VOLUNTEER_URLS.register)}>
        {again ? '重新报到' : '查看我的报到'}
      </Button>
    </View>
  )
}

interface Tile {
  key: string
  title: string
  desc: string
  url: string
}

/** The volunteer's entries (no duty screen: the code he checks in with is shown by the secretary or a station keeper). */
function Entries({ data }: { data: MeView; now: number }) {
  const tiles: Tile[] = [
    { key: 'shifts', title: '我的排班', desc: data.upcoming.length ? `已报名 ${data.upcoming.length} 个班次` : '报名驿站值班', url: VOLUNTEER_URLS.shifts },
    { key: 'points', title: '积分与兑换', desc: `余额 ${data.balance} 分`, url: VOLUNTEER_URLS.points },
    { key: 'wishes', title: '心愿墙', desc: '认领居民的微心愿', url: VOLUNTEER_URLS.wishes },
    { key: 'register', title: '我的报到', desc: '报到信息与审核进度', url: VOLUNTEER_URLS.register },
  ]
  return (
    <View>
      {data.openSession ? null : (
        <View className='vol-scan' hoverClass='vol-scan--pressed' data-testid='entry-checkin' onClick={() => go(VOLUNTEER_URLS.checkin)}>
          <View className='vol-scan__icon'>
            <View className='vol-scan__corner vol-scan__corner--a' />
            <View className='vol-scan__corner vol-scan__corner--b' />
            <View className='vol-scan__corner vol-scan__corner--c' />
            <View className='vol-scan__corner vol-scan__corner--d' />
          </View>
          <View className='vol-scan__text'>
            <Text className='vol-scan__title'>扫码签到</Text>
            <Text className='vol-scan__desc'>到驿站后扫描值班屏上的二维码</Text>
          </View>
        </View>
      )}
      <View className='vol-tiles'>
        {tiles.map((t) => (
          <View key={t.key} className='vol-tile' hoverClass='vol-tile--pressed' data-testid={`entry-${t.key}`} onClick={() => go(t.url)}>
            <Text className='vol-tile__title'>{t.title}</Text>
            <Text className='vol-tile__desc muted'>{t.desc}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
