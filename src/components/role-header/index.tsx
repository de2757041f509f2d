import { View, Text } from '@tarojs/components'
import { Loading, ErrorState } from '../state-view'
import { roleTitle } from '@/lib/entries'
import type { LoadState } from '@/hooks/use-whoami'
import type { Whoami, WhoamiRole } from '@/services/org'
import './index.scss'

/** A workspace's title and the caller's grants that it serves ("网格员 · 文汇社区第一网格"). */
export default function RoleHeader({
  title,
  subtitle,
  state,
  mine,
  noRoleHint,
  onRetry,
}: {
  title: string
  subtitle: string
  state: LoadState<Whoami>
  mine: WhoamiRole[]
  noRoleHint: string
  onRetry: () => void
}) {
  return (
    <View className='role-header'>
      <View className='page-header'>
        <Text className='page-header__title'>{title}</Text>
        <Text className='page-header__sub muted'>{subtitle}</Text>
      </View>
      {state.status === 'loading' ? <Loading rows={1} /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={onRetry} /> : null}
      {state.status === 'ready' ? (
        <View className='role-header__roles' data-testid='workspace-roles'>
          {mine.length === 0 ? (
            <Text className='hint' data-testid='workspace-no-role'>
              {noRoleHint}
            </Text>
          ) : (
            mine.map((r) => (
              <Text key={`${r.role}:${r.orgId}`} className='role-header__role workspace__role' data-testid='workspace-role'>
                {roleTitle(r)}
              </Text>
            ))
          )}
        </View>
      ) : null}
    </View>
  )
}
