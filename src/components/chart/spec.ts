/** What a chart shows, and the pure decisions about it (no chart library here: unit-testable). */

export interface ChartSeries {
  name: string
  /** One value per label; null = no data (a gap in a line, no bar). */
  values: (number | null)[]
  color?: string
}

export interface ChartSpec {
  kind: 'bar' | 'line'
  labels: string[]
  series: ChartSeries[]
  /** Bars grow to the right, labels on the left (long names such as categories). */
  horizontal?: boolean
  /** Values are rates 0..1 shown as percentages. */
  percent?: boolean
  /** Axis upper bound (e.g. 1 for rates, 5 for stars); default from the data. */
  max?: number
}

export const PALETTE = ['#c8102e', '#1f6feb', '#e8a317', '#2e7d32', '#6a1b9a', '#00838f']

/** Whether a spec has anything to draw: no labels, all nulls, or counts that are all zero make an empty chart (a 0% rate is data). */
export const hasData = (spec: ChartSpec): boolean =>
  spec.labels.length > 0 && spec.series.some((s) => s.values.some((v) => v !== null && (spec.percent || v !== 0)))

/** A round axis top and step for counts (integers only: never "0.8 件"). */
export const countAxis = (top: number): { max: number; tickInterval: number } => {
  if (top <= 5) return { max: Math.max(1, Math.ceil(top)), tickInterval: 1 }
  const raw = top / 4
  const pow = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * pow).find((v) => v >= raw) ?? 10 * pow
  return { max: Math.ceil(top / step) * step, tickInterval: step }
}

