import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, Picker, Text, View } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import FilterChips from '@/components/filter-chips'
import Chart, { type ChartSpec } from '@/components/chart'
import { Empty, ErrorState, Loading } from '@/components/state-view'
import { useWhoami } from '@/hooks/use-whoami'
import { useResource } from '@/hooks/use-resource'
import { go } from '@/lib/nav'
import { roleTitle } from '@/lib/entries'
import {
  percent,
  periodLabel,
  PERIOD_PRESETS,
  presetRange,
  stars,
  type PeriodPreset,
} from '@domain/scoring/dashboard-view'
import { dashboard, type DashboardRow, type DashboardView } from '@/services/scoring'
import type { WhoamiRole } from '@/services/org'
import { evidenceUrl } from '@/lib/report-urls'
import type { EvidenceMetric } from '@/services/reports'
import { HeatCard, TableCard } from './tables'
import './index.scss'

/** Roles whose home leads here, in the order their dashboard is preferred. */
const DASHBOARD_ROLES = ['district_admin', 'street_admin', 'secretary', 'grid_worker', 'department_officer']

type PeriodKey = PeriodPreset | 'custom'
type Period = { key: PeriodKey; from?: string; to?: string }

/**
 * 数据看板 for secretaries (社区: its grids side by side), street admins (街道: its communities)
 * and the district (区: streets and departments): the three rates, smoothed satisfaction,
 * weekly trend, top categories, the 超时 heat list, and the ranked table with CSV export.
 * `?orgId=` opens a node below one's own (tapping a row drills down).
 */
export default function DashboardPage() {
  const router = useRouter()
  const { state, reload } = useWhoami()
  const grants = state.status === 'ready' ? sortGrants(state.data.roles.filter((r) => DASHBOARD_ROLES.includes(r.role))) : []
  const asked = router.params.orgId ? decodeURIComponent(router.params.orgId) : undefined
  const [chosen, setChosen] = useState<string | null>(null)
  const orgId = asked ?? chosen ?? grants[0]?.orgId

  return (
    <PageShell className='dash' testId='page-dashboard'>
      {state.status === 'loading' ? <Loading rows={4} text='正在打开看板…' /> : null}
      {state.status === 'error' ? <ErrorState message={state.message} onRetry={reload} /> : null}
      {state.status === 'ready' && !orgId ? (
        <Empty title='没有可查看的看板' hint='数据看板供社区书记、街道和区委管理员查看本辖区的办理情况。' />
      ) : null}
      {state.status === 'ready' && !asked && grants.length > 1 ? (
        <FilterChips
          testId='dash-scopes'
          options={grants.map((g) => ({ key: g.orgId, label: roleTitle(g) }))}
          value={orgId ?? ''}
          onChange={(k) => setChosen(k)}
        />
      ) : null}
      {state.status === 'ready' && orgId ? <Board key={orgId} orgId={orgId} /> : null}
    </PageShell>
  )
}

const sortGrants = (roles: WhoamiRole[]): WhoamiRole[] =>
  [...roles].sort((a, b) => DASHBOARD_ROLES.indexOf(a.role) - DASHBOARD_ROLES.indexOf(b.role))

