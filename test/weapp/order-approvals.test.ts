/** 诉求审批 (packages/secretary/pages/approvals): the pending_approval queue, one by one or in a batch. */
import { weappHarness, type RenderedPage } from './harness'
import { fail, ok, routes } from './fixtures'
import { order, summary } from './order-fixtures'

const h = weappHarness()
let page: RenderedPage

const ROUTE = 'packages/secretary/pages/approvals/index'
const texts = (p: RenderedPage, cls: string) => p.findAll(cls).map((c) => (c.dom?.textContent ?? '').trim())
const calls = (action: string) => h.cloudCalls.filter((c) => c.data.action === action).map((c) => c.data.payload)

const pending = (id: string, over: Parameters<typeof summary>[0] = {}) =>
  summary({
    id,
    no: `20260302-${id.toUpperCase()}`,
    status: 'pending_approval',
    statusLabel: '待审批',
    level: 'community',
    levelLabel: '社区',
    category: 'property',
    categoryName: '物业服务',
    assigneeName: '文汇社区派单',
    dueAt: Date.now() + 45 * 60_000,
    ...over,
  })

const QUEUE = [
  pending('a1', { excerpt: '小区门禁坏了三天，物业一直不来修', submittedAt: Date.now() - 15 * 60_000 }),
  pending('a2', { excerpt: '地下车库漏水，车位被淹', placeLabel: '文汇社区 · 2号楼' }),
  pending('a3', { excerpt: '物业费收据开错了', dueAt: Date.now() - 5 * 60_000, overdue: true }),
]

describe('诉求审批', () => {
  test('the queue as big cards: what, where, how long, the deadline; 通过 approves one and its card goes', async () => {
    const approvals: unknown[] = []
    h.setCloud(
      routes({
        'orders.list': ok({ items: QUEUE, nextCursor: null }),
        'orders.approve': (p: { id: string }, d: { idempotencyKey?: string }) => {
          approvals.push({ p, key: d.idempotencyKey })
          return ok(order({ id: p.id, status: 'dispatched' }))
        },
      }),
    )
    page = await h.render(ROUTE)
    await page.waitForText('小区门禁坏了三天')
    expect(calls('list')).toEqual([{ box: 'todo', status: 'pending_approval', limit: 20 }])
    expect(page.findAll('approval')).toHaveLength(3)
    expect(texts(page, 'approval__cat')).toEqual(['物业服务', '物业服务', '物业服务'])
    expect(texts(page, 'level-chip')).toEqual(['社区', '社区', '社区'])
    expect(page.text()).toContain('文汇社区 · 2号楼')
    expect(page.text()).toContain('已等待 15分钟')
    expect(texts(page, 'sla-countdown')[0]).toMatch(/^还剩 4[45]分钟$/)
    expect(texts(page, 'sla-countdown')[2]).toBe('已超时 5分钟')
    expect(texts(page, 'approval__approve')).toEqual(['通过', '通过', '通过'])
    expect(texts(page, 'approval__reject')).toEqual(['不予受理', '不予受理', '不予受理'])
    expect(page.text()).toContain('全选（3条）')
    expect(page.find('approvals-dock')).toBeUndefined()

    page.findAll('approval__approve')[1].dispatchEvent('tap')
    const p = page
    await p.waitFor(() => p.findAll('approval').length === 2, 'the approved card to go')
    expect(approvals).toEqual([{ p: { id: 'a2' }, key: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) }])
    expect(p.text()).not.toContain('地下车库漏水')
  })

  test('tick several → 批量通过 from the bottom bar; a refused one keeps its card with the reason', async () => {
    const batches: unknown[] = []
    h.setCloud(
      routes({
        'orders.list': ok({ items: QUEUE, nextCursor: null }),
        'orders.approveMany': (p: { ids: string[] }) => {
          batches.push(p)
          return ok({ approved: ['a1'], failed: [{ id: 'a3', code: 'FAILED_PRECONDITION', message: '诉求当前为“已撤回”，不能进行此操作' }] })
        },
      }),
    )
    page = await h.render(ROUTE)
    await page.waitForText('物业费收据开错了')
    const p = page
    p.findAll('approval__pick')[0].dispatchEvent('tap')
    await p.waitFor(() => p.findAll('approval--on').length === 1, 'one ticked')
    p.findAll('approval__pick')[2].dispatchEvent('tap')
    await p.waitForText('已选 2 条')
    expect(texts(p, 'approvals-dock__go')).toEqual(['批量通过（2）'])

    await p.tap('approvals-dock__go')
    await p.waitForText('通过1条，1条未通过')
    expect(batches).toEqual([{ ids: ['a1', 'a3'] }])
    expect(p.findAll('approval').map((c) => c.dom?.textContent?.includes('物业费收据开错了'))).toEqual([false, true])
    expect(texts(p, 'approvals-outcome__fail')).toEqual(['单号 20260302-A3：诉求当前为“已撤回”，不能进行此操作'])
    expect(texts(p, 'approval__error')).toEqual(['诉求当前为“已撤回”，不能进行此操作'])
    // The refused one stays ticked so the secretary sees what is left.
    expect(texts(p, 'approvals-dock__count')).toEqual(['已选 1 条'])
  })

  test('全选 ticks all; 取消选择 clears', async () => {
    h.setCloud(routes({ 'orders.list': ok({ items: QUEUE, nextCursor: null }) }))
    page = await h.render(ROUTE)
    await page.waitForText('全选（3条）')
    await page.tap('approvals-bar')
    await page.waitForText('已选 3 条')
    await page.tap('approvals-dock__clear')
    const p = page
    await p.waitFor(() => p.find('approvals-dock') === undefined, 'the bar to go')
  })

  test('不予受理 asks for the reason the resident will read', async () => {
    const rejections: unknown[] = []
    h.setCloud(
      routes({
        'orders.list': ok({ items: QUEUE.slice(0, 1), nextCursor: null }),
        'orders.reject': (p: unknown) => {
          rejections.push(p)
          return ok(order({ status: 'rejected' }))
        },
      }),
    )
    page = await h.render(ROUTE)
    await page.waitForText('小区门禁坏了三天')
    await page.tap('approval__reject')
    await page.waitForText('原因（居民能看到）')
    const p = page
    p.find('approval .text-box')?.dispatchEvent('input', { detail: { value: '属于物业合同纠纷，请联系物业公司' } })
    await new Promise((r) => setTimeout(r, 0))
    await p.tap('approval .btn--danger')
    await p.waitForText('没有待审批的诉求')
    expect(rejections).toEqual([{ id: 'a1', reason: '属于物业合同纠纷，请联系物业公司' }])
  })

  test('empty queue and a failed load', async () => {
    h.setCloud(routes({ 'orders.list': ok({ items: [], nextCursor: null }) }))
    page = await h.render(ROUTE)
    await page.waitForText('没有待审批的诉求')
    page.unmount()

    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    h.setCloud(routes({ 'orders.list': fail('INTERNAL', '系统繁忙，请稍后再试') }))
    page = await h.render(ROUTE)
    await page.waitForText('系统繁忙，请稍后再试')
    expect(page.find('state__retry')).toBeDefined()
    warn.mockRestore()
  })
})
