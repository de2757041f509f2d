import { setupWeapp, type WeappHarness, type RenderedPage } from './harness'
import { GRID_WORKER, SECRETARY, ok, fail, routes } from './fixtures'
import { summary } from './order-fixtures'

let h: WeappHarness
let page: RenderedPage | null = null

beforeAll(() => {
  h = setupWeapp()
})

beforeEach(() => {
  h.cloudCalls.length = 0
  h.navigations.length = 0
  h.storage.clear()
})

afterEach(() => {
  page?.unmount()
  page = null
})

const listCalls = () => h.cloudCalls.filter((c) => c.name === 'orders' && c.data.action === 'list').map((c) => c.data.payload)
const texts = (p: RenderedPage, cls: string) => p.findAll(cls).map((c) => (c.dom?.textContent ?? '').trim())

describe('我的诉求 (pages/orders/index)', () => {
  test('empty: says so and offers 去报事, which opens the scan page', async () => {
    h.setCloud(routes({ 'orders.list': ok({ items: [], nextCursor: null }) }))
    page = await h.render('pages/orders/index')
    await page.waitForText('还没有诉求')
    expect(listCalls()).toEqual([{ box: 'mine', limit: 20 }])
    const go = page.findAll('btn--big').find((b) => b.dom?.textContent === '去报事')
    go?.dispatchEvent('tap')
    await page.waitFor(() => h.navigations.length > 0, 'navigation')
    expect(h.navigations).toEqual([['navigateTo', '/pages/scan/index']])
  })

  test('a list with items: category, status chip, excerpt; 加载更多 with the cursor; tap opens the order', async () => {
    h.setCloud(
      routes({
        'orders.list': (p: { cursor?: string }) =>
          p.cursor === 'c2'
            ? ok({ items: [summary({ id: 'o-3', categoryName: '环境卫生', status: 'closed', statusLabel: '已评价' })], nextCursor: null })
            : ok({
                items: [
                  summary({ id: 'o-1' }),
                  summary({ id: 'o-2', categoryName: '养老助老', status: 'resolved', statusLabel: '已办结', awaitingInfo: false }),
                ],
                nextCursor: 'c2',
              }),
      }),
    )
    page = await h.render('pages/orders/index')
    await page.waitForText('养老助老')
    expect(texts(page, 'order-card__cat')).toEqual(['维修报修', '养老助老'])
    expect(texts(page, 'status-chip')).toEqual(['待接单', '已办结'])
    expect(page.text()).toContain('3楼楼道灯坏了一个星期')

    await page.tap('list-footer .btn')
    await page.waitForText('环境卫生')
    expect(listCalls()).toEqual([
      { box: 'mine', limit: 20 },
      { box: 'mine', cursor: 'c2', limit: 20 },
    ])
    expect(page.text()).toContain('没有更多了')

    await page.tap('order-card')
    expect(h.navigations).toEqual([['navigateTo', '/pages/order/index?id=o-1']])
  })

  test('status chips: 待评价 asks the server for resolved orders', async () => {
    h.setCloud(routes({ 'orders.list': ok({ items: [], nextCursor: null }) }))
    page = await h.render('pages/orders/index')
    await page.waitForText('还没有诉求')
    const chip = page.findAll('filter-chips__chip').find((c) => c.dom?.textContent === '待评价')
    chip?.dispatchEvent('tap')
    await page.waitForText('没有待评价的诉求')
    expect(listCalls()).toEqual([
      { box: 'mine', limit: 20 },
      { box: 'mine', status: 'resolved', limit: 20 },
    ])
  })

  test('a failure shows the message with 重试', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    h.setCloud(routes({ 'orders.list': fail('INTERNAL', '系统繁忙，请稍后再试') }))
    page = await h.render('pages/orders/index')
    await page.waitForText('系统繁忙，请稍后再试')
    expect(page.find('state__retry')).toBeDefined()
    warn.mockRestore()
  })
})

