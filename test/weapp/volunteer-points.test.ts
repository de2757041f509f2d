import { weappHarness, type RenderedPage } from './harness'
import { ok, fail, routes } from './fixtures'
import { POINTS, redemption, reward } from './checkins-fixtures'

const h = weappHarness()
let page: RenderedPage

const POINTS_PAGE = 'packages/volunteer/pages/points/index'
const texts = (p: RenderedPage, cls: string) => p.findAll(cls).map((c) => (c.dom?.textContent ?? '').trim())

describe('积分与兑换 (packages/volunteer/pages/points/index)', () => {
  test('balance, hours, the statement with its causes, rewards I can and cannot afford', async () => {
    h.setCloud(
      routes({
        'checkins.points': ok(POINTS),
        'checkins.rewards': ok([reward(), reward({ id: 'rw-wh-oil', name: '爱心粮油一桶', cost: 200, stock: 5, affordable: false }), reward({ id: 'rw-x', name: '超市购物券10元', cost: 100, stock: 0, affordable: false })]),
      }),
    )
    page = await h.render(POINTS_PAGE)
    await page.waitForText('社区理发一次')
    expect(texts(page, 'vpoints-sum__balance')).toEqual(['120'])
    expect(texts(page, 'vpoints-sum__num')).toEqual(['6'])
    expect(page.text()).toContain('累计服务 6小时')
    expect(texts(page, 'vline__memo')).toEqual(['文汇社区红色驿站服务 180 分钟', '完成微心愿：帮独居老人换灯泡'])
    expect(texts(page, 'vline__cause')).toEqual(['驿站服务', '完成微心愿/诉求'])
    expect(texts(page, 'vline__amount')).toEqual(['+60', '+60'])
    expect(texts(page, 'vreward__name')).toEqual(['社区理发一次', '爱心粮油一桶', '超市购物券10元'])
    // Greyed out with the reason instead of a 兑换 that would fail.
    expect(page.text()).toContain('还差 80 分')
    expect(page.text()).toContain('已兑完')
    expect(page.findAll('vreward').length).toBe(3)
    expect(h.cloudCalls.map((c) => `${c.name}.${c.data.action}`).sort()).toEqual(['checkins.points', 'checkins.rewards'])
    expect(h.cloudCalls.find((c) => c.data.action === 'points')?.data.payload).toEqual({ limit: 20 })
  })

  test('兑换 asks once more, sends one redemption with a key, then shows it as 待审核 with the points held', async () => {
    let redeemed = false
    const redeems: { payload?: unknown; idempotencyKey?: string }[] = []
    h.setCloud(
      routes({
        'checkins.points': () => ok(redeemed ? { ...POINTS, balance: 60, held: 60, redemptions: [redemption()] } : POINTS),
        'checkins.rewards': () => ok([reward({ affordable: true })]),
        'checkins.redeem': (p: unknown, d: { idempotencyKey?: string }) => {
          redeems.push({ payload: p, idempotencyKey: d.idempotencyKey })
          redeemed = true
          return ok({ redemption: redemption(), replayed: false, balance: 60 })
        },
      }),
    )
    page = await h.render(POINTS_PAGE)
    await page.waitForText('社区理发一次')
    await page.tap('vreward .btn--primary')
    await page.waitForText('用 60 积分兑换“社区理发一次”？')
    expect(redeems).toEqual([])
    const confirm = page.findAll('vreward__btn').find((b) => b.dom?.textContent === '确定兑换')
    confirm?.dispatchEvent('tap')
    await page.waitForText('我的兑换')
    expect(redeems).toHaveLength(1)
    expect(redeems[0].payload).toEqual({ rewardId: 'rw-wh-haircut' })
    expect(redeems[0].idempotencyKey).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(texts(page, 'vredemption__status')).toEqual(['待审核'])
    expect(texts(page, 'vpoints-sum__num')).toEqual(['6', '60'])
    expect(page.text()).toContain('兑换审核中')
  })

  test('a refusal stays on the reward with the server’s sentence', async () => {
    h.setCloud(
      routes({
        'checkins.points': ok(POINTS),
        'checkins.rewards': ok([reward()]),
        'checkins.redeem': fail('FAILED_PRECONDITION', '“社区理发一次”已兑完'),
      }),
    )
    page = await h.render(POINTS_PAGE)
    await page.waitForText('社区理发一次')
    await page.tap('vreward .btn--primary')
    await page.waitForText('确定兑换')
    const confirm = page.findAll('vreward__btn').find((b) => b.dom?.textContent === '确定兑换')
    confirm?.dispatchEvent('tap')
    await page.waitForText('“社区理发一次”已兑完')
    expect(page.text()).toContain('确定兑换') // still there to try again
  })

  test('loading failure of the statement: message and 重试', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    h.setCloud(routes({ 'checkins.points': fail('INTERNAL', '网络异常，请检查网络后重试'), 'checkins.rewards': ok([]) }))
    page = await h.render(POINTS_PAGE)
    await page.waitForText('网络异常，请检查网络后重试')
    expect(page.text()).toContain('社区暂时没有可兑换的礼品')
    expect(page.find('state__retry')).toBeDefined()
    warn.mockRestore()
  })
})
