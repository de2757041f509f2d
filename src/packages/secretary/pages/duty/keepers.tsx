import { useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import VolunteerChips from '@/components/volunteer-chips'
import { Loading, ErrorState } from '@/components/state-view'
import { useMutation } from '@/hooks/use-mutation'
import { useResource } from '@/hooks/use-resource'
import type { Envelope } from '@domain/model/envelope'
import { grantKeeper, registrations as loadRegistrations, revokeKeeper, type KeepersView, type KeeperView } from '@/services/checkins'

/**
 * 站点管理员: the people the secretary lets open this station's duty screen when she is not
 * there (an approved member of the community, or staff). Nobody on that day's rota may open
 * it for themselves; granting and taking back are recorded in the audit log.
 */
export default function Keepers({ stationId, initial }: { stationId: string; initial: KeeperView[] }) {
  const [keepers, setKeepers] = useState<KeeperView[]>(initial)
  const [adding, setAdding] = useState(false)
  const m = useMutation()
  const busy = m.busy
  const [failed, setFailed] = useState<string | null>(null)
  const error = failed ? m.errorOf(failed) : null

  /** Grant or revoke (`what`: the keeper's id, or `grant-<registration>`); the error shows under the list, not as a toast. */
  const run = async (what: string, send: (key: string) => Promise<Envelope<KeepersView>>, done: string): Promise<boolean> => {
    if (busy) return false
    setFailed(null)
    const env = await m.run(what, { what, stationId }, send, { done, quietError: true, onDone: (data) => setKeepers(data.keepers) })
    if (env && !env.ok) setFailed(what)
    return !!env?.ok
  }

  return (
    <View className='card vduty-keepers' data-testid='keepers'>
      <Text className='vduty-keepers__title'>站点管理员</Text>
      <Text className='vduty-keepers__hint muted'>您不在时，可由站点管理员打开值守屏。当天在班的志愿者不能给自己打开签到码。</Text>
      {keepers.length === 0 ? <Text className='vduty-keepers__empty muted' data-testid='keepers-empty'>还没有指定站点管理员</Text> : null}
      {keepers.map((k) => (
        <View key={k.id} className='vduty-keepers__row' data-testid='keeper'>
          <Text className='vduty-keepers__name'>{k.name}</Text>
          <Text className='vduty-keepers__as muted'>{k.asLabel}</Text>
          <Button
            className={`btn btn--ghost btn--small vduty-keepers__revoke${busy === k.id ? ' btn--disabled' : ''}`}
            data-testid='keeper-revoke'
            disabled={busy === k.id || undefined}
            onClick={() => void run(k.id, (key) => revokeKeeper(stationId, k.id, key), '已取消')}
          >
            取消
          </Button>
        </View>
      ))}
      {error ? (
        <Text className='field__error' data-testid='keepers-error'>
          {error}
        </Text>
      ) : null}
      {adding ? (
        <Candidates
          taken={keepers.map((k) => k.name)}
          busy={busy !== null}
          onPick={async (registrationId) => {
            if (await run(`grant-${registrationId}`, (key) => grantKeeper(stationId, registrationId, key), '已指定')) setAdding(false)
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <Button className='btn btn--plain btn--block' data-testid='keeper-add' onClick={() => setAdding(true)}>
          指定站点管理员
        </Button>
      )}
    </View>
  )
}

/** Approved members of the community to choose from. */
function Candidates({ taken, busy, onPick, onCancel }: { taken: string[]; busy: boolean; onPick: (registrationId: string) => void; onCancel: () => void }) {
  const res = useResource(() => loadRegistrations({ status: 'active', limit: 100 }), [])
  const [picked, setPicked] = useState<string>('')
  if (res.state.status === 'loading') return <Loading rows={1} text='正在加载已报到党员…' />
  if (res.state.status === 'error') return <ErrorState message={res.state.message} onRetry={() => void res.reload()} />
  const options = res.state.data.filter((r) => !taken.includes(r.name)).map((r) => ({ key: r.id, label: `${r.name}（${r.workUnit}）` }))
  return (
    <View className='vduty-keepers__pick' data-testid='keeper-candidates'>
      {options.length === 0 ? <Text className='muted'>没有可指定的已报到党员</Text> : null}
      <VolunteerChips single testId='keeper-candidate' options={options} value={picked ? [picked] : []} onChange={(v) => setPicked(v[0] ?? '')} />
      <View className='vduty-keepers__buttons'>
        <Button className='btn btn--ghost' data-testid='keeper-cancel' onClick={onCancel}>
          取消
        </Button>
        <Button className={`btn btn--primary${!picked || busy ? ' btn--disabled' : ''}`} data-testid='keeper-grant' disabled={!picked || busy || undefined} onClick={() => picked && onPick(picked)}>
          指定
        </Button>
      </View>
    </View>
  )
}
