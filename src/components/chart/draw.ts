/**
 * Draws a bar or line chart with AntV F2 (a kept mini-program chart library) into a
 * canvas 2d context — the same code on weapp (`<Canvas type="2d">` node) and H5 (the
 * `<canvas>` inside taro-canvas-core). F2 has its own JSX runtime; it is called
 * explicitly through `createElement` so it never meets React's JSX.
 */
import { Axis, Canvas, Chart, createElement, Interval, Legend, Line, Point } from '@antv/f2'
import { countAxis, PALETTE, type ChartSpec } from './spec'

export type { ChartSeries, ChartSpec } from './spec'
export { hasData } from './spec'

export interface Surface {
  context: CanvasRenderingContext2D
  width: number
  height: number
  pixelRatio: number
  /** Label size in CSS px (follows the page's font: 大字模式, a desk). */
  fontSize: number
  /** Where F2 measures text (weapp: wx.createOffscreenCanvas; H5: undefined, the browser makes one). */
  offscreenCanvas?: unknown
  createImage?: () => unknown
  requestAnimationFrame?: (cb: () => void) => number
  cancelAnimationFrame?: (id: number) => void
}

// F2's element factory is typed for its own JSX namespace; the props below are plain objects.
type Factory = (type: unknown, props: Record<string, unknown> | null, ...children: unknown[]) => unknown
const h = createElement as unknown as Factory

const fmt = (percent: boolean) => (v: number | string) => {
  const n = Number(v)
  if (!Number.isFinite(n)) return String(v)
  return percent ? `${Math.round(n * 100)}%` : Number.isInteger(n) ? String(n) : n.toFixed(1)
}

/** The F2 element tree for a spec (pure: no canvas needed). */
export function chartTree(spec: ChartSpec, fontSize: number): unknown {
  const data = spec.series.flatMap((s) => spec.labels.map((label, i) => ({ x: label, y: s.values[i] ?? null, s: s.name })))
  const colors = spec.series.map((s, i) => s.color ?? PALETTE[i % PALETTE.length])
  const several = spec.series.length > 1
  const label = { fontSize, fill: fontSize >= 14 ? '#111' : '#555' }
  const values = data.map((d) => d.y).filter((v): v is number => v !== null)
  const y = spec.percent
    ? { type: 'linear', min: 0, max: spec.max ?? 1, tickCount: 5, nice: false, formatter: fmt(true) }
    : { type: 'linear', min: 0, ...(spec.max !== undefined ? { max: spec.max, tickCount: 5 } : countAxis(Math.max(0, ...values))), nice: false, formatter: fmt(false) }
  const geometry =
    spec.kind === 'bar'
      ? h(Interval, {
          x: 'x',
          y: 'y',
          color: several ? { field: 's', range: colors } : colors[0],
          adjust: several ? { type: 'dodge', marginRatio: 0.1 } : undefined,
          style: { radius: spec.horizontal ? [0, 3, 3, 0] : [3, 3, 0, 0] },
        })
      : [
          h(Line, { x: 'x', y: 'y', color: several ? { field: 's', range: colors } : colors[0], style: { lineWidth: 2 }, connectNulls: false }),
          h(Point, { x: 'x', y: 'y', color: several ? { field: 's', range: colors } : colors[0], size: 3 }),
        ]
  return h(
    Chart,
    {
      data,
      coord: spec.horizontal ? { transposed: true } : undefined,
      scale: { y, x: { type: 'cat' } },
    },
    h(Axis, { field: 'x', style: { label: { ...label, ...(spec.horizontal ? {} : { align: 'center' }) }, labelOffset: 6 } }),
    h(Axis, { field: 'y', formatter: fmt(!!spec.percent), style: { label, grid: { stroke: '#e6e6e6', lineDash: [2, 2] } } }),
    geometry,
    several ? h(Legend, { position: 'top', style: { justifyContent: 'flex-start' }, itemFormatter: (v: string) => v, nameStyle: { fontSize, fill: '#333' } }) : null,
  )
}

/** Draws `spec` on the surface; returns the F2 canvas (destroy it before drawing again). */
export async function drawChart(surface: Surface, spec: ChartSpec): Promise<{ destroy(): void }> {
  const canvas = new Canvas({
    context: surface.context,
    pixelRatio: surface.pixelRatio,
    width: surface.width,
    height: surface.height,
    animate: false,
    // Sizes in F2's theme are 750-wide design px: half of them are CSS px, on every platform.
    px2hd: (px: number) => px / 2,
    offscreenCanvas: surface.offscreenCanvas,
    createImage: surface.createImage,
    requestAnimationFrame: surface.requestAnimationFrame,
    cancelAnimationFrame: surface.cancelAnimationFrame,
    children: chartTree(spec, surface.fontSize),
  } as unknown as ConstructorParameters<typeof Canvas>[0])
  await canvas.render()
  return canvas
}
