import { weappHarness, type RenderedPage } from './harness'
import { ok, fail, routes } from './fixtures'
import { SECRETARY_WH } from './checkins-fixtures'
import type { DashboardRow, DashboardView } from '../../domain/scoring/dashboard-view'
import type { ScoresView } from '../../domain/scoring/scores'

const h = weappHarness()
let page: RenderedPage

/** What the fake canvas 2d context was asked to write (F2 draws axis labels and legends with fillText). */
let drawnText: string[] = []
/** Files written through the FS manager, and files shared to a chat. */
let written: { filePath: string; data: string }[] = []
let shared: { filePath: string; fileName: string }[] = []

type Wx = Record<string, unknown>
const wx = (): Wx => (globalThis as unknown as { wx: Wx }).wx

/**
 * A canvas 2d context that records text and accepts every other call: enough for F2 to lay
 * out and draw a chart in the simulator, which has neither canvas nor SelectorQuery.node().
 */
const fakeContext = (canvas: object) => {
  const state: Record<string | symbol, unknown> = { canvas }
  return new Proxy(state, {
    get(target, key) {
      if (key in target) return target[key]
      if (key === 'measureText') return (s: string) => ({ width: String(s).length * 7, actualBoundingBoxAscent: 8, actualBoundingBoxDescent: 2 })
      if (key === 'fillText') return (s: string) => void drawnText.push(String(s))
      if (key === 'createLinearGradient' || key === 'createRadialGradient' || key === 'createPattern') return () => ({ addColorStop: () => undefined })
      if (key === 'getLineDash') return () => []
      if (key === 'getImageData') return (_x: number, _y: number, w: number, ht: number) => ({ data: new Uint8ClampedArray(Math.max(1, w * ht * 4)), width: w, height: ht })
      if (key === 'getTransform') return () => ({ a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 })
      if (key === 'isPointInPath' || key === 'isPointInStroke') return () => false
      return typeof key === 'string' ? () => undefined : undefined
    },
    set(target, key, value) {
      target[key] = value
      return true
    },
  })
}

const installCanvas = () => {
  const node: Record<string, unknown> = { width: 0, height: 0 }
  const context = fakeContext(node)
  node.getContext = () => context
  node.createImage = () => ({})
  node.requestAnimationFrame = (cb: () => void) => setTimeout(cb, 0) as unknown as number
  node.cancelAnimationFrame = (id: number) => clearTimeout(id)
  const query = {
    in: () => query,
    select: () => query,
    boundingClientRect: () => query,
    node: () => query,
    fields: () => query,
    exec: (cb: (res: unknown[]) => void) => setTimeout(() => cb([{ width: 360, height: 240 }, { node }]), 0),
  }
  wx().createSelectorQuery = () => query
  wx().createOffscreenCanvas = () => {
    const off: Record<string, unknown> = { width: 10, height: 10 }
    const offContext = fakeContext(off)
    off.getContext = () => offContext
    return off
  }
}

beforeAll(() => {
  wx().getFileSystemManager = () => ({
    writeFile: (o: { filePath: string; data: string; success: () => void }) => {
      written.push({ filePath: o.filePath, data: o.data })
      o.success()
    },
  })
  wx().shareFileMessage = (o: { filePath: string; fileName: string; success?: (r: unknown) => void }) => {
    shared.push({ filePath: o.filePath, fileName: o.fileName })
    o.success?.({ errMsg: 'shareFileMessage:ok' })
    return Promise.resolve({ errMsg: 'shareFileMessage:ok' })
  }
})

beforeEach(() => {
  drawnText = []
  written = []
  shared = []
  installCanvas()
})

const DASH = 'packages/dashboard/pages/index/index'
const texts = (p: RenderedPage, cls: string) => p.findAll(cls).map((c) => (c.dom?.textContent ?? '').replace(/\s+/g, ' ').trim())
const calls = (action: string) => h.cloudCalls.filter((c) => c.name === 'scoring' && c.data.action === action).map((c) => c.data.payload)

