import * as fs from 'node:fs'
import * as path from 'node:path'
import { DIST, weappHarness, type RenderedPage } from './harness'
import { ok, fail, routes } from './fixtures'
import { STATION, me, registration, session } from './checkins-fixtures'

const h = weappHarness()
let page: RenderedPage

type WxCallback = { success?: (r: unknown) => void; fail?: (e: unknown) => void; complete?: (r: unknown) => void }
const wx = () => (globalThis as unknown as { wx: Record<string, unknown> }).wx
let scanned: { result: string; path?: string } | 'cancel' = { result: '' }
let located: { latitude: number; longitude: number; accuracy: number } | 'deny' = { latitude: 34.3305, longitude: 108.7069, accuracy: 20 }
const locationCalls: unknown[] = []

beforeAll(() => {
  wx().scanCode = (opts: WxCallback) => {
    if (scanned === 'cancel') opts.fail?.({ errMsg: 'scanCode:fail cancel' })
    else opts.success?.({ errMsg: 'scanCode:ok', scanType: 'QR_CODE', charSet: 'utf-8', rawData: '', ...scanned })
  }
  wx().getLocation = (opts: WxCallback & { type?: string }) => {
    locationCalls.push(opts.type)
    if (located === 'deny') opts.fail?.({ errMsg: 'getLocation:fail auth deny' })
    else opts.success?.({ errMsg: 'getLocation:ok', ...located })
  }
})

beforeEach(() => {
  locationCalls.length = 0
  scanned = { result: '' }
  located = { latitude: 34.3305, longitude: 108.7069, accuracy: 20 }
})

const CHECKIN = 'packages/volunteer/pages/checkin/index'
const checkIns = () => h.cloudCalls.filter((c) => c.data.action === 'checkIn').map((c) => c.data)

describe('扫码签到 (packages/volunteer/pages/checkin/index)', () => {
  test('outside the fence: the server’s sentence, what to do, and nothing else happens', async () => {
    scanned = { result: 'CI.st-wh.Ab3dE9xY' }
    located = { latitude: 34.3343, longitude: 108.7069, accuracy: 25 }
    h.setCloud(
      routes({
        'checkins.me': ok(me()),
        'checkins.stations': ok([STATION]),
        'checkins.checkIn': fail('FAILED_PRECONDITION', '您不在驿站范围内（距离 420 米）', { distanceM: 420, radiusM: 150, allowanceM: 25 }),
      }),
    )
    page = await h.render(CHECKIN)
    await page.waitForText('文汇社区红色驿站')
    expect(page.text()).toContain('开放时间 08:00–20:00')
    await page.tap('vcheckin__scan')
    await page.waitForText('您不在驿站范围内（距离 420 米）')
    expect(page.text()).toContain('签到没有成功')
    expect(page.text()).toContain('请走到驿站150米以内再签到')
    // WeChat was asked for GCJ-02 (the fences' datum), passed on as is.
    expect(locationCalls).toEqual(['gcj02'])
    expect(checkIns()).toHaveLength(1)
    expect(checkIns()[0].payload).toEqual({ stationId: 'st-wh', token: 'Ab3dE9xY', client: 'weapp', location: { lat: 34.3343, lng: 108.7069, accuracy: 25 } })
    expect(checkIns()[0].idempotencyKey).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(page.find('vsession')).toBeUndefined()
  })

  test('a code that is not a station code is refused on the phone, without asking the server', async () => {
    scanned = { result: 'https://example.com/something-else' }
    h.setCloud(routes({ 'checkins.me': ok(me()), 'checkins.stations': ok([STATION]) }))
    page = await h.render(CHECKIN)
    await page.waitForText('文汇社区红色驿站')
    await page.tap('vcheckin__scan')
    await page.waitForText('这不是驿站签到码')
    expect(checkIns()).toHaveLength(0)
  })

  test('a printed station poster needs the location: denied → say so, offer the settings, send nothing', async () => {
    scanned = { result: '', path: 'pages/scan/index?scene=Sst-wh.AbCdEfGhIj' }
    located = 'deny'
    h.setCloud(routes({ 'checkins.me': ok(me()), 'checkins.stations': ok([STATION]) }))
    page = await h.render(CHECKIN)
    await page.waitForText('文汇社区红色驿站')
    await page.tap('vcheckin__scan')
    await page.waitForText('没有获得位置权限')
    expect(page.text()).toContain('去设置允许定位')
    expect(checkIns()).toHaveLength(0)
  })

  test('the duty-screen code needs the location on weapp too: denied → say so, send nothing', async () => {
    scanned = { result: 'CI.st-wh.Ab3dE9xY' }
    located = 'deny'
    h.setCloud(routes({ 'checkins.me': ok(me()), 'checkins.stations': ok([STATION]) }))
    page = await h.render(CHECKIN)
    await page.waitForText('文汇社区红色驿站')
    await page.tap('vcheckin__scan')
    await page.waitForText('没有获得位置权限')
    expect(page.text()).toContain('在小程序中签到需要确认您在驿站附近')
    expect(checkIns()).toHaveLength(0)
  })

  test('a session waiting for the secretary says so: 服务中 · 待书记确认', async () => {
    const open = session({ checkInAt: Date.now(), distanceM: null, unverifiedLocation: true, awaitingConfirmation: true, statusLabel: '服务中·待书记确认' })
    h.setCloud(routes({ 'checkins.me': ok(me({ openSession: open })), 'checkins.stations': ok([STATION]) }))
    page = await h.render(CHECKIN)
    await page.waitForText('服务中 · 待书记确认')
    expect(page.text()).toContain('待书记确认后计入')
  })

  test('checked in: the server’s message, then the open session with 签退', async () => {
    scanned = { result: 'CI.st-wh.Ab3dE9xY' }
    const open = session({ checkInAt: Date.now(), distanceM: 60 })
    let inside = false
    h.setCloud(
      routes({
        'checkins.me': () => ok(me({ openSession: inside ? open : null })),
        'checkins.stations': ok([STATION]),
        'checkins.checkIn': () => {
          inside = true
          return ok({ session: open, replayed: false, message: '签到成功：文汇社区红色驿站 09:00' })
        },
      }),
    )
    page = await h.render(CHECKIN)
    await page.waitForText('文汇社区红色驿站')
    await page.tap('vcheckin__scan')
    await page.waitForText('签到成功：文汇社区红色驿站 09:00')
    expect(page.text()).toContain('距中心约 60 米')
    await page.waitFor(() => page?.find('vsession__go') !== undefined, 'the 签退 button')
    expect(page.text()).toContain('服务中')
  })

  test('a pending member is told to wait for the review, with no scan button', async () => {
    h.setCloud(routes({ 'checkins.me': ok(me({ registration: registration({ status: 'pending', statusLabel: '待审核' }) })) }))
    page = await h.render(CHECKIN)
    await page.waitForText('报到申请正在审核')
    expect(page.find('vcheckin__scan')).toBeUndefined()
  })
})

describe('app.json for 签到 location', () => {
  test('declares getLocation in requiredPrivateInfos and says why it needs the location', () => {
    const app = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8')) as { requiredPrivateInfos?: string[]; permission?: Record<string, { desc: string }> }
    expect(app.requiredPrivateInfos).toContain('getLocation')
    expect(app.permission?.['scope.userLocation']?.desc).toMatch(/驿站/)
  })
})
