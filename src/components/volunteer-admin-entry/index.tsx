import { View, Text } from '@tarojs/components'
import { useResource } from '@/hooks/use-resource'
import { go } from '@/lib/nav'
import { redemptions, registrations, sessions } from '@/services/checkins'
import './index.scss'

const ADMIN = '/packages/secretary/pages/volunteers/index'

interface Counts {
  registrations: number | null
  sessions: number | null
  redemptions: number | null
}

const count = async (p: Promise<{ ok: boolean; data?: unknown[] }>): Promise<number | null> => {
  const env = await p
  return env.ok && Array.isArray(env.data) ? env.data.length : null
}

/** The secretary's way into volunteer work: what waits for a decision, the rota, the report, the duty screen. */
export default function VolunteerAdminEntry() {
  const counts = useResource<Counts>(async () => {
    const [a, b, u, c] = await Promise.all([
      count(registrations({ status: 'pending' })),
      count(sessions({ status: 'auto_closed' })),
      count(sessions({ status: 'unverified' })),
      count(redemptions({ status: 'pending' })),
    ])
    // Sessions to confirm: forgotten check-outs and check-ins whose presence was not verified.
    const toConfirm = b === null && u === null ? null : (b ?? 0) + (u ?? 0)
    return { ok: true as const, data: { registrations: a, sessions: toConfirm, redemptions: c } }
  }, [])
  const n = counts.state.status === 'ready' ? counts.state.data : { registrations: null, sessions: null, redemptions: null }
  const tiles: { key: string; title: string; badge: number | null; url: string }[] = [
    { key: 'registrations', title: '双报到审核', badge: n.registrations, url: `${ADMIN}?tab=registrations` },
    { key: 'sessions', title: '签到确认', badge: n.sessions, url: `${ADMIN}?tab=sessions` },
    { key: 'redemptions', title: '兑换审批', badge: n.redemptions, url: `${ADMIN}?tab=redemptions` },
    { key: 'duty', title: '驿站值班表', badge: null, url: '/packages/secretary/pages/duty/index' },
    { key: 'report', title: '月度报表', badge: null, url: '/packages/secretary/pages/volunteers/report/index' },
    { key: 'station', title: '值守屏', badge: null, url: '/packages/volunteer/pages/station/index' },
  ]
  return (
    <View className='card vadmin-entry' data-testid='entry-volunteers'>
      <Text className='vadmin-entry__title'>志愿服务管理</Text>
      <View className='vadmin-entry__grid'>
        {tiles.map((t) => (
          <View key={t.key} className='vadmin-entry__tile' hoverClass='vadmin-entry__tile--pressed' data-testid={`entry-volunteers-${t.key}`} onClick={() => go(t.url)}>
            <Text className='vadmin-entry__name'>{t.title}</Text>
            {t.badge ? (
              <Text className='vadmin-entry__badge' data-testid={`badge-${t.key}`}>
                {t.badge > 99 ? '99+' : t.badge}
              </Text>
            ) : null}
          </View>
        ))}
      </View>
    </View>
  )
}