const scores = (orgId: string, over: Partial<ScoresView> = {}): ScoresView => ({
  orgId,
  from: '2026-03-01',
  to: '2026-03-05',
  count: 0,
  acceptRate: null,
  replyRate: null,
  onTimeResolveRate: null,
  satisfactionRate: null,
  reopenRate: null,
  gridShare: null,
  rated: 0,
  meanStars: null,
  smoothedSatisfaction: null,
  medianResolveMinutes: null,
  p90ResolveMinutes: null,
  ...over,
})
const row = (rank: number, orgId: string, name: string, over: Partial<ScoresView>): DashboardRow => ({ ...scores(orgId, over), name, type: 'grid', rank })

const VIEW: DashboardView = {
  org: { id: 'c-wh', name: '文汇社区', type: 'community' },
  from: '2026-03-01',
  to: '2026-03-05',
  today: '2026-03-05',
  prior: { mean: 4, weight: 10 },
  totals: scores('c-wh', { count: 6, acceptRate: 0.8, onTimeResolveRate: 1, satisfactionRate: 0.8, reopenRate: 0.2, rated: 5, meanStars: 4.2, smoothedSatisfaction: 4.067 }),
  childLabel: '网格',
  rows: [
    row(1, 'g-wh-2', '文汇社区第二网格', { count: 2, acceptRate: 0.5, onTimeResolveRate: 1, satisfactionRate: 1, rated: 1, smoothedSatisfaction: 4.091, reopenRate: 0 }),
    row(2, 'g-wh-1', '文汇社区第一网格', { count: 4, acceptRate: 1, onTimeResolveRate: 1, satisfactionRate: 0.75, rated: 4, smoothedSatisfaction: 4, reopenRate: 0.25 }),
    row(3, 'g-wh-3', '文汇社区第三网格', {}),
  ],
  departments: [],
  trend: [
    { from: '2026-03-01', to: '2026-03-01', label: '3/1', count: 0, resolved: 0, rated: 0, satisfactionRate: null, onTimeResolveRate: null },
    { from: '2026-03-02', to: '2026-03-05', label: '3/2', count: 6, resolved: 5, rated: 5, satisfactionRate: 0.8, onTimeResolveRate: 1 },
  ],
  categories: [
    { category: 'repair', name: '维修报修', count: 2, share: 0.3333 },
    { category: 'dispute', name: '矛盾纠纷', count: 1, share: 0.1667 },
  ],
  overdue: {
    total: 2,
    capped: false,
    rows: [
      { orgId: 'g-wh-1', name: '文汇社区第一网格', parentName: null, overdue: 1, worstHours: 50 },
      { orgId: 'g-wh-2', name: '文汇社区第二网格', parentName: null, overdue: 1, worstHours: 3 },
    ],
  },
}

const EMPTY_FEB: DashboardView = {
  ...VIEW,
  from: '2026-02-01',
  to: '2026-02-28',
  totals: scores('c-wh', { from: '2026-02-01', to: '2026-02-28' }),
  rows: VIEW.rows.map((r) => ({ ...scores(r.orgId, { from: '2026-02-01', to: '2026-02-28' }), name: r.name, type: r.type, rank: r.rank })),
  trend: ['2/1', '2/2', '2/9', '2/16', '2/23'].map((label) => ({ from: '', to: '', label, count: 0, resolved: 0, rated: 0, satisfactionRate: null, onTimeResolveRate: null })),
  categories: [],
  overdue: { total: 0, capped: false, rows: [] },
}

