/**
 * The order page's SLA and 共性诉求 parts (issue 5): the resident's promise with a live countdown
 * (red once broken), 吹哨 with the ladder only when the server allows it, the staff-only 时限
 * section, similar orders with 合并 for a dispatcher, 改派 to a person, and a merged order's banner.
 */
import { weappHarness, type RenderedPage } from './harness'
import { ok, routes } from './fixtures'
import { NONE, TIMELINE, clock, order } from './order-fixtures'

const h = weappHarness()
let page: RenderedPage

const MIN = 60_000
const HOUR = 60 * MIN

const actionLabels = (p: RenderedPage): string[] => p.findAll('actions__btn').map((b) => (b.dom?.textContent ?? '').trim())
const texts = (p: RenderedPage, cls: string) => p.findAll(cls).map((c) => (c.dom?.textContent ?? '').trim())
const classOf = (p: RenderedPage, cls: string): string => p.find(cls)?.dom?.getAttribute('class') ?? ''
const calls = (action: string) => h.cloudCalls.filter((c) => c.data.action === action).map((c) => c.data.payload)

const type = async (p: RenderedPage, cls: string, value: string): Promise<void> => {
  const el = p.find(cls)
  if (!el) throw new Error(`no field with class ${cls}; page text: ${p.text()}`)
  el.dispatchEvent('input', { detail: { value } })
  await new Promise((r) => setTimeout(r, 0))
}

/** Fresh at the grid: respond in 30 minutes, resolve in 24 hours (15-30-24), submitted a minute ago. */
const freshClocks = (now: number) => [clock({ kind: 'respond', dueAt: now + 29 * MIN }), clock({ kind: 'resolve', dueAt: now + 24 * HOUR - MIN })]

