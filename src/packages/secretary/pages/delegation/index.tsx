import { useRef, useState } from 'react'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import RoleHeader from '@/components/role-header'
import FilterChips from '@/components/filter-chips'
import Field from '@/components/field'
import AreaInput from '@/components/field/area-input'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { useMutation } from '@/hooks/use-mutation'
import { useWhoami } from '@/hooks/use-whoami'
import { useResource } from '@/hooks/use-resource'
import { useNow } from '@/hooks/use-now'
import { fieldErrors, isDefinitive, type FieldErrors } from '@/lib/errors'
import { delegate, delegations as loadDelegations, revokeDelegation, type DelegationsView, type DelegationView } from '@/services/delegation'
import { formatBeijing } from '@domain/time/beijing'
import './index.scss'

const DAY = 86_400_000
const SPANS = [
  { key: '1', label: '1天' },
  { key: '3', label: '3天' },
  { key: '7', label: '7天' },
  { key: '14', label: '14天' },
  { key: '31', label: '31天' },
] as const
type Span = (typeof SPANS)[number]['key']
const REASON_MAX = 100

const when = (ms: number): string => formatBeijing(ms, 'M月D日 HH:mm')

/**
 * 职责委托 (secretary): hand the community's duties (approvals, dispatch) to a grid worker or
 * another secretary of the same community for a few days, see every delegation with its state,
 * and revoke one at once (after a confirmation: it cannot be undone).
 */
export default function DelegationPage() {
  const { state, reload } = useWhoami()
  const mine = state.status === 'ready' ? state.data.roles.filter((r) => r.role === 'secretary') : []
  const community = mine[0]?.orgId
  return (
    <PageShell className='dlg' testId='page-delegation'>
      <RoleHeader title='职责委托' subtitle='外出期间把审批、派单交给本社区的网格员或其他书记' state={state} mine={mine} noRoleHint='只有社区书记可以委托职责。' onRetry={reload} />
      {community ? <Delegations communityId={community} /> : null}
    </PageShell>
  )
}

function Delegations({ communityId }: { communityId: string }) {
  const res = useResource(() => loadDelegations(communityId), [communityId])
  usePullDownRefresh(() => {
    void res.reload(true).finally(() => void Taro.stopPullDownRefresh())
  })
  if (res.state.status === 'loading') return <Loading rows={3} text='正在加载委托…' />
  if (res.state.status === 'error') return <ErrorState message={res.state.message} onRetry={() => void res.reload()} />
  const view = res.state.data
  return (
    <View>
      {view.canDelegate ? <NewDelegation view={view} onDone={() => void res.reload(true)} /> : null}
      <DelegationList view={view} onChanged={() => void res.reload(true)} />
    </View>
  )
}

function NewDelegation({ view, onDone }: { view: DelegationsView; onDone: () => void }) {
  const now = useNow()
  const [deputy, setDeputy] = useState('')
  const [span, setSpan] = useState<Span>('1')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const m = useMutation()
  const busy = m.busy === 'delegate'
  // The window of a request that got no definitive answer: the same request retried is sent again as it was
  // (the server binds the idempotency key to the request), not re-timed from the new "now".
  const unanswered = useRef<{ form: string; from: number } | null>(null)
  // 从现在起: a minute early, so a client clock a little ahead of the server's still starts it at once.
  const start = now - 60_000

  if (view.candidates.length === 0) {
    return <Empty title='本社区暂无可委托的工作人员' hint='委托只能交给本社区的网格员或其他书记。' />
  }
  const submit = async (): Promise<void> => {
    if (busy) return
    const local: FieldErrors = {}
    if (!deputy) local.deputy = '请选择代理人'
    if (reason.trim().length < 2) local.reason = '请写明委托原因（至少2个字）'
    setErrors(local)
    if (Object.keys(local).length) return
    const form = JSON.stringify([view.communityId, deputy, span, reason.trim()])
    const from = unanswered.current?.form === form ? unanswered.current.from : start
    const input = { communityId: view.communityId, deputyOpenid: deputy, from, to: from + Number(span) * DAY, reason: reason.trim() }
    const env = await m.run('delegate', input, (key) => delegate(input, key), {
      onDone: (data) => {
        setDeputy('')
        setReason('')
        void Taro.showToast({ title: `已委托给${data.deputyName}`, icon: 'success' })
        onDone()
      },
    })
    if (!env) return
    unanswered.current = env.ok || isDefinitive(env.error) ? null : { form, from }
    if (!env.ok) setErrors(fieldErrors(env.error, { deputyOpenid: 'deputy', reason: 'reason', to: 'span', from: 'span' }))
  }

  return (
    <View className='card dlg-new' data-testid='delegation-new'>
      <Text className='section-title'>新建委托</Text>
      <Field label='代理人' required error={errors.deputy} testId='delegation-deputy' hint='只能选择本社区的网格员或其他书记。'>
        <View className='dlg-people'>
          {view.candidates.map((c) => (
            <View
              key={c.openid}
              className={`dlg-person${deputy === c.openid ? ' dlg-person--on' : ''}`}
              data-testid='delegation-candidate'
              data-openid={c.openid}
              onClick={() => setDeputy(c.openid)}
            >
              <Text className='dlg-person__name'>{c.name}</Text>
              <Text className='dlg-person__role muted'>
                {c.roleLabel} · {c.orgName}
              </Text>
            </View>
          ))}
        </View>
      </Field>
      <Field label='委托时长（从现在起）' required error={errors.span} testId='delegation-span'>
        <FilterChips testId='delegation-spans' options={SPANS.map((s) => ({ key: s.key, label: s.label }))} value={span} onChange={setSpan} />
        <Text className='muted dlg-new__until'>至 {when(start + Number(span) * DAY)}</Text>
      </Field>
      <Field label='委托原因' required error={errors.reason} testId='delegation-reason-field' aside={<Text className='muted'>{reason.length}/{REASON_MAX}</Text>}>
        <AreaInput testId='delegation-reason' value={reason} maxlength={REASON_MAX} placeholder='例如：外出参加培训三天' onChange={setReason} />
      </Field>
      <Button className={`btn btn--primary btn--block btn--big${busy ? ' btn--disabled' : ''}`} data-testid='delegation-submit' disabled={busy || undefined} onClick={() => void submit()}>
        {busy ? '正在提交…' : '确认委托'}
      </Button>
    </View>
  )
}

