import { useState } from 'react'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { View, Text, Button, Input } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import RoleHeader from '@/components/role-header'
import FilterChips from '@/components/filter-chips'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { formatMinutes } from '@/components/volunteer-progress'
import { useWhoami } from '@/hooks/use-whoami'
import { useMutation } from '@/hooks/use-mutation'
import { useResource, type Resource } from '@/hooks/use-resource'
import { formatTime } from '@/lib/format'
import { go } from '@/lib/nav'
import { shortLabel, localClock } from '@domain/time/beijing'
import {
  approve,
  approveRedemption,
  confirmSession,
  redemptions as loadRedemptions,
  registrations as loadRegistrations,
  reject,
  rejectRedemption,
  sessions as loadSessions,
  type SessionView,
} from '@/services/checkins'
// The bordered .text-box inputs (minutes, reasons) without a Field around them.
import '@/components/field/index.scss'
import { DecisionActions, replace, useDecisions } from './decision'
import './index.scss'

type Tab = 'registrations' | 'sessions' | 'redemptions' | 'members'
const TABS: { key: Tab; label: string }[] = [
  { key: 'registrations', label: '报到审核' },
  { key: 'sessions', label: '签到确认' },
  { key: 'redemptions', label: '兑换审批' },
  { key: 'members', label: '全部成员' },
]

const REJECT_REASONS = ['不是本社区居民', '信息填写不完整，请补充后重新提交', '已在其他社区报到']
const REDEMPTION_REASONS = ['本月礼品已发完', '积分记录有误，请联系社区']

/**
 * 志愿者管理 (secretary): 双报到 to approve or reject with a reason, sessions the sweep
 * closed because nobody signed out (confirm the minutes), redemptions to approve, and
 * every member of the community with their state.
 */
export default function VolunteersAdmin() {
  const router = useRouter()
  const { state, reload } = useWhoami()
  const mine = state.status === 'ready' ? state.data.roles.filter((r) => r.role === 'secretary') : []
  const initial = TABS.some((t) => t.key === router.params.tab) ? (router.params.tab as Tab) : 'registrations'
  const [tab, setTab] = useState<Tab>(initial)
  return (
    <PageShell className='vadmin' testId='page-volunteers-admin'>
      <RoleHeader
        title='志愿者管理'
        subtitle='双报到审核 · 签到确认 · 积分兑换'
        state={state}
        mine={mine}
        noRoleHint='只有社区书记可以审核双报到、确认签到和审批兑换。'
        onRetry={reload}
      />
      {mine.length ? (
        <View>
          <View className='vadmin__links'>
            <Text className='vadmin__link' data-testid='link-duty' onClick={() => go('/packages/secretary/pages/duty/index')}>
              驿站值班表 ›
            </Text>
            <Text className='vadmin__link' data-testid='link-report' onClick={() => go('/packages/secretary/pages/volunteers/report/index')}>
              月度报表 ›
            </Text>
          </View>
          <FilterChips options={TABS} value={tab} onChange={setTab} testId='admin-tabs' />
          {tab === 'registrations' ? <Registrations key='pending' status='pending' /> : null}
          {tab === 'members' ? <Registrations key='all' /> : null}
          {tab === 'sessions' ? <Sessions /> : null}
          {tab === 'redemptions' ? <Redemptions /> : null}
        </View>
      ) : null}
    </PageShell>
  )
}

function usePullRefresh<T>(res: Resource<T>): void {
  usePullDownRefresh(() => {
    void res.reload(true).finally(() => void Taro.stopPullDownRefresh())
  })
}

// ── 双报到 ───────────────────────────────────────────────────────────────────