describe('the resident sees the promise', () => {
  test('"预计 24小时内解决" with a live countdown; no staff parts (时限, 吹哨, similar orders)', async () => {
    const now = Date.now()
    h.setCloud(
      routes({
        'orders.get': ok(order({ promise: '24小时内解决', clocks: freshClocks(now), dueAt: now + 29 * MIN, submittedAt: now - MIN, can: { ...NONE, cancel: true } })),
        'orders.timeline': ok(TIMELINE),
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('预计24小时内解决')
    expect(texts(page, 'sla-countdown')[0]).toMatch(/^还剩 23小时5[89]分$/)
    expect(classOf(page, 'order-promise')).toContain('order-promise--running')
    expect(classOf(page, 'sla-countdown')).not.toContain('sla-countdown--overdue')
    expect(texts(page, 'level-chip')).toEqual(['网格'])
    expect(page.find('order-clocks')).toBeUndefined()
    expect(page.find('order-similar')).toBeUndefined()
    expect(actionLabels(page)).toEqual(['撤回诉求'])
  })

  test('a broken promise is red: "已超时 2小时", and says the order went up the ladder', async () => {
    const now = Date.now()
    const clocks = [
      clock({ kind: 'respond', dueAt: now - 25 * HOUR - 30 * MIN, breachedAt: now - 25 * HOUR - 30 * MIN }),
      clock({ kind: 'resolve', dueAt: now - 2 * HOUR - 30_000 }),
      clock({ kind: 'dispatch', level: 'community', dueAt: now + 10 * MIN }),
    ]
    h.setCloud(
      routes({
        'orders.get': ok(order({ promise: '24小时内解决', clocks, level: 'community', levelLabel: '社区', escalations: 1, overdue: true, dueAt: now + 10 * MIN })),
        'orders.timeline': ok(TIMELINE),
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('已超时 2小时')
    expect(classOf(page, 'order-promise')).toContain('order-promise--overdue')
    expect(classOf(page, 'sla-countdown')).toContain('sla-countdown--overdue')
    expect(page.text()).toContain('已上报到社区，正在加快办理')
    expect(texts(page, 'level-chip')).toEqual(['社区'])
    expect(page.text()).toContain('已上报1次')
  })

  test('waiting on the resident pauses the clock; a resolved order says whether the promise was kept', async () => {
    const now = Date.now()
    h.setCloud(
      routes({
        'orders.get': ok(
          order({
            status: 'in_progress',
            statusLabel: '办理中',
            promise: '24小时内解决',
            awaitingInfoQuestion: '请问是几单元？',
            clocks: [clock({ kind: 'respond', dueAt: now - HOUR, metAt: now - 2 * HOUR }), clock({ kind: 'resolve', dueAt: now + 20 * HOUR, paused: true })],
            can: { ...NONE, reply: true },
          }),
        ),
        'orders.timeline': ok(TIMELINE),
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('办理人员在等您回复，回复前计时暂停')
    expect(page.find('sla-countdown')).toBeUndefined()
    page.unmount()

    h.setCloud(
      routes({
        'orders.get': ok(
          order({
            status: 'resolved',
            statusLabel: '已办结',
            promise: '24小时内解决',
            submittedAt: now - 3 * HOUR,
            resolvedAt: now - HOUR,
            resolution: { note: '已修好', media: [], at: now - HOUR },
            clocks: [clock({ kind: 'respond', dueAt: now - 2 * HOUR, metAt: now - 2.5 * HOUR }), clock({ kind: 'resolve', dueAt: now + 21 * HOUR, metAt: now - HOUR })],
            can: { ...NONE, rate: true },
          }),
        ),
        'orders.timeline': ok(TIMELINE),
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('承诺24小时内解决')
    expect(page.text()).toContain('✓ 按承诺时间完成')
  })
})

describe('吹哨 (escalate)', () => {
  test('offered only when the server says can.escalate', async () => {
    h.setCloud(routes({ 'orders.get': ok(order({ can: { ...NONE, claim: true, bounce: true } })), 'orders.timeline': ok(TIMELINE) }))
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('待接单')
    expect(actionLabels(page)).toEqual(['接单', '退单'])
  })

  test('the grid worker blows the whistle: the ladder with 网格 now and 社区 next, a reason is required, then the order is at 社区', async () => {
    const now = Date.now()
    const escalations: unknown[] = []
    const claimed = order({
      status: 'claimed',
      statusLabel: '已接单',
      handlerName: '赵敏',
      promise: '24小时内解决',
      clocks: freshClocks(now),
      can: { ...NONE, start: true, resolve: true, bounce: true, escalate: true },
    })
    h.setCloud(
      routes({
        'orders.get': ok(claimed),
        'orders.timeline': ok(TIMELINE),
        'orders.escalate': (p: unknown, d: { idempotencyKey?: string }) => {
          escalations.push({ p, key: d.idempotencyKey })
          return ok(
            order({
              status: 'dispatched',
              statusLabel: '待接单',
              level: 'community',
              levelLabel: '社区',
              escalations: 1,
              assignee: { kind: 'queue', name: '文汇社区派单' },
              promise: '24小时内解决',
              clocks: [...freshClocks(now), clock({ kind: 'dispatch', level: 'community', dueAt: now + 15 * MIN })],
            }),
          )
        },
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('已接单')
    expect(actionLabels(page)).toEqual(['开始办理', '办结', '吹哨上报', '退单'])
    const whistle = page.findAll('actions__btn').find((b) => b.dom?.textContent?.trim() === '吹哨上报')
    whistle?.dispatchEvent('tap')
    await page.waitForText('吹哨上报：网格 → 社区')
    const p = page
    const ladder = p.find('action-form')
    expect(ladder).toBeDefined()
    expect(texts(p, 'action-form .ladder__step')).toEqual(['网格', '社区', '街道', '职能部门', '区级'])
    expect(texts(p, 'action-form .ladder__step--now')).toEqual(['网格'])
    expect(texts(p, 'action-form .ladder__step--next')).toEqual(['社区'])

    await p.tap('action-form .btn--primary')
    await p.waitForText('上报原因至少2个字')
    expect(escalations).toEqual([])

    await type(p, 'action-form .text-box', '需要物业和住建部门协调，网格解决不了')
    await p.tap('action-form .btn--primary')
    await p.waitFor(() => texts(p, 'order-hero .level-chip')[0] === '社区', 'the order at 社区')
    expect(escalations).toEqual([{ p: { id: 'o-1', reason: '需要物业和住建部门协调，网格解决不了' }, key: expect.stringMatching(/^[A-Za-z0-9_-]{8,64}$/) }])
    expect(p.find('order-hero__label')?.dom?.textContent).toBe('待接单')
    expect(actionLabels(p)).toEqual([])
    expect(p.text()).toContain('已上报1次')
  })
})

describe('街道吹哨、部门报到', () => {
  test('at the street the whistle goes to the department of the category; a department takes it with 报到接单; 吹哨 steps are tagged', async () => {
    const atStreet = order({ level: 'street', levelLabel: '街道', escalations: 2, can: { ...NONE, claim: true, escalate: true } })
    h.setCloud(
      routes({
        'orders.get': ok(atStreet),
        'orders.timeline': ok([
          ...TIMELINE,
          { seq: 3, at: Date.now(), type: 'escalate', label: '系统吹哨上报：网格 → 社区（文汇社区派单）', actorName: '系统', from: 'dispatched', to: 'dispatched', reason: '网格响应超时，自动上报' },
        ]),
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('报到接单')
    expect(actionLabels(page)).toEqual(['报到接单', '吹哨上报'])
    await page.waitForText('网格响应超时，自动上报')
    expect(texts(page, 'timeline__mark')).toEqual(['吹哨'])
    page.findAll('actions__btn')[1].dispatchEvent('tap')
    await page.waitForText('吹哨上报：街道 → 职能部门')
    expect(page.text()).toContain('按诉求类别派给对口职能部门报到接手')
  })
})

describe('办理时限 (staff)', () => {
  test('one line for the deadline that matters now; expanded: the ladder and every clock with its mark', async () => {
    const now = Date.now()
    const clocks = [
      clock({ kind: 'respond', dueAt: now - 40 * MIN, breachedAt: now - 40 * MIN }),
      clock({ kind: 'resolve', dueAt: now + 23 * HOUR }),
      clock({ kind: 'dispatch', level: 'community', dueAt: now - 20 * MIN, metAt: now - 30 * MIN }),
      clock({ kind: 'respond', level: 'community', dueAt: now + 12 * MIN + 30_000 }),
      clock({ kind: 'resolve', level: 'community', dueAt: now + 24 * HOUR, paused: false }),
    ]
    h.setCloud(
      routes({
        'orders.get': ok(
          order({ level: 'community', levelLabel: '社区', escalations: 1, promise: '24小时内解决', clocks, dueAt: now + 12 * MIN + 30_000, can: { ...NONE, claim: true, escalate: true } }),
        ),
        'orders.timeline': ok(TIMELINE),
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('办理时限')
    // The headline countdown names its clock: the community's respond clock runs until someone takes it (接单).
    expect(page.text()).toContain('社区 · 接单')
    expect(texts(page, 'order-clocks .sla-countdown')[0]).toBe('还剩 12分钟')
    expect(page.find('order-clocks__body')).toBeUndefined()
    expect(page.text()).toContain('展开（超时1次）')

    await page.tap('order-clocks__head')
    const p = page
    await p.waitFor(() => p.find('order-clocks__body') !== undefined, 'the clocks')
    expect(texts(p, 'order-clocks .ladder__step--now')).toEqual(['社区'])
    expect(texts(p, 'order-clocks .ladder__step--past')).toEqual(['网格'])
    expect(texts(p, 'order-clocks__level-name')).toEqual(['网格', '社区'])
    const rows = p.findAll('clock-row').map((r) => /clock-row--(\w+)/.exec(r.dom?.getAttribute('class') ?? '')?.[1])
    expect(rows).toEqual(['breached', 'stopped', 'met', 'running', 'running'])
    expect(texts(p, 'clock-row__kind')).toEqual(['接单', '办结', '派单', '接单', '办结'])
    expect(p.text()).toContain('✗ 超时')
    expect(p.text()).toContain('✓ 按时')
  })
})

describe('共性诉求 (similar orders, merge)', () => {
  const SUGGESTIONS = [
    { id: 'o-7', no: '20260302-0007', score: 0.62, sameBuilding: true },
    { id: 'o-8', no: '20260302-0008', score: 0.31, sameBuilding: false },
  ]
  const similar = (id: string) =>
    id === 'o-7'
      ? ok(order({ id: 'o-7', no: '20260302-0007', excerpt: '3楼楼道灯不亮了', status: 'dispatched', statusLabel: '待接单' }))
      : ok(order({ id: 'o-8', no: '20260302-0008', excerpt: '楼道灯坏了', status: 'closed', statusLabel: '已评价' }))

  test('the secretary sees them with similarity and building, ticks one and merges it into this order', async () => {
    const merges: unknown[] = []
    const parent = order({ suggestions: SUGGESTIONS, can: { ...NONE, dispatch: true, reject: true, escalate: true, addNote: true, merge: true } })
    h.setCloud(
      routes({
        'orders.get': (p: { id: string }) => (p.id === 'o-1' ? ok(parent) : similar(p.id)),
        'orders.timeline': ok(TIMELINE),
        'orders.merge': (p: unknown) => {
          merges.push(p)
          return ok({ ...parent, childCount: 1, version: parent.version + 1 })
        },
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('可能相同的诉求（2）')
    expect(texts(page, 'similar__no')).toEqual(['可能相同：单号 20260302-0007', '可能相同：单号 20260302-0008'])
    expect(texts(page, 'similar__meta')).toEqual(['相似度 0.6，同一楼栋', '相似度 0.3'])
    await page.waitForText('3楼楼道灯不亮了')
    expect(page.find('order-similar__merge')?.dom?.textContent).toBe('勾选后合并到本诉求')

    // The closed one cannot be merged: its tick does nothing.
    page.findAll('similar__check')[1].dispatchEvent('tap')
    page.findAll('similar__check')[0].dispatchEvent('tap')
    const p = page
    await p.waitFor(() => p.find('order-similar__merge')?.dom?.textContent === '合并到本诉求（1条）', 'one ticked')
    await p.tap('order-similar__merge')
    await p.waitForText('把1条合并到本诉求（20260302-0001）')
    await type(p, 'order-similar .text-box', '都是1号楼楼道灯，统一维修')
    await p.tap('order-similar .btn--primary')
    await p.waitForText('共性诉求 · 合并了1条')
    expect(merges).toEqual([{ id: 'o-1', childIds: ['o-7'], reason: '都是1号楼楼道灯，统一维修' }])

    // Tapping a suggestion opens it.
    p.findAll('similar__body')[1].dispatchEvent('tap')
    await p.waitFor(() => h.navigations.length > 0, 'navigation')
    expect(h.navigations).toEqual([['navigateTo', '/pages/order/index?id=o-8']])
  })

  test('a grid worker sees the similar orders but cannot merge', async () => {
    h.setCloud(
      routes({
        'orders.get': (p: { id: string }) => (p.id === 'o-1' ? ok(order({ suggestions: SUGGESTIONS, can: { ...NONE, claim: true, escalate: true } })) : similar(p.id)),
        'orders.timeline': ok(TIMELINE),
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('可能相同的诉求（2）')
    expect(page.find('similar__check')).toBeUndefined()
    expect(page.find('order-similar__merge')).toBeUndefined()
  })

  test('a merged order points to its parent 共性诉求', async () => {
    h.setCloud(
      routes({
        'orders.get': (p: { id: string }) =>
          p.id === 'o-1'
            ? ok(order({ status: 'merged', statusLabel: '已合并', parentId: 'o-9' }))
            : ok(order({ id: 'o-9', no: '20260302-0009', status: 'claimed', statusLabel: '已接单', excerpt: '1号楼楼道灯统一维修', childCount: 2 })),
        'orders.timeline': ok(TIMELINE),
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('已并入共性诉求 单号 20260302-0009')
    expect(page.text()).toContain('1号楼楼道灯统一维修')
    await page.tap('order-merged .btn')
    expect(h.navigations).toEqual([['navigateTo', '/pages/order/index?id=o-9']])
  })

  test('a resident of a merged order who may not open the parent still reads its number (from the timeline)', async () => {
    h.setCloud(
      routes({
        'orders.get': (p: { id: string }) =>
          p.id === 'o-1' ? ok(order({ status: 'merged', statusLabel: '已合并', parentId: 'o-9' })) : { ok: false, error: { code: 'NOT_FOUND', message: '没有找到相关内容' } },
        'orders.timeline': ok([
          ...TIMELINE,
          { seq: 3, at: Date.now(), type: 'merge', label: '陈秀英（社区书记）合并为共性诉求：并入共性诉求 20260302-0009', actorName: '陈秀英', from: 'dispatched', to: 'merged', reason: '同一问题' },
        ]),
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('已并入共性诉求 单号 20260302-0009')
    expect(page.find('order-merged .btn')).toBeUndefined()
    expect(page.text()).toContain('办好后会通过“消息”通知您')
  })
})

describe('改派 (dispatch) to a person', () => {
  test('the picker lists the community people with role and load, plus the queues; the choice is sent', async () => {
    const dispatches: unknown[] = []
    h.setCloud(
      routes({
        'orders.get': ok(order({ can: { ...NONE, dispatch: true, reject: true } })),
        'orders.timeline': ok(TIMELINE),
        'org.handlers': ok([
          { openid: 'demo-grid-worker', name: '赵敏', role: 'grid_worker', roleLabel: '网格员', orgId: 'g-wh-1', orgName: '文汇社区第一网格', openLoad: 0 },
          { openid: 'demo-secretary', name: '陈秀英', role: 'secretary', roleLabel: '社区书记', orgId: 'c-wh', orgName: '文汇社区', openLoad: 3 },
        ]),
        'orders.dispatch': (p: unknown) => {
          dispatches.push(p)
          return ok(order({ assignee: { kind: 'user', name: '陈秀英' } }))
        },
      }),
    )
    page = await h.render('pages/order/index', { id: 'o-1' })
    await page.waitForText('改派')
    page.findAll('actions__btn').find((b) => b.dom?.textContent?.trim() === '改派')?.dispatchEvent('tap')
    await page.waitForText('手上没有待办')
    expect(calls('handlers')).toEqual([{ orgId: 'c-wh' }])
    expect(texts(page, 'choice__title')).toEqual(['赵敏（网格员）', '陈秀英（社区书记）', '社区派单池', '微心愿墙'])
    expect(texts(page, 'choice__desc')[0]).toBe('文汇社区第一网格 · 手上没有待办')
    expect(texts(page, 'choice__desc')[1]).toBe('文汇社区 · 手上3件')

    const p = page
    await type(p, 'action-form .text-box', '赵敏今天请假')
    await p.tap('action-form .btn--primary')
    await p.waitForText('请先选择改派给谁')
    p.findAll('choice')[1].dispatchEvent('tap')
    await p.waitFor(() => p.findAll('choice--on').length === 1, 'the choice')
    await p.tap('action-form .btn--primary')
    await p.waitFor(() => dispatches.length === 1, 'the dispatch call')
    expect(dispatches).toEqual([{ id: 'o-1', to: { kind: 'user', openid: 'demo-secretary' }, reason: '赵敏今天请假' }])
  })
})
