import type { PropsWithChildren } from 'react'
import { View, Text } from '@tarojs/components'
import { roleTitle } from '@/lib/entries'
import type { WhoamiRole } from '@/services/org'
import './index.scss'

/** One role the user holds, titled "社区书记 · 文汇社区", with that role's entries inside. */
export default function RoleCard({ grant, children }: PropsWithChildren<{ grant: WhoamiRole }>) {
  return (
    <View className={`card role-card role-card--${grant.role}`} data-testid='home-role-card' data-role={grant.role}>
      <Text className='role-card__title'>{roleTitle(grant)}</Text>
      {children}
    </View>
  )
}