function Registrations({ status }: { status?: 'pending' }) {
  const res = useResource(() => loadRegistrations(status ? { status } : {}), [status])
  usePullRefresh(res)
  // One mutation name per card: its busy state and its error show on that card.
  const d = useMutation()
  const decisions = useDecisions(res, d, { approve, reject }, { approved: '已通过', rejected: '已退回', reasonMissing: '请填写不通过的原因（至少2个字）' })

  if (res.state.status === 'loading') return <Loading rows={3} />
  if (res.state.status === 'error') return <ErrorState message={res.state.message} onRetry={() => void res.reload()} />
  const items = res.state.data
  if (items.length === 0) return <Empty title={status ? '没有待审核的报到申请' : '还没有党员报到'} hint={status ? '新的申请会通过“消息”通知您。' : undefined} />

  const pending = items.filter((r) => r.status === 'pending').length
  return (
    <View data-testid='registrations'>
      {status ? <Text className='vadmin__count'>{pending ? `${pending} 份申请待审核` : '申请都已处理'}</Text> : <Text className='vadmin__count'>共 {items.length} 人</Text>}
      {items.map((r) => (
        <View key={r.id} className={`card vadmin-card vadmin-card--${r.status}`} data-testid='registration' data-id={r.id} data-status={r.status}>
          <View className='vadmin-card__top'>
            <Text className='vadmin-card__name'>{r.name}</Text>
            <Text className={`vadmin-chip vadmin-chip--${r.status}`} data-testid='registration-status'>
              {r.statusLabel}
            </Text>
          </View>
          <Text className='vadmin-card__line'>
            {r.workUnit} · {r.partyBranch}
          </Text>
          {r.phone ? <Text className='vadmin-card__line muted'>手机 {r.phone}</Text> : null}
          {r.skills.length ? <Text className='vadmin-card__line muted'>特长：{r.skills.join('、')}</Text> : null}
          {r.availabilityLabels.length ? <Text className='vadmin-card__line muted'>可服务：{r.availabilityLabels.join('、')}</Text> : null}
          <Text className='vadmin-card__line muted'>
            {r.status === 'pending' ? `提交于 ${formatTime(r.createdAt)}` : r.approvedAt ? `通过于 ${formatTime(r.approvedAt)}` : `更新于 ${formatTime(r.createdAt)}`}
          </Text>
          {r.reason ? <Text className='vadmin-card__reason'>原因：{r.reason}</Text> : null}
          {d.errorOf(r.id) ? <Text className='field__error'>{d.errorOf(r.id)}</Text> : null}
          <DecisionActions
            item={r}
            decisions={decisions}
            busy={d.busy === r.id}
            testId='registration'
            formTestId='reject'
            presets={REJECT_REASONS}
            labels={{ reject: '不通过', confirmReject: '确认不通过', approve: '通过', approveBusy: '正在提交…' }}
          />
        </View>
      ))}
    </View>
  )
}

// ── 签到确认 ────────────────────────────────────────────────────────────────