type ListTab = 'running' | 'ended'

function DelegationList({ view, onChanged }: { view: DelegationsView; onChanged: () => void }) {
  const [tab, setTab] = useState<ListTab>('running')
  const running = view.delegations.filter((d) => d.status === 'active' || d.status === 'scheduled')
  const ended = view.delegations.filter((d) => d.status === 'ended' || d.status === 'revoked')
  const shown = tab === 'running' ? running : ended
  return (
    <View data-testid='delegation-list'>
      <Text className='section-title'>委托记录</Text>
      <FilterChips
        testId='delegation-tabs'
        options={[
          { key: 'running', label: `生效中（${running.length}）` },
          { key: 'ended', label: `已结束（${ended.length}）` },
        ]}
        value={tab}
        onChange={setTab}
      />
      {shown.length === 0 ? (
        <Empty title={tab === 'running' ? '没有生效中的委托' : '没有已结束的委托'} hint={tab === 'running' ? '新建的委托会显示在这里，可随时撤销。' : '到期或撤销的委托会显示在这里。'} />
      ) : (
        shown.map((d) => <DelegationCard key={d.id} d={d} onChanged={onChanged} />)
      )}
    </View>
  )
}

function DelegationCard({ d, onChanged }: { d: DelegationView; onChanged: () => void }) {
  const [confirming, setConfirming] = useState(false)
  const m = useMutation()
  const busy = m.busy === 'revoke'
  const error = m.errorOf('revoke')
  const revoke = async (): Promise<void> => {
    await m.run('revoke', { id: d.id }, (key) => revokeDelegation(d.id, key), {
      done: '委托已撤销',
      quietError: true,
      onDone: () => {
        setConfirming(false)
        onChanged()
      },
    })
  }
  return (
    <View className={`card dlg-card dlg-card--${d.status}`} data-testid='delegation-card' data-status={d.status}>
      <View className='dlg-card__head'>
        <Text className='dlg-card__who'>
          {d.secretaryName} → {d.deputyName}
        </Text>
        <Text className={`dlg-card__state dlg-card__state--${d.status}`} data-testid='delegation-status'>
          {d.statusLabel}
        </Text>
      </View>
      <Text className='dlg-card__line muted'>
        {when(d.from)} 至 {when(d.to)}
      </Text>
      <Text className='dlg-card__line'>原因：{d.reason}</Text>
      {d.revokedAt ? (
        <Text className='dlg-card__line muted'>
          {when(d.revokedAt)} 由{d.revokedByName ?? '管理员'}撤销
        </Text>
      ) : null}
      {error ? <Text className='field__error'>{error}</Text> : null}
      {d.canRevoke && !confirming ? (
        <Button className='btn btn--danger btn--small dlg-card__btn' data-testid='delegation-revoke' onClick={() => setConfirming(true)}>
          撤销委托
        </Button>
      ) : null}
      {d.canRevoke && confirming ? (
        <View className='dlg-confirm' data-testid='delegation-confirm'>
          <Text className='dlg-confirm__text'>撤销后{d.deputyName}将立即失去代理权限，此操作不可恢复。确定撤销吗？</Text>
          <View className='dlg-confirm__actions'>
            <Button className={`btn btn--danger dlg-confirm__btn${busy ? ' btn--disabled' : ''}`} data-testid='delegation-confirm-revoke' disabled={busy || undefined} onClick={() => void revoke()}>
              {busy ? '正在撤销…' : '确认撤销'}
            </Button>
            <Button className='btn btn--ghost dlg-confirm__btn' data-testid='delegation-cancel-revoke' onClick={() => setConfirming(false)}>
              取消
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  )
}