function Board({ orgId }: { orgId: string }) {
  const [period, setPeriod] = useState<Period>({ key: 'month' })
  const [today, setToday] = useState<string | null>(null)
  const res = useResource(
    async () => {
      const env = await dashboard({ orgId, ...(period.from ? { from: period.from, to: period.to } : {}) })
      if (env.ok) setToday(env.data.today)
      return env
    },
    [orgId, period.from, period.to],
  )
  const s = res.state
  const view = s.status === 'ready' ? s.data : null

  const [editing, setEditing] = useState(false)
  const pick = (key: PeriodKey) => {
    if (key === 'custom') {
      setEditing(true)
      return
    }
    setEditing(false)
    if (key === 'month' || !today) setPeriod({ key })
    else setPeriod({ key, ...presetRange(key, today) })
  }

  return (
    <View>
      <View className='page-header dash__header'>
        <Text className='page-header__title' data-testid='dash-title'>
          {view ? `${view.org.name}数据看板` : '数据看板'}
        </Text>
        <Text className='page-header__sub muted'>
          {view ? `${periodLabel(view)} · 按提交日期统计${view.childLabel ? ` · 各${view.childLabel}并列比较` : ''}` : '接单率 · 按时办结率 · 满意率'}
        </Text>
      </View>
      <View className='dash-period' data-testid='dash-period'>
        <FilterChips testId='dash-period-chips' options={PERIOD_OPTIONS} value={editing ? 'custom' : period.key} onChange={pick} />
        {editing ? (
          <CustomPeriod
            initial={view ? { from: view.from, to: view.to } : period.from && period.to ? { from: period.from, to: period.to } : null}
            today={today}
            onApply={(from, to) => setPeriod({ key: 'custom', from, to })}
          />
        ) : null}
      </View>
      {s.status === 'loading' ? <Loading rows={5} text='正在统计…' /> : null}
      {s.status === 'error' ? <ErrorState message={s.message} onRetry={() => void res.reload()} /> : null}
      {view ? <Sections view={view} /> : null}
    </View>
  )
}

const PERIOD_OPTIONS: { key: PeriodKey; label: string }[] = [...PERIOD_PRESETS.map((p) => ({ key: p.key as PeriodKey, label: p.label })), { key: 'custom', label: '自选' }]

/** 自选: two date pickers (Beijing days, not after today) and 查看. */
function CustomPeriod({ initial, today, onApply }: { initial: { from: string; to: string } | null; today: string | null; onApply: (from: string, to: string) => void }) {
  const [from, setFrom] = useState(initial?.from ?? '')
  const [to, setTo] = useState(initial?.to ?? '')
  const bad = !!from && !!to && to < from
  const ready = !!from && !!to && !bad
  return (
    <View className='dash-period__custom card' data-testid='dash-custom'>
      <Picker mode='date' value={from || today || ''} end={today ?? undefined} onChange={(e) => setFrom(String(e.detail.value))}>
        <View className='dash-period__field' data-testid='dash-from'>
          <Text className='muted'>开始</Text>
          <Text className='dash-period__day'>{from || '选择日期'}</Text>
        </View>
      </Picker>
      <Text className='dash-period__to'>至</Text>
      <Picker mode='date' value={to || today || ''} end={today ?? undefined} onChange={(e) => setTo(String(e.detail.value))}>
        <View className='dash-period__field' data-testid='dash-to'>
          <Text className='muted'>结束</Text>
          <Text className='dash-period__day'>{to || '选择日期'}</Text>
        </View>
      </Picker>
      <Button className={`btn btn--primary btn--small dash-period__ok${ready ? '' : ' btn--disabled'}`} disabled={!ready || undefined} onClick={() => onApply(from, to)}>
        查看
      </Button>
      {bad ? <Text className='dash-period__bad'>结束日期不能早于开始日期</Text> : null}
    </View>
  )
}

