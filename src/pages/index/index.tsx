import { View, Text } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import RoleCard from '@/components/role-card'
import { EntryGrid } from '@/components/entry-tile'
import RoleSwitcher from '@/components/role-switcher'
import { Loading, ErrorState } from '@/components/state-view'
import { useWhoami } from '@/hooks/use-whoami'
import { useTabBadge } from '@/hooks/use-tab-badge'
import { entriesForRole, NO_ROLE_ENTRIES } from '@/lib/entries'
import type { Whoami } from '@/services/org'
import './index.scss'

/** Role-aware home: one card per role held, each with the entries that role can use. */
export default function Home() {
  const { state, reload } = useWhoami()
  useTabBadge()

  return (
    <PageShell className='home' testId='page-home'>
      <RoleSwitcher current={state.status === 'ready' ? state.data : null} />
      <View className='page-header'>
        <Text className='page-header__title' data-testid='home-greeting'>
          {state.status === 'ready' ? `您好，${state.data.name ?? '居民朋友'}` : '红色网格'}
        </Text>
        <Text className='page-header__sub muted'>党建引领 · 网格治理 · 有事找网格</Text>
      </View>
      {state.status === 'loading' ? <Loading /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? <RoleCards me={state.data} /> : null}
    </PageShell>
  )
}

function RoleCards({ me }: { me: Whoami }) {
  if (me.roles.length === 0) {
    return (
      <View data-testid='home-no-roles'>
        <Text className='hint'>
          您还没有绑定身份。可以先扫描楼栋门口的二维码反映问题；党员请到所在社区完成“双报到”后使用志愿服务。
        </Text>
        <View className='card'>
          <EntryGrid tiles={NO_ROLE_ENTRIES} />
        </View>
      </View>
    )
  }
  return (
    <View>
      {me.roles.map((r) => (
        <RoleCard key={`${r.role}:${r.orgId}`} grant={r}>
          <EntryGrid tiles={entriesForRole(r.role)} />
        </RoleCard>
      ))}
    </View>
  )
}
