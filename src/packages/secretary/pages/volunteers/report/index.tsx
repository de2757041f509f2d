import { useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import RoleHeader from '@/components/role-header'
import VolunteerPager from '@/components/volunteer-pager'
import { Loading, ErrorState, Empty } from '@/components/state-view'
import { useWhoami } from '@/hooks/use-whoami'
import { useResource } from '@/hooks/use-resource'
import { useNow } from '@/hooks/use-now'
import { localMonth } from '@domain/time/beijing'
import { monthlyReport, monthlyReportCsv, type MonthlyReportView } from '@/services/checkins'
import { useCsvExport } from '@/hooks/use-csv-export'
import './index.scss'

/** 'YYYY-MM' shifted by `n` months. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number)
  const i = y * 12 + (m - 1) + n
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`
}

const monthWords = (month: string): string => {
  const [y, m] = month.split('-')
  return `${y}年${Number(m)}月`
}

/**
 * 双报到月度报表 (secretary): each work unit's members and their services this month
 * against the target (每月至少2次), for the units' party branches; exported as CSV.
 */
export default function ReportPage() {
  const { state, reload } = useWhoami()
  const mine = state.status === 'ready' ? state.data.roles.filter((r) => r.role === 'secretary') : []
  return (
    <PageShell className='vreport' testId='page-report'>
      <RoleHeader title='双报到月度报表' subtitle='按工作单位统计党员到社区服务情况' state={state} mine={mine} noRoleHint='只有社区书记可以查看本社区的报表。' onRetry={reload} />
      {mine.length ? <Report /> : null}
    </PageShell>
  )
}

function Report() {
  const now = useNow()
  const current = localMonth(now)
  const [back, setBack] = useState(0)
  const month = addMonths(current, -back)
  const res = useResource(() => monthlyReport(month), [month])
  const { exporting, note: exportNote, fallback, run, copy } = useCsvExport()
  const doExport = () =>
    run(async () => {
      const env = await monthlyReportCsv(month)
      return env.ok ? { ok: true, file: env.data } : { ok: false, message: env.error.message }
    })

  return (
    <View>
      <VolunteerPager
        testId='report-month'
        prev='上月'
        next='下月'
        label={`${monthWords(month)}${back === 0 ? '（本月）' : ''}`}
        onPrev={() => setBack((b) => b + 1)}
        onNext={() => setBack((b) => Math.max(0, b - 1))}
        nextDisabled={back === 0}
      />
      {res.state.status === 'loading' ? <Loading rows={4} text='正在统计…' /> : null}
      {res.state.status === 'error' ? <ErrorState message={res.state.message} onRetry={() => void res.reload()} /> : null}
      {res.state.status === 'ready' ? (
        <View>
          <Totals report={res.state.data} />
          <Button
            className={`btn btn--primary btn--block btn--big${exporting ? ' btn--disabled' : ''}`}
            data-testid='report-export'
            disabled={exporting || undefined}
            onClick={() => void doExport()}
          >
            {exporting ? '正在生成表格…' : process.env.TARO_ENV === 'weapp' ? '导出表格，发送到微信' : '导出表格（CSV，Excel可打开）'}
          </Button>
          {exportNote ? (
            <Text className={`vreport__note${exportNote.ok ? '' : ' vreport__note--bad'}`} data-testid='report-export-note'>
              {exportNote.text}
            </Text>
          ) : null}
          {fallback ? (
            <View className='card vreport-copy' data-testid='report-copy'>
              <Button className='btn btn--plain btn--block' onClick={() => void copy()}>
                复制表格内容
              </Button>
              <Text className='vreport-copy__text' userSelect>
                {fallback.content.replace(/^\uFEFF/, '')}
              </Text>
            </View>
          ) : null}
          <Units report={res.state.data} />
        </View>
      ) : null}
    </View>
  )
}

function Totals({ report }: { report: MonthlyReportView }) {
  const t = report.totals
  return (
    <View className='card vreport-sum' data-testid='report-totals'>
      <Text className='vreport-sum__title'>
        {report.communityName} · {monthWords(report.month)}
      </Text>
      <View className='vreport-sum__figs'>
        <Fig num={t.members} cap='报到党员' />
        <Fig num={`${t.met}`} cap={`达标（≥${report.target}次）`} />
        <Fig num={t.services} cap='服务次数' />
        <Fig num={t.hours} cap='服务小时' />
      </View>
      {t.members > t.met ? <Text className='vreport-sum__warn'>{t.members - t.met} 人本月还没有达到 {report.target} 次</Text> : <Text className='vreport-sum__ok'>本月全部达标</Text>}
    </View>
  )
}

function Fig({ num, cap }: { num: number | string; cap: string }) {
  return (
    <View className='vreport-fig'>
      <Text className='vreport-fig__num'>{num}</Text>
      <Text className='vreport-fig__cap muted'>{cap}</Text>
    </View>
  )
}

function Units({ report }: { report: MonthlyReportView }) {
  if (report.units.length === 0) return <Empty title='这个月还没有报到党员' />
  return (
    <View data-testid='report-units'>
      {report.units.map((u) => (
        <View key={u.workUnit} className='card vreport-unit' data-testid='report-unit'>
          <Text className='vreport-unit__name'>{u.workUnit}</Text>
          <Text className='vreport-unit__meta muted'>
            {u.totals.members} 人 · 达标 {u.totals.met} 人 · 服务 {u.totals.services} 次 · {u.totals.hours} 小时
          </Text>
          {u.members.map((m) => (
            <View key={`${m.name}:${m.partyBranch}`} className='vreport-row' data-testid='report-member'>
              <View className='vreport-row__who'>
                <Text className='vreport-row__name'>
                  {m.name}
                  {m.status !== 'active' ? <Text className='vreport-row__state'>（{m.status === 'suspended' ? '已暂停' : m.status === 'moved' ? '已迁出' : '非在册'}）</Text> : null}
                </Text>
                <Text className='vreport-row__branch muted'>{m.partyBranch}</Text>
              </View>
              <View className='vreport-row__fig'>
                <Text className={`vreport-row__services${m.met ? ' vreport-row__services--met' : ''}`}>
                  {m.services}/{report.target}次
                </Text>
                <Text className='vreport-row__hours muted'>
                  {m.hours}小时 · {m.points}分
                </Text>
              </View>
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
