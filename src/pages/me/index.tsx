import { View, Text } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import RoleSwitcher from '@/components/role-switcher'
import { Loading, ErrorState } from '@/components/state-view'
import { useWhoami } from '@/hooks/use-whoami'
import { useTabBadge } from '@/hooks/use-tab-badge'
import { useLargeFont } from '@/hooks/use-large-font'
import { roleTitle } from '@/lib/entries'
import './index.scss'

/** 我的: who I am, my roles, and the 大字模式 switch. */
export default function Me() {
  const { state, reload } = useWhoami()
  useTabBadge()
  const [large, setLarge] = useLargeFont()

  return (
    <PageShell className='me' testId='page-me'>
      <RoleSwitcher current={state.status === 'ready' ? state.data : null} />
      <View className='card'>
        {state.status === 'loading' ? <Loading rows={1} /> : null}
        {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
        {state.status === 'ready' ? (
          <View>
            <Text className='me__name' data-testid='me-name'>
              {state.data.name ?? '未设置姓名'}
            </Text>
            {state.data.roles.length === 0 ? (
              <Text className='muted'>暂未绑定身份</Text>
            ) : (
              state.data.roles.map((r) => (
                <View key={`${r.role}:${r.orgId}`} className='me__role' data-testid='me-role'>
                  <Text>{roleTitle(r)}</Text>
                </View>
              ))
            )}
          </View>
        ) : null}
      </View>

      <View
        className={`card me__toggle${large ? ' me__toggle--on' : ''}`}
        data-testid='large-font-toggle'
        onClick={() => setLarge(!large)}
      >
        <View className='me__toggle-text'>
          <Text className='me__toggle-title'>大字模式</Text>
          <Text className='me__toggle-desc muted'>字号更大、对比更强，方便老年人阅读</Text>
        </View>
        <View className='me__pill'>
          <Text>{large ? '已开启' : '已关闭'}</Text>
        </View>
      </View>
    </PageShell>
  )
}