function Sessions() {
  // Forgotten check-outs and check-ins whose presence was not verified (duty-screen code alone, or the code holder's own).
  const res = useResource(async () => {
    const [closed, unverified] = await Promise.all([loadSessions({ status: 'auto_closed' }), loadSessions({ status: 'unverified' })])
    if (!closed.ok) return closed
    if (!unverified.ok) return unverified
    return { ok: true as const, data: [...unverified.data, ...closed.data].sort((a, b) => b.checkInAt - a.checkInAt) }
  }, [])
  usePullRefresh(res)
  const d = useMutation()
  const [minutes, setMinutes] = useState<Record<string, string>>({})

  if (res.state.status === 'loading') return <Loading rows={3} />
  if (res.state.status === 'error') return <ErrorState message={res.state.message} onRetry={() => void res.reload()} />
  const items = res.state.data
  if (items.length === 0) return <Empty title='没有待确认的签到' hint='志愿者忘记签退，或签到未核验位置（网页版仅凭签到码）时，时长要您确认后才计入。' />

  const confirm = async (s: SessionView, value: number): Promise<void> => {
    await d.run(s.id, { confirm: s.id, minutes: value }, (k) => confirmSession(s.id, value, k), {
      done: value > 0 ? `已计入 ${value} 分钟` : '已确认不计时长',
      onDone: (saved) => replace(res, saved),
    })
  }

  return (
    <View data-testid='sessions'>
      <Text className='vadmin__count'>以下签到待您确认：忘记签退的，或未核验位置的。请核实后确认时长</Text>
      {items.map((s) => {
        const max = s.creditableMinutes ?? 0
        const typed = minutes[s.id] ?? String(max)
        const value = Math.max(0, Math.min(max, Math.floor(Number(typed) || 0)))
        return (
          <View key={s.id} className={`card vadmin-card vadmin-card--${s.status}`} data-testid='session' data-id={s.id}>
            <View className='vadmin-card__top'>
              <Text className='vadmin-card__name'>{s.name}</Text>
              <Text className={`vadmin-chip vadmin-chip--${s.status}`}>{s.statusLabel}</Text>
            </View>
            <Text className='vadmin-card__line'>{s.stationName}</Text>
            <Text className='vadmin-card__line muted'>
              {shortLabel(s.checkInAt)} 签到{s.checkOutAt ? `，${localClock(s.checkOutAt)} ${s.autoClosed ? '系统结束' : '签退'}` : ''}
            </Text>
            {s.flags.map((f) => (
              <Text key={f.code} className='vadmin-card__flag' data-testid='session-flag'>
                {f.label}
              </Text>
            ))}
            <Text className='vadmin-card__line muted'>
              {s.shift ? `报名班次 ${s.shift.label}，` : '未报名班次，'}最多可计 {formatMinutes(max)}
            </Text>
            {s.can.confirm ? (
              <View className='vadmin-minutes'>
                <Text className='vadmin-minutes__label'>计入</Text>
                <Input
                  className='text-box text-box--line vadmin-minutes__input'
                  data-testid='session-minutes'
                  type='number'
                  maxlength={4}
                  value={typed}
                  onInput={(e) => setMinutes((m) => ({ ...m, [s.id]: e.detail.value }))}
                />
                <Text className='vadmin-minutes__label'>分钟</Text>
              </View>
            ) : (
              <Text className='vadmin-card__done'>
                {s.status === 'confirmed' ? (s.credited ? `已计入 ${formatMinutes(s.creditedMinutes)}，${s.points} 积分` : '已确认，不计时长') : '本人的签到由其他负责人确认'}
              </Text>
            )}
            {d.errorOf(s.id) ? <Text className='field__error'>{d.errorOf(s.id)}</Text> : null}
            {s.can.confirm ? (
              <View className='vadmin-card__actions'>
                <Button className='btn btn--ghost vadmin-card__btn' data-testid='session-zero' onClick={() => void confirm(s, 0)}>
                  不计时长
                </Button>
                <Button
                  className={`btn btn--primary vadmin-card__btn${d.busy === s.id ? ' btn--disabled' : ''}`}
                  data-testid='session-confirm'
                  disabled={d.busy === s.id || undefined}
                  onClick={() => void confirm(s, value)}
                >
                  确认计入 {value} 分钟
                </Button>
              </View>
            ) : null}
          </View>
        )
      })}
    </View>
  )
}

// ── 兑换审批 ────────────────────────────────────────────────────────────────

function Redemptions() {
  const res = useResource(() => loadRedemptions({ status: 'pending' }), [])
  usePullRefresh(res)
  const d = useMutation()
  const decisions = useDecisions(res, d, { approve: approveRedemption, reject: rejectRedemption }, { approved: '已同意兑换', rejected: '已退回，积分已退还', reasonMissing: '请填写原因（至少2个字）' })

  if (res.state.status === 'loading') return <Loading rows={3} />
  if (res.state.status === 'error') return <ErrorState message={res.state.message} onRetry={() => void res.reload()} />
  const items = res.state.data
    if (items.length === 0) return <Empty title='没有待审批的兑换' />

  return (
    <View data-testid='redemptions'>
      <Text className='vadmin__count'>同意后库存减少一份；不同意时积分自动退回</Text>
      {items.map((r) => (
        <View key={r.id} className={`card vadmin-card vadmin-card--${r.status}`} data-testid='redemption' data-id={r.id}>
          <View className='vadmin-card__top'>
            <Text className='vadmin-card__name'>{r.name}</Text>
            <Text className={`vadmin-chip vadmin-chip--${r.status}`}>{r.statusLabel}</Text>
          </View>
          <Text className='vadmin-card__line'>
            兑换 {r.rewardName} · {r.cost} 积分
          </Text>
          <Text className='vadmin-card__line muted'>申请于 {formatTime(r.requestedAt)}</Text>
          {r.reason ? <Text className='vadmin-card__reason'>原因：{r.reason}</Text> : null}
          {d.errorOf(r.id) ? <Text className='field__error'>{d.errorOf(r.id)}</Text> : null}
          <DecisionActions
            item={r}
            decisions={decisions}
            busy={d.busy === r.id}
            testId='redemption'
            formTestId='redemption-reject'
            presets={REDEMPTION_REASONS}
            labels={{ reject: '不同意', confirmReject: '确认不同意', approve: '同意兑换' }}
          />
        </View>
      ))}
    </View>
  )
}
