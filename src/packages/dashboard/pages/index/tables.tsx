import { Button, ScrollView, Text, View } from '@tarojs/components'
import { useCsvExport } from '@/hooks/use-csv-export'
import { go } from '@/lib/nav'
import { dashboardCsv, tableOf } from '@domain/scoring/dashboard-view'
import type { DashboardView, HeatRow } from '@/services/scoring'
import { URL_BASE } from './urls'

/** The dashboard's 超时 heat list and its ranked tables (children side by side, departments), with CSV export. */
export function HeatCard({ view }: { view: DashboardView }) {
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

export function TableCard({ view }: { view: DashboardView }) {
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
