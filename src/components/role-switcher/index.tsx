import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { fetchDevIdentities, getDevOpenid, setDevOpenid, type DevIdentity } from '@/services/dev-identities'
import { EVENTS } from '@/lib/events'
import { roleLabels } from '@/lib/entries'
import './index.scss'

interface Props {
  /** Who the server says we are (whoami), used when no dev identity is chosen yet. */
  current?: { openid: string; name: string | null; roles: { role: string }[] } | null
}

/**
 * H5 dev-only identity switcher: lists the host's demo people
 * (`GET /api/dev/identities`) and makes the app act as the chosen one
 * (`X-Dev-Openid`). Hidden in the weapp build and when the host is not in dev mode.
 */
export default function RoleSwitcher(props: Props) {
  if (process.env.TARO_ENV !== 'h5') return null
  return <H5RoleSwitcher {...props} />
}

function H5RoleSwitcher({ current }: Props) {
  const [identities, setIdentities] = useState<DevIdentity[] | null>(null)
  const [open, setOpen] = useState(false)
  const [chosen, setChosen] = useState<string | null>(() => getDevOpenid())

  useEffect(() => {
    let alive = true
    void fetchDevIdentities().then((list) => {
      if (alive) setIdentities(list)
    })
    const onIdentity = (): void => setChosen(getDevOpenid())
    Taro.eventCenter.on(EVENTS.identityChanged, onIdentity)
    return () => {
      alive = false
      Taro.eventCenter.off(EVENTS.identityChanged, onIdentity)
    }
  }, [])

  if (!identities || identities.length === 0) return null

  const activeOpenid = chosen ?? current?.openid ?? null
  const active = identities.find((i) => i.openid === activeOpenid)
  const name = active?.name ?? current?.name ?? '未命名'
  const labels = roleLabels(active?.roles ?? current?.roles ?? [])

  const choose = (openid: string): void => {
    setDevOpenid(openid)
    setChosen(openid)
    setOpen(false)
    Taro.eventCenter.trigger(EVENTS.identityChanged, openid)
  }

  return (
    <View className='role-switcher' data-testid='role-switcher'>
      <View className='role-switcher__bar'>
        <Text className='role-switcher__current' data-testid='role-switcher-current'>
          {active || current
            ? `当前身份：${name}（${labels || '无角色'}）`
            : '当前身份：未选择（点“切换身份”选择演示用户）'}
        </Text>
        <View
          className='role-switcher__toggle'
          data-testid='role-switcher-toggle'
          onClick={() => setOpen((o) => !o)}
        >
          <Text>{open ? '收起' : '切换身份'}</Text>
        </View>
      </View>
      {open ? (
        <View className='role-switcher__list' data-testid='role-switcher-list'>
          <Text className='role-switcher__note'>开发模式：选择要模拟的演示用户</Text>
          {identities.map((i) => (
            <View
              key={i.openid}
              className={`role-switcher__option${i.openid === activeOpenid ? ' role-switcher__option--active' : ''}`}
              data-testid={`identity-option-${i.openid}`}
              data-openid={i.openid}
              onClick={() => choose(i.openid)}
            >
              <Text className='role-switcher__name'>{i.name}</Text>
              <Text className='role-switcher__roles'>{roleLabels(i.roles) || '无角色'}</Text>
              {i.roles.length > 0 ? (
                <Text className='role-switcher__orgs'>
                  {Array.from(new Set(i.roles.map((r) => r.orgName).filter(Boolean))).join('、')}
                </Text>
              ) : null}
            </View>
          ))}
        </View>
      ) : null}
    </View>
  )
}