describe('工作台 · 待办 (packages/work/pages/index/index)', () => {
  test('a grid worker sees the waiting orders, oldest first as sent, with 接单 on dispatched ones', async () => {
    const claims: unknown[] = []
    h.setCloud(
      routes({
        'org.whoami': ok(GRID_WORKER),
        'orders.list': ok({
          items: [
            summary({ id: 'o-1', submittedAt: Date.now() - 3 * 3_600_000, version: 3 }),
            summary({ id: 'o-2', status: 'in_progress', statusLabel: '办理中', awaitingInfo: true }),
          ],
          nextCursor: null,
        }),
        'orders.claim': (p: unknown) => {
          claims.push(p)
          return ok({})
        },
      }),
    )
    page = await h.render('packages/work/pages/index/index')
    await page.waitForText('网格员 · 文汇社区第3网格')
    await page.waitForText('已等待 3小时')
    expect(listCalls()).toEqual([{ box: 'todo', limit: 20 }])
    expect(page.text()).toContain('等待居民回复')
    expect(texts(page, 'work__claim')).toEqual(['接单'])
    expect(texts(page, 'work__open')).toEqual(['去办理'])

    await page.tap('work__claim')
    await page.waitFor(() => h.navigations.length > 0, 'the order page after 接单')
    expect(claims).toEqual([{ id: 'o-1', version: 3 }])
    expect(h.navigations).toEqual([['navigateTo', '/pages/order/index?id=o-1']])
  })
})

describe('书记工作台 (packages/secretary/pages/index/index)', () => {
  test('approvals and low-rated orders come first; the door QR entry is there', async () => {
    h.setCloud(
      routes({
        'org.whoami': ok(SECRETARY),
        'orders.list': ok({
          items: [
            summary({ id: 'o-1', categoryName: '维修报修' }),
            summary({ id: 'o-2', categoryName: '矛盾纠纷', flaggedForSecretary: true }),
            summary({ id: 'o-3', categoryName: '微心愿', status: 'pending_approval', statusLabel: '待审批' }),
          ],
          nextCursor: null,
        }),
      }),
    )
    page = await h.render('packages/secretary/pages/index/index')
    await page.waitForText('微心愿')
    expect(texts(page, 'order-card__cat')).toEqual(['微心愿', '矛盾纠纷', '维修报修'])
    expect(page.text()).toContain('差评待处理')
    expect(page.text()).toContain('楼栋二维码')
    expect(listCalls()).toEqual([{ box: 'org', limit: 20 }])
    await page.tap('sec-qr')
    expect(h.navigations).toEqual([['navigateTo', '/packages/secretary/pages/qrcode/index']])
  })
})

describe('消息 (pages/inbox/index)', () => {
  test('empty inbox', async () => {
    h.setCloud(routes({}))
    page = await h.render('pages/inbox/index')
    await page.waitForText('暂无消息')
  })

  test('unread dot; tapping marks it read and opens the order', async () => {
    const marks: unknown[] = []
    h.setCloud(
      routes({
        'org.inbox': ok({
          items: [
            { id: 'm-1', type: 'resolved', title: '您的诉求已办结，请评价', body: '已更换3楼楼道灯', orderId: 'o-1', at: Date.now() - 60_000, read: false },
            { id: 'm-2', type: 'claimed', title: '您的诉求已有人接单', body: '赵敏已接单', orderId: 'o-1', at: Date.now() - 3_600_000, read: true },
          ],
          unread: 1,
          nextCursor: null,
        }),
        'org.markRead': (p: unknown) => {
          marks.push(p)
          return ok({ updated: 1 })
        },
      }),
    )
    page = await h.render('pages/inbox/index')
    await page.waitForText('1条未读')
    expect(page.findAll('inbox-item__dot')).toHaveLength(1)
    await page.tap('inbox-item--unread')
    await page.waitFor(() => h.navigations.length > 0, 'the order page')
    expect(marks).toEqual([{ ids: ['m-1'] }])
    expect(h.navigations).toEqual([['navigateTo', '/pages/order/index?id=o-1']])
    const p = page
    await p.waitFor(() => p.findAll('inbox-item__dot').length === 0, 'the dot to go')
  })

  test('全部已读 marks everything read and clears the count', async () => {
    const marks: unknown[] = []
    h.setCloud(
      routes({
        'org.inbox': ok({
          items: [{ id: 'm-1', type: 'dispatched', title: '新的待办', body: '维修报修 · 1号楼', orderId: 'o-1', at: Date.now(), read: false }],
          unread: 1,
          nextCursor: null,
        }),
        'org.markRead': (p: unknown) => {
          marks.push(p)
          return ok({ updated: 1 })
        },
      }),
    )
    page = await h.render('pages/inbox/index')
    await page.waitForText('1条未读')
    await page.tap('inbox__header .btn')
    const p = page
    await p.waitFor(() => p.findAll('inbox-item__dot').length === 0, 'all read')
    expect(marks).toEqual([{ all: true }])
    expect(p.text()).not.toContain('条未读')
  })
})
