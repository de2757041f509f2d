import { weappHarness, type RenderedPage } from './harness'
import { GRID_WORKER, SECRETARY, ok, fail, routes } from './fixtures'
import { summary } from './order-fixtures'

const h = weappHarness()
let page: RenderedPage

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

  test('status chips are the server groups: 办理中 = active, 待评价 = to_rate, 已结束 = done', async () => {
    h.setCloud(routes({ 'orders.list': ok({ items: [], nextCursor: null }) }))
    page = await h.render('pages/orders/index')
    await page.waitForText('还没有诉求')
    const tapChip = (label: string) => page?.findAll('filter-chips__chip').find((c) => c.dom?.textContent === label)?.dispatchEvent('tap')
    tapChip('办理中')
    await page.waitForText('没有正在办理的诉求')
    tapChip('待评价')
    await page.waitForText('没有待评价的诉求')
    tapChip('已结束')
    await page.waitForText('还没有已结束的诉求')
    expect(listCalls()).toEqual([
      { box: 'mine', limit: 20 },
      { box: 'mine', status: 'active', limit: 20 },
      { box: 'mine', status: 'to_rate', limit: 20 },
      { box: 'mine', status: 'done', limit: 20 },
    ])
  })

  test('a resident card shows the level holding it, but no handler deadline', async () => {
    h.setCloud(
      routes({
        'orders.list': ok({
          items: [summary({ id: 'o-1', level: 'street', levelLabel: '街道', dueAt: Date.now() - 60_000, overdue: true })],
          nextCursor: null,
        }),
      }),
    )
    page = await h.render('pages/orders/index')
    await page.waitForText('维修报修')
    expect(texts(page, 'level-chip')).toEqual(['街道'])
    expect(page.find('order-card__due')).toBeUndefined()
    expect(page.find('order-card--overdue')).toBeUndefined()
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

describe('工作台 · 待办: deadlines', () => {
  test('the loaded page is shown most urgent first: late ones in red, then by due time, no clock last', async () => {
    const now = Date.now()
    h.setCloud(
      routes({
        'org.whoami': ok(GRID_WORKER),
        // As the server pages them: oldest submitted first.
        'orders.list': ok({
          items: [
            summary({ id: 'a', categoryName: '环境卫生', dueAt: now + 20 * 60_000 }),
            summary({ id: 'b', categoryName: '养老助老', status: 'in_progress', statusLabel: '办理中', dueAt: null }),
            summary({ id: 'c', categoryName: '维修报修', level: 'community', levelLabel: '社区', dueAt: now - 10 * 60_000, overdue: true }),
            summary({ id: 'd', categoryName: '安全隐患', dueAt: now + 5 * 60_000 }),
          ],
          nextCursor: null,
        }),
      }),
    )
    page = await h.render('packages/work/pages/index/index')
    await page.waitForText('已超时 10分钟')
    expect(texts(page, 'order-card__cat')).toEqual(['维修报修', '安全隐患', '环境卫生', '养老助老'])
    const cards = page.findAll('order-card')
    expect(cards.map((c) => /order-card--overdue/.test(c.dom?.getAttribute('class') ?? ''))).toEqual([true, false, false, false])
    expect(page.findAll('order-card--overdue')).toHaveLength(1)
    expect(texts(page, 'badge--overdue')).toEqual(['已超时'])
    expect(texts(page, 'order-card__due--late')).toEqual(['已超时 10分钟'])
    expect(texts(page, 'order-card__due')[2]).toMatch(/^还剩 (19分|20分钟)/)
    expect(texts(page, 'level-chip')).toEqual(['社区', '网格', '网格', '网格'])
    expect(page.text()).toContain('1件已超时')
    // A grid worker also gets the area's 超时 box.
    expect(texts(page, 'filter-chips__chip')).toEqual(['待办', '超时'])
  })

  test('a street admin opens 超时: orders past the promise in the area, with who holds them and 查看', async () => {
    const STREET = {
      openid: 'demo-street-admin',
      name: '孙伟',
      roles: [{ role: 'street_admin', orgId: 's-wy', orgName: '渭阳街道', orgLabel: '渭阳街道', orgType: 'street' }],
    }
    h.setCloud(
      routes({
        'org.whoami': ok(STREET),
        'orders.list': (p: { box: string }) =>
          p.box === 'overdue'
            ? ok({ items: [summary({ id: 'late', dueAt: Date.now() + 60_000, overdue: true, assigneeName: '文汇社区派单' })], nextCursor: null })
            : ok({ items: [], nextCursor: null }),
      }),
    )
    page = await h.render('packages/work/pages/index/index')
    await page.waitForText('暂无待办')
    page.findAll('filter-chips__chip').find((c) => c.dom?.textContent === '超时')?.dispatchEvent('tap')
    await page.waitForText('已超出承诺时限')
    expect(listCalls()).toEqual([
      { box: 'todo', limit: 20 },
      { box: 'overdue', limit: 20 },
    ])
    expect(page.text()).toContain('文汇社区派单')
    expect(texts(page, 'work__open')).toEqual(['查看'])
    expect(page.find('work__claim')).toBeUndefined()
  })

  test('a department officer has no area: no 超时 box', async () => {
    const DEPT = {
      openid: 'demo-department',
      name: '周婷',
      roles: [{ role: 'department_officer', orgId: 'dep-zj', orgName: '区住建局', orgLabel: '区住建局', orgType: 'department' }],
    }
    h.setCloud(routes({ 'org.whoami': ok(DEPT), 'orders.list': ok({ items: [], nextCursor: null }) }))
    page = await h.render('packages/work/pages/index/index')
    await page.waitForText('暂无待办')
    expect(page.find('filter-chips')).toBeUndefined()
  })
})

describe('书记工作台 (packages/secretary/pages/index/index)', () => {
  const ORG_ITEMS = [
    summary({ id: 'o-1', categoryName: '维修报修' }),
    summary({ id: 'o-2', categoryName: '矛盾纠纷', flaggedForSecretary: true }),
    summary({ id: 'o-3', categoryName: '微心愿', status: 'pending_approval', statusLabel: '待审批' }),
  ]

  test('opens on 待办, most urgent first; 全部 puts approvals and low ratings on top; the door QR entry is there', async () => {
    const now = Date.now()
    h.setCloud(
      routes({
        'org.whoami': ok(SECRETARY),
        'orders.list': (p: { box: string; status?: string }) =>
          p.box === 'todo' && p.status === 'pending_approval'
            ? ok({ items: [summary({ id: 'o-3', status: 'pending_approval' })], nextCursor: null })
            : p.box === 'todo'
              ? ok({
                  items: [
                    summary({ id: 't-1', categoryName: '物业服务', dueAt: now + 40 * 60_000 }),
                    summary({ id: 't-2', categoryName: '维修报修', level: 'community', levelLabel: '社区', dueAt: now - 5 * 60_000, overdue: true }),
                  ],
                  nextCursor: null,
                })
              : ok({ items: ORG_ITEMS, nextCursor: null }),
      }),
    )
    page = await h.render('packages/secretary/pages/index/index')
    await page.waitForText('已超时 5分钟')
    expect(texts(page, 'order-card__cat')).toEqual(['维修报修', '物业服务'])
    expect(page.findAll('order-card--overdue')).toHaveLength(1)
    expect(texts(page, 'level-chip')).toEqual(['社区', '网格'])
    await page.waitForText('诉求审批')
    const p = page
    await p.waitFor(() => texts(p, 'entry-card__count')[0] === '1', 'the pending count')
    expect(page.text()).toContain('楼栋二维码')

    page.findAll('filter-chips__chip').find((c) => c.dom?.textContent === '全部')?.dispatchEvent('tap')
    await page.waitForText('微心愿')
    expect(texts(page, 'order-card__cat')).toEqual(['微心愿', '矛盾纠纷', '维修报修'])
    expect(page.text()).toContain('差评待处理')
    expect(listCalls()).toEqual(
      expect.arrayContaining([{ box: 'todo', limit: 20 }, { box: 'todo', status: 'pending_approval', limit: 50 }, { box: 'org', limit: 20 }]),
    )
    expect(listCalls()).toHaveLength(3)

    await page.tap('sec-qr')
    await page.tap('entry-card')
    expect(h.navigations).toEqual([
      ['navigateTo', '/packages/secretary/pages/qrcode/index'],
      ['navigateTo', '/packages/secretary/pages/approvals/index'],
    ])
  })

  test('超时 and the status groups ask the server for the right box', async () => {
    h.setCloud(routes({ 'org.whoami': ok(SECRETARY), 'orders.list': ok({ items: [], nextCursor: null }) }))
    page = await h.render('packages/secretary/pages/index/index')
    await page.waitForText('暂无待办')
    const tapChip = (label: string) => page?.findAll('filter-chips__chip').find((c) => c.dom?.textContent === label)?.dispatchEvent('tap')
    tapChip('超时')
    await page.waitForText('没有超时的诉求')
    tapChip('办理中')
    await page.waitForText('没有办理中的诉求')
    tapChip('已结束')
    await page.waitForText('没有已结束的诉求')
    expect(listCalls().filter((c) => (c as { status?: string }).status !== 'pending_approval')).toEqual([
      { box: 'todo', limit: 20 },
      { box: 'overdue', limit: 20 },
      { box: 'org', status: 'active', limit: 20 },
      { box: 'org', status: 'done', limit: 20 },
    ])
    expect(page.text()).toContain('无待审批')
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