function Sections({ view }: { view: DashboardView }) {
  const childLabel = view.childLabel ?? '下级'
  return (
    <View>
      <Kpis view={view} />
      <View className='dash__grid'>
        {view.rows.length > 0 ? (
          <View className='card dash-card' data-testid='dash-compare'>
            <Text className='section-title'>各{childLabel}三率对比</Text>
            <Chart testId='chart-compare' height={240} spec={compareSpec(view.rows)} emptyText='本期还没有诉求' />
          </View>
        ) : null}
        <View className='card dash-card' data-testid='dash-trend'>
          <Text className='section-title'>每周诉求量</Text>
          <Chart
            testId='chart-trend'
            height={240}
            emptyText='本期还没有诉求'
            spec={{
              kind: 'line',
              labels: view.trend.map((t) => t.label),
              series: [
                { name: '受理', values: view.trend.map((t) => t.count) },
                { name: '办结', values: view.trend.map((t) => t.resolved), color: '#2e7d32' },
              ],
            }}
          />
          <Text className='dash-card__foot muted'>每点为一周（周一至周日），横轴为该周第一天</Text>
        </View>
        <View className='card dash-card' data-testid='dash-categories'>
          <Text className='section-title'>诉求类别 Top{view.categories.length || ''}</Text>
          <Chart
            testId='chart-categories'
            height={Math.max(160, 36 * view.categories.length + 40)}
            emptyText='本期还没有诉求'
            spec={{ kind: 'bar', horizontal: true, labels: view.categories.map((c) => c.name), series: [{ name: '诉求量', values: view.categories.map((c) => c.count), color: '#1f6feb' }] }}
          />
          {view.categories.length > 0 ? (
            <View className='dash-cats'>
              {view.categories.map((c) => (
                <Text key={c.category} className='dash-cats__item'>
                  {c.name} {c.count}件（{percent(c.share)}）
                </Text>
              ))}
            </View>
          ) : null}
        </View>
        <HeatCard view={view} />
        {view.departments.length > 0 ? (
          <View className='card dash-card' data-testid='dash-departments'>
            <Text className='section-title'>职能部门报到</Text>
            <Chart
              testId='chart-departments'
              height={220}
              emptyText='本期还没有诉求转到部门'
              spec={{ kind: 'bar', labels: view.departments.map((d) => shortName(d.name)), series: [{ name: '诉求量', values: view.departments.map((d) => d.count), color: '#e8a317' }] }}
            />
          </View>
        ) : null}
      </View>
      <TableCard view={view} />
    </View>
  )
}

/** "区城管执法局" → "城管执法局" (axis labels are short). */
const shortName = (name: string): string => name.replace(/^区/, '')

const compareSpec = (rows: DashboardRow[]): ChartSpec => ({
  kind: 'bar',
  percent: true,
  max: 1,
  labels: rows.map((r) => r.name.replace(/^.+社区(?=第)/, '').replace(/街道$/, '').replace(/社区$/, '')),
  series: [
    { name: '接单率', values: rows.map((r) => r.acceptRate) },
    { name: '按时办结率', values: rows.map((r) => r.onTimeResolveRate) },
    { name: '满意率', values: rows.map((r) => r.satisfactionRate) },
  ],
})

function Kpis({ view }: { view: DashboardView }) {
  const t = view.totals
  // Each number opens the orders behind it (数据明细): the failures for a rate, since those are what to act on.
  const figs: { key: string; num: string; cap: string; metric?: EvidenceMetric }[] = [
    { key: 'count', num: String(t.count), cap: '诉求量', metric: 'submitted' },
    { key: 'accept', num: percent(t.acceptRate), cap: '接单率', metric: 'acceptMissed' },
    { key: 'ontime', num: percent(t.onTimeResolveRate), cap: '按时办结率', metric: 'late' },
    { key: 'satisfaction', num: percent(t.satisfactionRate), cap: '满意率', metric: 'notSatisfied' },
    { key: 'smoothed', num: stars(t.smoothedSatisfaction), cap: '平滑满意度' },
    { key: 'reopen', num: percent(t.reopenRate), cap: '重办率', metric: 'reopened' },
  ]
  const open = (metric: EvidenceMetric) => go(evidenceUrl({ orgId: view.org.id, metric, from: view.from, to: view.to, name: view.org.name }))
  return (
    <View className='card dash-kpis' data-testid='dash-kpis'>
      {figs.map((f) => (
        <View key={f.key} className={`dash-kpi${f.metric ? ' dash-kpi--link' : ''}`} data-testid={`kpi-${f.key}`} onClick={f.metric ? () => open(f.metric!) : undefined}>
          <Text className='dash-kpi__num'>{f.num}</Text>
          <Text className='dash-kpi__cap muted'>
            {f.cap}
            {f.metric ? ' ›' : ''}
          </Text>
        </View>
      ))}
      <Text className='dash-kpis__note muted'>
        点数字可查看背后的诉求（率值看未达标的那些）。平滑满意度 = 星级均值向全区均值 {view.prior.mean.toFixed(2)} 收缩（权重 {view.prior.weight} 条评价），样本少的不会排到前面
      </Text>
    </View>
  )
}