describe('数据看板 (packages/dashboard/pages/index/index)', () => {
  test('the secretary’s community: figures, charts drawn, grids ranked by smoothed satisfaction with 合计, 超时 heat list', async () => {
    h.setCloud(routes({ 'org.whoami': ok(SECRETARY_WH), 'scoring.dashboard': ok(VIEW) }))
    page = await h.render(DASH)
    await page.waitForText('文汇社区数据看板')
    expect(calls('dashboard')).toEqual([{ orgId: 'c-wh' }])
    expect(page.text()).toContain('2026-03-01 至 2026-03-05')
    expect(texts(page, 'dash-kpi')).toEqual(['6诉求量 ›', '80.0%接单率 ›', '100.0%按时办结率 ›', '80.0%满意率 ›', '4.07平滑满意度', '20.0%重办率 ›'])

    expect(texts(page, 'dash-table__tr--head')).toEqual(['排名名称诉求量接单率按时办结率满意率平滑满意度重办率'])
    expect(texts(page, 'dash-table__td--1')).toEqual(['名称', '文汇社区第二网格', '文汇社区第一网格', '文汇社区第三网格', '文汇社区'])
    expect(texts(page, 'dash-table__td--6')).toEqual(['平滑满意度', '4.09', '4.00', '—', '4.07'])
    expect(texts(page, 'dash-table__tr--total')[0]).toContain('合计')

    expect(texts(page, 'dash-heat__org')).toEqual(['文汇社区第一网格', '文汇社区第二网格'])
    expect(texts(page, 'dash-heat__worst')).toEqual(['最久超2天', '最久超3小时'])
    expect(page.text()).toContain('维修报修 2件（33.3%）')

    // The three charts are drawn through F2 into the canvas node: axis labels and legends reach fillText.
    await page.waitFor(() => page!.findAll('chart--drawn').length === 3, 'three charts drawn')
    expect(drawnText).toEqual(expect.arrayContaining(['第二网格', '第一网格', '接单率', '满意率', '3/2', '受理', '办结', '维修报修', '100%']))
  })

  test('上月 asks for last month’s days; an empty month says so instead of empty charts', async () => {
    h.setCloud(routes({ 'org.whoami': ok(SECRETARY_WH), 'scoring.dashboard': (p: { from?: string }) => ok(p.from ? EMPTY_FEB : VIEW) }))
    page = await h.render(DASH)
    await page.waitForText('文汇社区数据看板')
    const lastMonth = page.findAll('filter-chips__chip').find((c) => (c.dom?.textContent ?? '').trim() === '上月')
    lastMonth!.dispatchEvent('tap')
    await page.waitForText('2026-02-01 至 2026-02-28')
    expect(calls('dashboard')).toEqual([{ orgId: 'c-wh' }, { orgId: 'c-wh', from: '2026-02-01', to: '2026-02-28' }])
    expect(page.findAll('chart--empty').length).toBe(3)
    expect(page.text()).toContain('本期还没有诉求')
    expect(page.text()).toContain('目前没有超过对居民承诺时限的诉求')
    expect(texts(page, 'dash-kpi__num')).toEqual(['0', '—', '—', '—', '—', '—'])
  })

  test('自选 opens two date fields filled with the shown period; 查看 asks for exactly those days', async () => {
    h.setCloud(routes({ 'org.whoami': ok(SECRETARY_WH), 'scoring.dashboard': ok(VIEW) }))
    page = await h.render(DASH)
    await page.waitForText('文汇社区数据看板')
    page.findAll('filter-chips__chip').find((c) => (c.dom?.textContent ?? '').trim() === '自选')!.dispatchEvent('tap')
    await page.waitFor(() => page!.find('dash-period__custom') !== undefined, 'the custom period fields')
    expect(texts(page, 'dash-period__day')).toEqual(['2026-03-01', '2026-03-05'])
    await page.tap('dash-period__ok')
    await page.waitFor(() => calls('dashboard').length === 2, 'the second dashboard call')
    expect(calls('dashboard')[1]).toEqual({ orgId: 'c-wh', from: '2026-03-01', to: '2026-03-05' })
  })

  test('an error shows 重试, which loads again', async () => {
    let failing = true
    h.setCloud(routes({ 'org.whoami': ok(SECRETARY_WH), 'scoring.dashboard': () => (failing ? fail('INTERNAL', '服务暂时不可用，请稍后再试') : ok(VIEW)) }))
    page = await h.render(DASH)
    await page.waitForText('服务暂时不可用，请稍后再试')
    failing = false
    await page.tap('state__retry')
    await page.waitForText('文汇社区数据看板')
    expect(calls('dashboard')).toHaveLength(2)
  })

  test('a figure opens the orders behind it: 满意率 → the not-satisfied ones for the same node and days', async () => {
    h.setCloud(routes({ 'org.whoami': ok(SECRETARY_WH), 'scoring.dashboard': ok(VIEW) }))
    page = await h.render(DASH)
    await page.waitForText('文汇社区第一网格')
    page.findAll('dash-kpi--link')[3].dispatchEvent('tap')
    await new Promise((r) => setTimeout(r, 0))
    const [[how, url]] = h.navigations
    expect(how).toBe('navigateTo')
    const [path, query] = url.split('?')
    expect(path).toBe('/packages/secretary/pages/evidence/index')
    expect(Object.fromEntries(new URLSearchParams(query))).toEqual({ orgId: VIEW.org.id, metric: 'notSatisfied', from: VIEW.from, to: VIEW.to, name: VIEW.org.name })
  })

  test('a row opens that grid’s dashboard; ?orgId= is what the page asks for', async () => {
    h.setCloud(routes({ 'org.whoami': ok(SECRETARY_WH), 'scoring.dashboard': ok(VIEW) }))
    page = await h.render(DASH)
    await page.waitForText('文汇社区第一网格')
    page.findAll('dash-table__tr--link')[1].dispatchEvent('tap')
    await new Promise((r) => setTimeout(r, 0))
    expect(h.navigations).toEqual([['navigateTo', '/packages/dashboard/pages/index/index?orgId=g-wh-1']])
    page.unmount()
    h.cloudCalls.length = 0
    page = await h.render(DASH, { orgId: 'g-wh-1' })
    await page.waitFor(() => calls('dashboard').length === 1, 'the dashboard call')
    expect(calls('dashboard')).toEqual([{ orgId: 'g-wh-1' }])
  })

  test('导出 CSV on weapp: the table written to a file and sent to a chat, the same cells as on screen', async () => {
    h.setCloud(routes({ 'org.whoami': ok(SECRETARY_WH), 'scoring.dashboard': ok(VIEW) }))
    page = await h.render(DASH)
    await page.waitForText('导出 CSV，发送到微信')
    await page.tap('dash-export')
    await page.waitForText('已发送“文汇社区-看板-2026-03-01至2026-03-05.csv”')
    expect(shared).toEqual([{ filePath: '/usr/文汇社区-看板-2026-03-01至2026-03-05.csv', fileName: '文汇社区-看板-2026-03-01至2026-03-05.csv' }])
    const csv = written[0].data
    expect(csv.startsWith('\uFEFF"排名","名称","诉求量","接单率","按时办结率","满意率","平滑满意度","重办率"\r\n')).toBe(true)
    expect(csv).toContain('"1","文汇社区第二网格","2","50.0%","100.0%","100.0%","4.09","0.0%"')
    expect(csv).toContain('"合计","文汇社区","6","80.0%","100.0%","80.0%","4.07","20.0%"')
  })

  test('someone without a staff role is told there is no dashboard for them', async () => {
    h.setCloud(routes({ 'org.whoami': ok({ openid: 'r', name: '张桂兰', roles: [{ role: 'resident', orgId: 'b-wh-1-1', orgName: '1号楼', orgType: 'building' }] }) }))
    page = await h.render(DASH)
    await page.waitForText('没有可查看的看板')
    expect(calls('dashboard')).toEqual([])
  })
})
