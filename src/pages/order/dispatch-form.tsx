import { useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import Field from '@/components/field'
import { Loading } from '@/components/state-view'
import { useResource } from '@/hooks/use-resource'
import * as org from '@/services/org'
import type { DispatchInput, OrderView } from '@/services/orders'
import TextActionForm from './action-form'

type DispatchTarget = DispatchInput['to']

interface Choice {
  key: string
  title: string
  desc: string
  to: DispatchTarget
}

/**
 * 改派: to a person of the community (grid workers and secretaries, least loaded first, from
 * org.handlers) or back to a queue (社区派单池 / 微心愿墙), with a reason.
 */
export default function DispatchForm({
  o,
  busy,
  error,
  onCancel,
  onConfirm,
}: {
  o: OrderView
  busy: boolean
  error: string | null
  onCancel: () => void
  onConfirm: (to: DispatchTarget, reason: string) => void
}) {
  const people = useResource(() => org.handlers(o.place.communityId), [o.place.communityId])
  const queues: Choice[] = [
    { key: 'q-community', title: '社区派单池', desc: '社区统一派单，网格员和书记都能接', to: { kind: 'queue', queue: 'community', orgId: o.place.communityId } },
    { key: 'q-wish_wall', title: '微心愿墙', desc: '报到党员、志愿者认领', to: { kind: 'queue', queue: 'wish_wall', orgId: o.place.communityId } },
  ]
  const persons: Choice[] =
    people.state.status === 'ready'
      ? people.state.data.map((h) => ({
          key: `u-${h.openid}`,
          title: `${h.name}（${h.roleLabel}）`,
          desc: `${h.orgName} · ${h.openLoad > 0 ? `手上${h.openLoad}件` : '手上没有待办'}`,
          to: { kind: 'user', openid: h.openid },
        }))
      : []
  const [target, setTarget] = useState<string | null>(null)
  const [pickError, setPickError] = useState<string | null>(null)
  const all = [...persons, ...queues]

  const choice = (c: Choice) => (
    <View
      key={c.key}
      className={`choice choice--tall${c.key === target ? ' choice--on' : ''}`}
      data-testid={`dispatch-target-${c.key}`}
      onClick={() => {
        setTarget(c.key)
        setPickError(null)
      }}
    >
      <View className='choice__radio' />
      <View className='choice__text'>
        <Text className='choice__title'>{c.title}</Text>
        <Text className='choice__desc muted'>{c.desc}</Text>
      </View>
    </View>
  )

  return (
    <TextActionForm
      testId='form-dispatch'
      title='改派'
      label='改派原因'
      placeholder='比如：赵敏今天不在岗 / 需要社区统一协调'
      min={2}
      max={200}
      confirmText='确认改派'
      busy={busy}
      error={error ?? pickError}
      onCancel={onCancel}
      onConfirm={(reason) => {
        const c = all.find((x) => x.key === target)
        if (!c) {
          setPickError('请先选择改派给谁')
          return
        }
        onConfirm(c.to, reason)
      }}
    >
      <Field label='改派给人' required hint='按手上待办从少到多排列' testId='dispatch-people'>
        {people.state.status === 'loading' ? <Loading rows={2} text='正在加载人员…' /> : null}
        {people.state.status === 'error' ? (
          <View className='dispatch-error'>
            <Text className='field__error'>{people.state.message}</Text>
            <Button className='btn btn--plain btn--small' data-testid='dispatch-people-retry' onClick={() => void people.reload()}>
              重试
            </Button>
          </View>
        ) : null}
        {people.state.status === 'ready' && persons.length === 0 ? <Text className='muted'>本社区还没有可派的人员</Text> : null}
        {persons.map(choice)}
      </Field>
      <Field label='或交给队列'>{queues.map(choice)}</Field>
    </TextActionForm>
  )
}
