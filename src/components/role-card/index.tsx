import type { PropsWithChildren } from 'react'
import { View, Text } from '@tarojs/components'
import { roleTitle } from '../../lib/entries'
import './index.scss'

/** One role the user holds, titled "社区书记 · 文汇社区", with that role's entries inside. */
export default function RoleCard({ role, orgName, children }: PropsWithChildren<{ role: string; orgName: string }>) {
  return (
    <View className={`card role-card role-card--${role}`} data-testid='home-role-card' data-role={role}>
      <Text className='role-card__title'>{roleTitle({ role, orgName })}</Text>
      {children}
    </View>
  )
}
