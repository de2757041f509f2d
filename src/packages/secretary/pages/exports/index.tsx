import { useRef, useState } from 'react'
import { View, Text, Button } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import RoleHeader from '@/components/role-header'
import FilterChips from '@/components/filter-chips'
import { useVantage } from '@/hooks/use-vantage'
import { useNow } from '@/hooks/use-now'
import { saveFile, savedText } from '@/lib/save-file'
import { csvFile } from '@domain/model/csv'
import { localDate } from '@domain/time/beijing'
import { PERIOD_PRESETS, presetRange, type PeriodPreset } from '@domain/scoring/dashboard-view'
import { exportPage, type ExportKind } from '@/services/reports'
import type { WhoamiRole } from '@/services/org'
import './index.scss'

const EXPORT_ROLES = ['district_admin', 'street_admin', 'secretary']
const KINDS: { key: ExportKind; label: string; hint: string }[] = [
  { key: 'orders', label: '诉求明细', hint: '每件诉求一行：类别、状态、层级、办理人、是否按时、评价与回访结果' },
  { key: 'ratings', label: '评价明细', hint: '每条评价一行：星级、三项分项、标签、留言、是否代办评价' },
  { key: 'visits', label: '回访明细', hint: '每次回访一行：原因、截止时间、结果、方式、是否逾期' },
]

type Run =
  | { status: 'idle' }
  | { status: 'running'; read: number; total: number | null; rows: number }
  | { status: 'failed'; message: string; read: number; total: number | null; rows: number }
  | { status: 'done'; rows: number; note: { ok: boolean; text: string } }

/**
 * 数据导出: orders, ratings or return visits of one's community / street / district for a
 * period, read page by page with a progress bar (a district's year is tens of thousands of
 * rows), then saved as one CSV. A failed page can be retried without starting over.
 */
export default function ExportsPage() {
  const { state, reload, mine, grant, key, options, choose } = useVantage(EXPORT_ROLES)
  return (
    <PageShell className='exports' testId='page-exports'>
      <RoleHeader title='数据导出' subtitle='诉求、评价、回访明细，按辖区和时间导出为表格' state={state} mine={mine} noRoleHint='数据导出只对社区书记、街道和区级管理员开放。' onRetry={reload} />
      {options ? <FilterChips testId='exports-vantage' options={options} value={key} onChange={choose} /> : null}
      {grant ? <Exporter key={key} grant={grant} /> : null}
    </PageShell>
  )
}

function Exporter({ grant }: { grant: WhoamiRole }) {
  const today = localDate(useNow())
  const [kind, setKind] = useState<ExportKind>('orders')
  const [preset, setPreset] = useState<PeriodPreset>('month')
  const [run, setRun] = useState<Run>({ status: 'idle' })
  const job = useRef<{ id: number; cursor?: string; rows: (string | number)[][]; columns: readonly string[]; read: number; total: number | null; label: string } | null>(null)
  const seq = useRef(0)
  const period = presetRange(preset, today)
  const busy = run.status === 'running'

  const pump = async (): Promise<void> => {
    const j = job.current
    if (!j) return
    for (;;) {
      const env = await exportPage({ kind, orgId: grant.orgId, ...period, ...(j.cursor ? { cursor: j.cursor } : {}) })
      if (job.current !== j) return // cancelled or restarted
      if (!env.ok) {
        setRun({ status: 'failed', message: env.error.message, read: j.read, total: j.total, rows: j.rows.length })
        return
      }
      const page = env.data
      if (j.total === null) j.total = page.total
      j.columns = page.columns
      j.label = `${page.orgName}${page.label}_${page.from}_${page.to}`
      j.rows.push(...page.rows)
      j.read += page.read
      j.cursor = page.nextCursor ?? undefined
      if (!page.nextCursor) break
      setRun({ status: 'running', read: j.read, total: j.total, rows: j.rows.length })
    }
    const file = csvFile(`${j.label}.csv`, [j.columns, ...j.rows])
    job.current = null
    const saved = await saveFile({ ...file, encoding: 'utf8' })
    setRun({ status: 'done', rows: j.rows.length, note: saved.ok ? { ok: true, text: savedText({ ...file, encoding: 'utf8' }, saved.how) } : { ok: false, text: saved.message } })
  }

  const start = (): void => {
    if (busy) return
    job.current = { id: ++seq.current, rows: [], columns: [], read: 0, total: null, label: '' }
    setRun({ status: 'running', read: 0, total: null, rows: 0 })
    void pump()
  }
  const resume = (): void => {
    if (!job.current || run.status !== 'failed') return
    setRun({ status: 'running', read: run.read, total: run.total, rows: run.rows })
    void pump()
  }
  const cancel = (): void => {
    job.current = null
    setRun({ status: 'idle' })
  }
  const choose = <T,>(set: (v: T) => void) => (v: T): void => {
    if (busy) return
    job.current = null
    setRun({ status: 'idle' })
    set(v)
  }

  const progress = run.status === 'running' || run.status === 'failed' ? run : null
  const ratio = progress && progress.total ? Math.min(1, progress.read / progress.total) : 0
  return (
    <View>
      <View className='card'>
        <Text className='section-title'>导出什么</Text>
        <FilterChips testId='exports-kind' options={KINDS.map((k) => ({ key: k.key, label: k.label }))} value={kind} onChange={choose(setKind)} />
        <Text className='muted exports__hint'>{KINDS.find((k) => k.key === kind)?.hint}</Text>
        <Text className='section-title'>时间范围（按提交日期）</Text>
        <FilterChips testId='exports-period' options={PERIOD_PRESETS.map((p) => ({ key: p.key, label: p.label }))} value={preset} onChange={choose(setPreset)} />
        <Text className='muted exports__hint' data-testid='exports-range'>
          {grant.orgName} · {period.from} 至 {period.to}
        </Text>
        <Button className={`btn btn--primary btn--block btn--big${busy ? ' btn--disabled' : ''}`} data-testid='exports-start' disabled={busy || undefined} onClick={start}>
          {busy ? '正在导出…' : '开始导出'}
        </Button>
      </View>
      {progress ? (
        <View className='card exports-progress' data-testid='exports-progress'>
          <View className='exports-progress__bar'>
            <View className='exports-progress__fill' style={{ width: `${Math.round(ratio * 100)}%` }} />
          </View>
          <Text className='exports-progress__text'>
            {progress.total === null ? '正在统计条数…' : `已读取 ${progress.read} / ${progress.total} 条（${Math.round(ratio * 100)}%）`}
          </Text>
          {run.status === 'failed' ? (
            <View>
              <Text className='field__error'>导出中断：{run.message}。已读取的部分不会丢失。</Text>
              <View className='exports__actions'>
                <Button className='btn btn--primary exports__btn' data-testid='exports-resume' onClick={resume}>
                  继续导出
                </Button>
                <Button className='btn btn--plain exports__btn' onClick={cancel}>
                  放弃
                </Button>
              </View>
            </View>
          ) : (
            <Button className='btn btn--plain btn--block' data-testid='exports-cancel' onClick={cancel}>
              取消
            </Button>
          )}
        </View>
      ) : null}
      {run.status === 'done' ? (
        <View className={`card exports-done${run.note.ok ? '' : ' exports-done--bad'}`} data-testid='exports-done'>
          <Text className='exports-done__title'>{run.rows === 0 ? '这段时间没有可导出的记录' : `共 ${run.rows} 行`}</Text>
          <Text className='exports-done__text' data-testid='exports-note'>
            {run.note.text}
          </Text>
        </View>
      ) : null}
    </View>
  )
}
