import { weappHarness, type RenderedPage } from './harness'
import { ok, fail, routes } from './fixtures'
import { NONE, TIMELINE, order } from './order-fixtures'

const h = weappHarness()
let page: RenderedPage

/** Labels of the action buttons on the page (what the viewer may do). */
const actionLabels = (p: RenderedPage): string[] =>
  p.findAll('actions__btn').map((b) => (b.dom?.textContent ?? '').trim())

describe('order detail (pages/order/index)', () => {
  test('resident, dispatched: big status label, order no, place, timeline; only 撤回 allowed', async () => {
    h.setCloud(
      routes({
        'orders.get': (p: { id: string }) => (p.id === 'o-1' ? ok(order({ can: { ...NONE, cancel: true } })) : fail('NOT_FOUND', '没有找到相关内容')),
        'orders.timeline': ok(TIMELINE),
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('单号 20260302-0001')
    expect(page.find('order-hero__label')?.dom?.textContent).toBe('待接单')
    expect(page.text()).toContain('已派给 赵敏（网格员），等待接单')
    expect(page.text()).toContain('渭阳街道 · 文汇社区 · 文汇社区第一网格 · 1号楼2单元')
    expect(page.text()).toContain('3楼楼道灯坏了一个星期')
    expect(page.text()).toContain('138****0001')

    await page.waitForText('系统派单给 赵敏（网格员）')
    // Newest first, the latest highlighted.
    expect(page.findAll('timeline__label').map((c) => c.dom?.textContent)).toEqual(['系统派单给 赵敏（网格员）', '张桂兰（居民）提交诉求'])
    expect(page.text()).toContain('“按网格派单”')

    expect(actionLabels(page)).toEqual(['撤回诉求'])
    expect(page.find('rate-form')).toBeUndefined()
    expect(h.cloudCalls.map((c) => `${c.name}.${c.data.action}`).sort()).toEqual(['orders.get', 'orders.timeline'])
  })

  test('grid worker, dispatched: 接单 (with the version the worker saw) first, then 退单; no resident actions', async () => {
    const claims: unknown[] = []
    h.setCloud(
      routes({
        'orders.get': ok(order({ version: 4, can: { ...NONE, claim: true, bounce: true } })),
        'orders.timeline': ok(TIMELINE),
        'orders.claim': (p: unknown, d: { idempotencyKey?: string }) => {
          claims.push({ p, key: d.idempotencyKey })
          return ok(
            order({
              status: 'claimed',
              statusLabel: '已接单',
              version: 5,
              handlerName: '赵敏',
              can: { ...NONE, start: true, resolve: true, requestInfo: true, addNote: true, bounce: true },
            }),
          )
        },
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('待接单')
    expect(actionLabels(page)).toEqual(['接单', '退单'])

    await page.tap('actions__btn--wide')
    const p = page
    await p.waitFor(() => p.find('order-hero__label')?.dom?.textContent === '已接单', 'the claimed view')
    expect(claims).toEqual([{ p: { id: 'o-1', version: 4 }, key: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) }])
    expect(actionLabels(p)).toEqual(['开始办理', '办结', '向居民询问', '补充说明', '退单'])
    expect(p.text()).toContain('赵敏 已接单')
  })

  test('CONFLICT on 接单 ("已被他人接单"): the message is shown and the page reloads the order', async () => {
    let gets = 0
    h.setCloud(
      routes({
        'orders.get': () => {
          gets++
          return gets === 1
            ? ok(order({ can: { ...NONE, claim: true } }))
            : ok(order({ status: 'claimed', statusLabel: '已接单', handlerName: '钱磊', version: 3 }))
        },
        'orders.timeline': ok(TIMELINE),
        'orders.claim': fail('CONFLICT', '已被他人接单'),
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('待接单')
    await page.tap('actions__btn--wide')
    await page.waitForText('已被他人接单')
    const p = page
    await p.waitFor(() => p.find('order-hero__label')?.dom?.textContent === '已接单', 'the reloaded order')
    expect(actionLabels(p)).toEqual([])
    expect(gets).toBe(2)
  })

  test('resident, resolved: the resolution, a rate form (5 stars, dims, tags) and nothing else', async () => {
    const rates: unknown[] = []
    const resolved = order({
      status: 'resolved',
      statusLabel: '已办结',
      handlerName: '赵敏',
      resolution: { note: '已更换3楼楼道灯，亮了', media: [], at: Date.parse('2026-03-02T11:00:00+08:00') },
      resolvedAt: Date.parse('2026-03-02T11:00:00+08:00'),
      can: { ...NONE, rate: true },
    })
    h.setCloud(
      routes({
        'orders.get': ok(resolved),
        'orders.timeline': ok(TIMELINE),
        'orders.rate': (p: unknown) => {
          rates.push(p)
          return ok({ ...resolved, status: 'closed', statusLabel: '已评价', can: { ...NONE }, rating: { stars: 5, at: Date.now(), byProxy: false, tags: ['问题解决'] } })
        },
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('请为这次服务打分')
    expect(page.text()).toContain('已更换3楼楼道灯，亮了')
    expect(page.text()).toContain('用时 2小时')
    expect(actionLabels(page)).toEqual([])
    expect(page.text()).toContain('响应速度')
    expect(page.text()).toContain('服务态度')
    expect(page.text()).toContain('办理结果')
    for (const tag of ['响应及时', '态度热情', '问题解决', '仍未解决']) expect(page.text()).toContain(tag)

    // Without stars: a hint, no call.
    await page.tap('rate-form .btn--big')
    await page.waitForText('请先点星星打分')
    expect(rates).toEqual([])

    const p = page
    const stars = p.findAll('stars--big .stars__star')
    expect(stars).toHaveLength(5)
    stars[4].dispatchEvent('tap')
    await p.waitForText('非常满意')
    const tag = p.findAll('tag-chip').find((t) => t.dom?.textContent === '问题解决')
    if (!tag) throw new Error('no 问题解决 chip')
    tag.dispatchEvent('tap')
    // Let the tap's render land (and re-bind 提交评价 to the new state) before submitting.
    await p.waitFor(() => p.findAll('tag-chip--on').length === 1, 'the chosen tag')
    await p.tap('rate-form .btn--big')
    await p.waitFor(() => p.find('order-hero__label')?.dom?.textContent === '已评价', 'the closed view')
    expect(rates).toEqual([{ id: 'o-1', stars: 5, tags: ['问题解决'] }])
    expect(p.find('rate-form')).toBeUndefined()
  })

  test('awaiting info: the question is shown prominently with 回复 for the resident', async () => {
    h.setCloud(
      routes({
        'orders.get': ok(
          order({ status: 'in_progress', statusLabel: '办理中', handlerName: '赵敏', awaitingInfoQuestion: '请问是几单元的楼道？', can: { ...NONE, reply: true } }),
        ),
        'orders.timeline': ok(TIMELINE),
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('赵敏想向您了解')
    expect(page.text()).toContain('请问是几单元的楼道？')
    expect(page.find('order-ask .btn')?.dom?.textContent).toBe('回复')
  })

  test('not found / no access: an error with 重试, never a blank page', async () => {
    h.setCloud(routes({ 'orders.get': fail('NOT_FOUND', '没有找到相关内容'), 'orders.timeline': fail('NOT_FOUND', '没有找到相关内容') }))
    page = await h.render('pages/order/index', { id: 'nope' })
    await page.waitForText('没有找到相关内容')
    expect(page.text()).toContain('重试')
  })
})
