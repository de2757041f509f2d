import { weappHarness, type RenderedPage } from './harness'
import { ok, fail, routes, VOLUNTEER } from './fixtures'
import { summary } from './order-fixtures'
import { STATION, me, shift } from './checkins-fixtures'

const h = weappHarness()
let page: RenderedPage

const texts = (p: RenderedPage, cls: string) => p.findAll(cls).map((c) => (c.dom?.textContent ?? '').trim())
const calls = (action: string) => h.cloudCalls.filter((c) => c.data.action === action).map((c) => c.data)

describe('驿站值守屏 (packages/volunteer/pages/station/index)', () => {
  test('the station’s QR, its code in two groups of four, and the countdown', async () => {
    const now = Date.now()
    h.setCloud(
      routes({
        'checkins.stationToken': ok({
          stationId: 'st-wh',
          stationName: '文汇社区红色驿站',
          token: 'Ab3dE9xY',
          code: 'CI.st-wh.Ab3dE9xY',
          image: 'data:image/png;base64,iVBORw0KGgo=',
          refreshAt: now + 42_000,
          expiresAt: now + 102_000,
          serverNow: now,
        }),
      }),
    )
    page = await h.render('packages/volunteer/pages/station/index', { stationId: 'st-wh' })
    await page.waitForText('Ab3d E9xY')
    expect(calls('stationToken').map((c) => c.payload)).toEqual([{ stationId: 'st-wh' }])
    expect(page.text()).toContain('文汇社区红色驿站')
    expect(page.text()).toMatch(/4[12] 秒后更换新码/)
    expect(page.find('vstation-screen__img')).toBeDefined()
  })

  test('a volunteer (even on duty) is told who may open it', async () => {
    h.setCloud(routes({ 'checkins.stationToken': fail('FORBIDDEN', '值班屏只能由社区书记或本驿站的站点管理员打开') }))
    page = await h.render('packages/volunteer/pages/station/index', { stationId: 'st-wh' })
    await page.waitForText('值班屏只能由社区书记或本驿站的站点管理员打开')
    expect(page.text()).toContain('当天在班的志愿者不能给自己打开签到码')
  })

  test('without a station: the community’s stations to pick from', async () => {
    h.setCloud(routes({ 'org.whoami': ok(VOLUNTEER), 'checkins.stations': ok([STATION]) }))
    page = await h.render('packages/volunteer/pages/station/index')
    await page.waitForText('文汇社区党群服务站一层')
    expect(calls('stations').map((c) => c.payload)).toEqual([{ communityId: 'c-wenhui' }])
    await page.tap('vstation-pick')
    expect(h.navigations).toEqual([['navigateTo', '/packages/volunteer/pages/station/index?stationId=st-wh']])
  })
})

