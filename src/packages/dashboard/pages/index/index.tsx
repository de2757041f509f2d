import { useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Button, Picker, ScrollView, Text, View } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import FilterChips from '@/components/filter-chips'
import Chart, { type ChartSpec } from '@/components/chart'
import { Empty, ErrorState, Loading } from '@/components/state-view'
import { useWhoami } from '@/hooks/use-whoami'
import { useResource } from '@/hooks/use-resource'
import { go } from '@/lib/nav'
import { roleTitle } from '@/lib/entries'
import { useCsvExport } from '@/hooks/use-csv-export'
import {
  dashboardCsv,
  percent,
  periodLabel,
  PERIOD_PRESETS,
  presetRange,
  stars,
  tableOf,
  type PeriodPreset,
} from '@domain/scoring/dashboard-view'
import { dashboard, type DashboardRow, type DashboardView, type HeatRow } from '@/services/scoring'
import type { WhoamiRole } from '@/services/org'
import { evidenceUrl } from '@/lib/report-urls'
import type { EvidenceMetric } from '@/services/reports'
import './index.scss'

/** Roles whose home leads here, in the order their dashboard is preferred. */
const DASHBOARD_ROLES = ['district_admin', 'street_admin', 'secretary', 'grid_worker', 'department_officer']

const URL_BASE = '/packages/dashboard/pages/index/index'

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

function HeatCard({ view }: { view: DashboardView }) {
  const rows = view.overdue.rows
  const most = Math.max(1, ...rows.map((r) => r.overdue))
  return (
    <View className='card dash-card' data-testid='dash-heat'>
      <Text className='section-title'>超时热力 · 现在</Text>
      {rows.length === 0 ? (
        <Text className='dash-heat__none' data-testid='dash-heat-none'>
          目前没有超过对居民承诺时限的诉求
        </Text>
      ) : (
        <View>
          <Text className='dash-heat__sum muted'>
            共 {view.overdue.total}
            {view.overdue.capped ? '+' : ''} 件未办结的诉求已超过承诺时限
          </Text>
          {rows.map((r) => (
            <HeatLine key={r.orgId} row={r} most={most} />
          ))}
        </View>
      )}
    </View>
  )
}

function HeatLine({ row, most }: { row: HeatRow; most: number }) {
  const ratio = row.overdue / most
  return (
    <View className='dash-heat__row' data-testid='dash-heat-row'>
      <View className='dash-heat__name'>
        <Text className='dash-heat__org'>{row.name}</Text>
        {row.parentName ? <Text className='dash-heat__parent muted'>{row.parentName}</Text> : null}
      </View>
      <View className='dash-heat__bar'>
        <View className='dash-heat__fill' style={{ width: `${Math.max(8, Math.round(ratio * 100))}%`, opacity: 0.35 + 0.65 * ratio }} />
      </View>
      <Text className='dash-heat__num'>{row.overdue}件</Text>
      <Text className='dash-heat__worst muted'>最久超{row.worstHours >= 48 ? `${Math.floor(row.worstHours / 24)}天` : `${row.worstHours}小时`}</Text>
    </View>
  )
}

function TableCard({ view }: { view: DashboardView }) {
  const table = tableOf(view.rows, view.totals, view.org.name)
  const deps = view.departments.length > 0 ? tableOf(view.departments, view.totals, view.org.name) : null
  const { exporting, note, fallback, run, copy } = useCsvExport()
  const drill = view.org.type !== 'grid'

  const doExport = () => run(async () => ({ ok: true, file: dashboardCsv(view) }))

  return (
    <View className='card dash-table-card' data-testid='dash-table-card'>
      <Text className='section-title'>{view.childLabel ? `各${view.childLabel}排名（按平滑满意度）` : '本级数据'}</Text>
      <Text className='dash-table__hint muted'>表格可左右滑动{drill ? '；点名称查看下级看板' : ''}</Text>
      <Table table={table} drill={drill ? (id) => go(`${URL_BASE}?orgId=${encodeURIComponent(id)}`) : undefined} testId='dash-table' />
      {deps ? (
        <View>
          <Text className='section-title dash-table-card__sub'>职能部门（按平滑满意度）</Text>
          <Table table={{ ...deps, total: [] }} testId='dash-dep-table' />
        </View>
      ) : null}
      <Button
        className={`btn btn--primary btn--block dash-export${exporting ? ' btn--disabled' : ''}`}
        data-testid='dash-export'
        disabled={exporting || undefined}
        onClick={() => void doExport()}
      >
        {exporting ? '正在生成表格…' : process.env.TARO_ENV === 'weapp' ? '导出 CSV，发送到微信' : '导出 CSV（Excel 可打开）'}
      </Button>
      {note ? (
        <Text className={`dash-export__note${note.ok ? '' : ' dash-export__note--bad'}`} data-testid='dash-export-note'>
          {note.text}
        </Text>
      ) : null}
      {fallback ? (
        <View className='dash-copy' data-testid='dash-copy'>
          <Button className='btn btn--plain btn--block' onClick={() => void copy()}>
            复制表格内容
          </Button>
          <Text className='dash-copy__text' userSelect>
            {fallback.content.replace(/^\uFEFF/, '')}
          </Text>
        </View>
      ) : null}
    </View>
  )
}

function Table({ table, drill, testId }: { table: ReturnType<typeof tableOf>; drill?: (orgId: string) => void; testId: string }) {
  return (
    <ScrollView scrollX className='dash-table__scroll'>
      <View className='dash-table' data-testid={testId}>
        <View className='dash-table__tr dash-table__tr--head'>
          {table.header.map((h, i) => (
            <Text key={h} className={`dash-table__td dash-table__td--${i}`}>
              {h}
            </Text>
          ))}
        </View>
        {table.rows.map((r) => (
          <View
            key={r.orgId}
            className={`dash-table__tr${drill ? ' dash-table__tr--link' : ''}`}
            hoverClass={drill ? 'dash-table__tr--pressed' : 'none'}
            data-testid='dash-row'
            onClick={drill ? () => drill(r.orgId) : undefined}
          >
            {r.cells.map((c, i) => (
              <Text key={i} className={`dash-table__td dash-table__td--${i}`}>
                {c}
              </Text>
            ))}
          </View>
        ))}
        {table.total.length > 0 ? (
          <View className='dash-table__tr dash-table__tr--total' data-testid='dash-total'>
            {table.total.map((c, i) => (
              <Text key={i} className={`dash-table__td dash-table__td--${i}`}>
                {c}
              </Text>
            ))}
          </View>
        ) : null}
      </View>
    </ScrollView>
  )
}
