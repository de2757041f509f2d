import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Canvas, Text, View } from '@tarojs/components'
import { useLargeFont } from '@/hooks/use-large-font'
import { drawChart, hasData, type ChartSpec } from './draw'
import './index.scss'

export type { ChartSeries, ChartSpec } from './draw'

interface ChartProps {
  spec: ChartSpec
  /** Height in CSS px (grows by a fifth in 大字模式). */
  height?: number
  testId: string
  /** Shown instead of an empty chart. */
  emptyText?: string
}

let nextId = 0

/** H5 at a desk: the window can be resized, so charts redraw at the new width (weapp pages never resize). */
function useWindowWidth(): number {
  const [width, setWidth] = useState(() => (process.env.TARO_ENV === 'h5' ? window.innerWidth : 0))
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    const onResize = () => {
      clearTimeout(timer)
      timer = setTimeout(() => setWidth(window.innerWidth), 200)
    }
    window.addEventListener('resize', onResize)
    return () => {
      clearTimeout(timer)
      window.removeEventListener('resize', onResize)
    }
  }, [])
  return width
}

type CanvasNode = {
  getContext(type: '2d'): CanvasRenderingContext2D
  width: number
  height: number
  createImage?: () => unknown
  requestAnimationFrame?: (cb: () => void) => number
  cancelAnimationFrame?: (id: number) => void
}

const pixelRatio = (): number => {
  try {
    return Math.min(3, Math.max(1, Taro.getSystemInfoSync().pixelRatio || 1))
  } catch {
    return 2
  }
}

/**
 * weapp: F2 measures text on an offscreen canvas; Taro's document cannot make one, so hand it
 * WeChat's own (one for all charts). H5: the browser's is used.
 */
let offscreen: unknown
const offscreenCanvas = (): unknown => {
  if (process.env.TARO_ENV !== 'weapp') return undefined
  try {
    offscreen ??= Taro.createOffscreenCanvas({ type: '2d', width: 10, height: 10 })
  } catch {
    offscreen = undefined
  }
  return offscreen
}

/**
 * Axis and legend labels at about ¾ of the page's text: H5 reads the page's font (it grows
 * at a desk and in 大字模式); weapp uses the phone sizes (16 / 20 px text → 11 / 14 px).
 */
const labelSize = (node: CanvasNode, large: boolean): number => {
  if (process.env.TARO_ENV === 'h5') {
    const px = parseFloat(window.getComputedStyle(node as unknown as Element).fontSize)
    if (Number.isFinite(px) && px > 0) return Math.max(11, Math.round(px * 0.72))
  }
  return large ? 14 : 11
}

/** Finds the canvas node and its size once it is on screen (weapp: after setData; H5: once the web component rendered its canvas). */
const locate = (id: string): Promise<{ node: CanvasNode; width: number; height: number } | null> =>
  new Promise((resolve) => {
    try {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .boundingClientRect()
        .select(`#${id}`)
        .node()
        .exec((res: unknown[]) => {
          const rect = res?.[0] as { width?: number; height?: number } | null
          const node = (res?.[1] as { node?: CanvasNode } | null)?.node
          resolve(node && typeof node.getContext === 'function' && rect?.width && rect.height ? { node, width: rect.width, height: rect.height } : null)
        })
    } catch {
      resolve(null) // no canvas query on this platform (e.g. a simulator): the chart shows its note
    }
  })

/**
 * A bar or line chart (AntV F2) in a `<Canvas type="2d">`, for weapp and H5 alike. Draws
 * once the canvas is laid out, again when the data or 大字模式 changes. An empty series
 * shows `emptyText`; a platform that cannot draw shows a note (the numbers are in the table).
 */
export default function Chart({ spec, height = 220, testId, emptyText = '暂无数据' }: ChartProps) {
  const [id] = useState(() => `rg-chart-${++nextId}`)
  const [large] = useLargeFont()
  const [state, setState] = useState<'drawing' | 'drawn' | 'failed'>('drawing')
  const empty = !hasData(spec)
  const key = JSON.stringify(spec)
  const px = Math.round(height * (large ? 1.2 : 1))
  const width = useWindowWidth()

  useEffect(() => {
    if (empty) return undefined
    let cancelled = false
    let chart: { destroy(): void } | null = null
    setState('drawing')
    const attempt = async (tries: number): Promise<void> => {
      const found = await locate(id)
      if (cancelled) return
      if (!found) {
        if (tries < 20) setTimeout(() => void attempt(tries + 1), 50)
        else setState('failed')
        return
      }
      const { node, width: w, height: h } = found
      const ratio = pixelRatio()
      node.width = Math.round(w * ratio)
      node.height = Math.round(h * ratio)
      try {
        chart = await drawChart(
          {
            context: node.getContext('2d'),
            width: w,
            height: h,
            pixelRatio: ratio,
            fontSize: labelSize(node, large),
            offscreenCanvas: offscreenCanvas(),
            createImage: node.createImage ? () => node.createImage!() : undefined,
            requestAnimationFrame: node.requestAnimationFrame ? (cb) => node.requestAnimationFrame!(cb) : undefined,
            cancelAnimationFrame: node.cancelAnimationFrame ? (n) => node.cancelAnimationFrame!(n) : undefined,
          },
          JSON.parse(key) as ChartSpec,
        )
        if (cancelled) chart.destroy()
        else setState('drawn')
      } catch (e) {
        console.warn('[chart] draw failed', e)
        if (!cancelled) setState('failed')
      }
    }
    Taro.nextTick(() => void attempt(0))
    return () => {
      cancelled = true
      chart?.destroy()
    }
  }, [id, key, large, empty, px, width])

  if (empty) {
    return (
      <View className='chart chart--empty' style={{ height: `${px}px` }} data-testid={testId}>
        <Text className='chart__note muted'>{emptyText}</Text>
      </View>
    )
  }
  return (
    <View className={`chart chart--${state}`} style={{ height: `${px}px` }} data-testid={testId} data-state={state}>
      <Canvas type='2d' id={id} className='chart__canvas' style={{ width: '100%', height: `${px}px` }} />
      {state === 'failed' ? <Text className='chart__note chart__note--over muted'>图表暂时无法显示，数字见下方表格</Text> : null}
    </View>
  )
}
