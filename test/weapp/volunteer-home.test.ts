import { weappHarness, type RenderedPage } from './harness'
import { ok, fail, routes } from './fixtures'
import { me, registration, session, shift } from './checkins-fixtures'

const h = weappHarness()
let page: RenderedPage

const HOME = 'packages/volunteer/pages/index/index'
const texts = (p: RenderedPage, cls: string) => p.findAll(cls).map((c) => (c.dom?.textContent ?? '').trim())

describe('志愿服务 home (packages/volunteer/pages/index/index)', () => {
  test('an active member sees the community, 本月已服务 1/2, the next shift, the balance and the entries', async () => {
    const next = shift(3)
    h.setCloud(routes({ 'checkins.me': ok(me({ nextShift: next, upcoming: [next] })) }))
    page = await h.render(HOME)
    await page.waitForText('本月已服务 1/2')
    expect(h.cloudCalls).toEqual([{ name: 'checkins', data: { action: 'me', payload: {} } }])
    expect(page.text()).toContain('已报到 · 文汇社区')
    expect(page.text()).toContain('还差 1 次')
    expect(texts(page, 'vol-next__tag')).toEqual(['下一班'])
    expect(texts(page, 'vol-next__line')).toEqual([`${next.weekday} 09:00 红色驿站`])
    expect(page.text()).toContain(`文汇社区红色驿站 · ${next.label}`)
    expect(texts(page, 'vol-member__points')).toEqual(['120'])
    expect(texts(page, 'vol-tile__title')).toEqual(['我的排班', '积分与兑换', '心愿墙', '我的报到'])
    expect(page.find('vsession')).toBeUndefined()

    await page.tap('vol-scan')
    expect(h.navigations).toEqual([['navigateTo', '/packages/volunteer/pages/checkin/index']])
  })

  test('on duty now: the shift reads 正在值班, and there is no duty-screen entry (the code is shown to him, never fetched by him)', async () => {
    const now = shift(0, '00:00', '24:00')
    h.setCloud(routes({ 'checkins.me': ok(me({ nextShift: now, upcoming: [now], month: { month: '2026-03', served: 2, target: 2, minutes: 360, label: '本月已服务 2/2' } })) }))
    page = await h.render(HOME)
    await page.waitForText('今天 00:00–24:00 红色驿站')
    expect(texts(page, 'vol-next__tag')).toEqual(['正在值班'])
    expect(page.text()).toContain('本月已达标')
    expect(page.text()).not.toContain('驿站值守屏')
  })

  test('no registration: one sentence and 去双报到', async () => {
    h.setCloud(routes({ 'checkins.me': ok(me({ registration: null, nextShift: null, upcoming: [], balance: 0 })) }))
    page = await h.render(HOME)
    await page.waitForText('您还没有“双报到”')
    expect(page.find('vol-tile')).toBeUndefined()
    await page.tap('btn--big')
    expect(h.navigations).toEqual([['navigateTo', '/packages/volunteer/pages/register/index']])
  })

  test('pending: 审核中, with the community', async () => {
    h.setCloud(routes({ 'checkins.me': ok(me({ registration: registration({ status: 'pending', statusLabel: '待审核', approvedAt: null }), nextShift: null, upcoming: [] })) }))
    page = await h.render(HOME)
    await page.waitForText('审核中')
    expect(page.text()).toContain('等待社区书记审核')
    expect(page.text()).toContain('报到社区：文汇社区')
  })

  test('an open session: 签退 asks once more, then shows the minutes, points and new balance', async () => {
    const checkOuts: unknown[] = []
    const open = session()
    h.setCloud(
      routes({
        'checkins.me': ok(me({ openSession: open })),
        'checkins.checkOut': (_p: unknown, d: { idempotencyKey?: string }) => {
          checkOuts.push(d.idempotencyKey)
          return ok({
            session: { ...open, status: 'closed', statusLabel: '已签退', creditedMinutes: 75, minutes: 75, points: 20, credited: true },
            replayed: false,
            message: '签退成功：服务 75 分钟，获得 20 积分',
            balance: 140,
          })
        },
      }),
    )
    page = await h.render(HOME)
    await page.waitForText('服务中')
    expect(page.text()).toContain('已在岗 1小时15分钟')
    expect(page.find('vol-scan')).toBeUndefined() // no 扫码签到 while checked in

    await page.tap('vsession__go')
    await page.waitForText('确定现在签退吗？')
    expect(checkOuts).toEqual([])
    await page.tapText('vsession__btn', '确定签退')
    await page.waitForText('签退成功：服务 75 分钟，获得 20 积分')
    expect(checkOuts).toHaveLength(1)
    expect(checkOuts[0]).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(texts(page, 'vdone__num')).toEqual(['1小时15分钟', '+20', '140'])
  })

  test('a failure shows the message with 重试', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    h.setCloud(routes({ 'checkins.me': fail('INTERNAL', '系统繁忙，请稍后再试') }))
    page = await h.render(HOME)
    await page.waitForText('系统繁忙，请稍后再试')
    expect(page.find('state__retry')).toBeDefined()
    warn.mockRestore()
  })
})
