import { View, Text } from '@tarojs/components'
import PageShell from '../page-shell'
import ComingSoon from '../coming-soon'
import { Loading, ErrorState } from '../state-view'
import { useWhoami } from '../../hooks/use-whoami'
import { roleTitle } from '../../lib/entries'
import type { Role } from '../../../domain/model/roles'

interface WorkspaceProps {
  /** Page root class & test id suffix, e.g. "work". */
  name: string
  title: string
  subtitle: string
  /** The roles this workspace serves; the caller's matching grants are listed. */
  roles: readonly Role[]
  /** Shown when the caller holds none of `roles`. */
  noRoleHint: string
  upcoming: string[]
}

/** Shared frame of the subpackage entry pages: my relevant roles + what this workspace offers. */
export default function Workspace({ name, title, subtitle, roles, noRoleHint, upcoming }: WorkspaceProps) {
  const { state, reload } = useWhoami()
  const mine = state.status === 'ready' ? state.data.roles.filter((r) => (roles as readonly string[]).includes(r.role)) : []

  return (
    <PageShell className={`workspace workspace--${name}`} testId={`page-${name}`}>
      <View className='page-header'>
        <Text className='page-header__title'>{title}</Text>
        <Text className='page-header__sub muted'>{subtitle}</Text>
      </View>
      {state.status === 'loading' ? <Loading rows={2} /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' ? (
        <View className='card' data-testid='workspace-roles'>
          <Text className='section-title'>我的岗位</Text>
          {mine.length === 0 ? (
            <Text className='muted' data-testid='workspace-no-role'>
              {noRoleHint}
            </Text>
          ) : (
            mine.map((r) => (
              <View key={`${r.role}:${r.orgId}`} className='workspace__role' data-testid='workspace-role'>
                <Text>{roleTitle(r)}</Text>
              </View>
            ))
          )}
        </View>
      ) : null}
      <ComingSoon items={upcoming} />
    </PageShell>
  )
}