describe('我的排班 (packages/volunteer/pages/shifts/index)', () => {
  test('报名 where allowed; a greyed reason where not; the answer replaces the row', async () => {
    const open = shift(2, '12:00', '16:00', { mine: false, taken: 0, members: [], can: { signUp: true, cancel: false } })
    const full = shift(2, '16:00', '20:00', { mine: false, taken: 2, full: true, members: [{ name: '赵立新' }, { name: '刘芳' }], can: { signUp: false, cancel: false }, note: '该班次已满' })
    const mine = { ...open, mine: true, taken: 1, members: [{ name: '王志强' }], can: { signUp: false, cancel: true } }
    let signed = false
    h.setCloud(
      routes({
        'checkins.me': ok(me()),
        'checkins.stations': ok([STATION]),
        'checkins.shifts': () => ok([signed ? mine : open, full]),
        'checkins.signUp': () => {
          signed = true
          return ok(mine)
        },
      }),
    )
    page = await h.render('packages/volunteer/pages/shifts/index')
    await page.waitForText('12:00–16:00')
    expect(calls('shifts')[0].payload).toMatchObject({ stationId: 'st-wh', days: 7 })
    expect(texts(page, 'vshift__off')).toEqual(['已满'])
    expect(page.text()).toContain('该班次已满')
    await page.tap('vshift__side .btn--primary')
    await page.waitForText('我已报名')
    expect(calls('signUp').map((c) => c.payload)).toEqual([{ shiftId: open.id }])
    expect(calls('signUp')[0].idempotencyKey).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    await page.waitForText('这7天您报名了 1 个班次')
    expect(page.text()).toContain('取消报名')
  })

  test('a double tap on 报名 signs up once and never cancels; 取消报名 asks first, naming the shift', async () => {
    const open = shift(2, '12:00', '16:00', { mine: false, taken: 0, members: [], can: { signUp: true, cancel: false } })
    const mine = { ...open, mine: true, taken: 1, members: [{ name: '王志强' }], can: { signUp: false, cancel: true } }
    let signed = false
    let answerSignUp: () => void = () => undefined
    h.setCloud(
      routes({
        'checkins.me': ok(me()),
        'checkins.stations': ok([STATION]),
        'checkins.shifts': () => ok([signed ? mine : open]),
        // The answer waits until the test lets it go: the second tap comes while the first is on its way.
        'checkins.signUp': () =>
          new Promise((resolve) => {
            answerSignUp = () => {
              signed = true
              resolve(ok(mine))
            }
          }),
        'checkins.cancelSignUp': () => {
          signed = false
          return ok(open)
        },
      }),
    )
    const wx = (globalThis as unknown as { wx: Record<string, unknown> }).wx
    const realModal = wx.showModal
    const modals: { title?: string; content?: string; confirmText?: string }[] = []
    let confirm = false
    wx.showModal = (opts: { title?: string; content?: string; confirmText?: string; success?: (r: unknown) => void; complete?: (r: unknown) => void }) => {
      modals.push({ title: opts.title, content: opts.content, confirmText: opts.confirmText })
      const res = { errMsg: 'showModal:ok', confirm, cancel: !confirm }
      setTimeout(() => {
        opts.success?.(res)
        opts.complete?.(res)
      }, 0)
    }
    try {
      page = await h.render('packages/volunteer/pages/shifts/index')
      await page.waitForText('12:00–16:00')

      // Two taps in the same instant, before the page has re-rendered.
      const button = page.find('vshift__side .btn--primary')
      if (!button) throw new Error(`no 报名 button; page text: ${page.text()}`)
      button.dispatchEvent('tap')
      button.dispatchEvent('tap')
      await new Promise((r) => setTimeout(r, 0))
      // …and a third while the first is still on its way.
      await page.tap('vshift__side .btn')
      expect(calls('signUp')).toHaveLength(1)

      answerSignUp()
      await page.waitForText('我已报名')
      await page.waitForText('这7天您报名了 1 个班次')
      expect(calls('signUp')).toHaveLength(1)
      expect(calls('cancelSignUp')).toHaveLength(0)
      expect(modals).toEqual([])

      // A late tap lands on 取消报名 now: it asks, and "再想想" keeps the sign-up.
      await page.tap('vshift__side .btn--danger')
      await page.waitFor(() => modals.length === 1, 'the confirmation')
      expect(modals[0].title).toBe('取消报名')
      expect(modals[0].content).toContain('12:00–16:00')
      expect(modals[0].content).toContain(`${Number(open.date.slice(5, 7))}月${Number(open.date.slice(8, 10))}日`)
      await new Promise((r) => setTimeout(r, 20))
      expect(calls('cancelSignUp')).toHaveLength(0)
      expect(page.text()).toContain('我已报名')

      // Confirmed: one cancellation, and the row offers 报名 again.
      confirm = true
      await page.tap('vshift__side .btn--danger')
      await page.waitFor(() => calls('cancelSignUp').length === 1, 'the cancellation')
      await page.waitForText('这7天您还没有报名班次')
      expect(modals).toHaveLength(2)
      expect(calls('cancelSignUp').map((c) => c.payload)).toEqual([{ shiftId: open.id }])
      expect(calls('signUp')).toHaveLength(1)
    } finally {
      wx.showModal = realModal
    }
  })
})

describe('心愿墙 (packages/volunteer/pages/wishes/index)', () => {
  test('only wishes from my 待办: the ones I took, then the ones waiting', async () => {
    h.setCloud(
      routes({
        'orders.list': ok({
          items: [
            summary({ id: 'o-w1', kind: 'wish', category: 'wish', categoryName: '微心愿', excerpt: '想要一套小学三年级的课外书' }),
            summary({ id: 'o-r1', excerpt: '楼道灯坏了' }),
            summary({ id: 'o-w2', kind: 'wish', category: 'wish', categoryName: '微心愿', status: 'claimed', statusLabel: '已接单', excerpt: '帮独居老人换灯泡' }),
          ],
          nextCursor: null,
        }),
      }),
    )
    page = await h.render('packages/volunteer/pages/wishes/index')
    await page.waitForText('等待认领')
    expect(calls('list').map((c) => c.payload)).toEqual([{ box: 'todo', limit: 20 }])
    expect(texts(page, 'order-card__excerpt')).toEqual(['帮独居老人换灯泡', '想要一套小学三年级的课外书'])
    expect(page.text()).not.toContain('楼道灯坏了')
  })
})
