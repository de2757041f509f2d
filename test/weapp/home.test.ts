import { weappHarness, type RenderedPage } from './harness'
import { SECRETARY, VOLUNTEER, GRID_WORKER, NEWCOMER, whoamiStub } from './fixtures'

const h = weappHarness()
let page: RenderedPage

describe('home page (pages/index/index)', () => {
  test('shows the secretary, one card per role with its org name, and the role tiles', async () => {
    h.setCloud(whoamiStub(SECRETARY))
    page = await h.render('pages/index/index')
    await page.waitForText('您好，王建华')

    const cards = page.findAll('role-card__title').map((c) => c.dom?.textContent)
    expect(cards).toEqual(['社区书记 · 文汇社区', '居民 · 文汇社区 · 3号楼'])
    const tiles = page.findAll('entry-tile__title').map((c) => c.dom?.textContent)
    expect(tiles).toEqual(['书记工作台', '数据看板', '扫码报事', '我的诉求'])

    // One whoami call to the org function, in the {action, payload?} event shape
    // (plus the unread count for the 消息 tab badge), in whichever order the page's show and effects run.
    expect(h.cloudCalls).toHaveLength(2)
    expect(h.cloudCalls).toEqual(
      expect.arrayContaining([
        { name: 'org', data: { action: 'whoami' } },
        { name: 'org', data: { action: 'inbox', payload: { limit: 1 } } },
      ]),
    )
  })

  test('shows "加载中…" until whoami answers', async () => {
    let answer: (v: unknown) => void = () => undefined
    h.setCloud((call) => (call.data.action === 'whoami' ? new Promise((resolve) => (answer = resolve)) : whoamiStub(VOLUNTEER)(call)))
    page = await h.render('pages/index/index')
    await page.waitForText('加载中…')
    answer(whoamiStub(VOLUNTEER)({ name: 'org', data: { action: 'whoami' } }))
    await page.waitForText('报到党员 · 文汇社区')
    expect(page.text()).not.toContain('加载中…')
    expect(page.findAll('entry-tile__title').map((c) => c.dom?.textContent)).toEqual(['志愿服务'])
  })

  test('a grid worker gets the 工作台 tile, and tapping it opens the work subpackage', async () => {
    h.setCloud(whoamiStub(GRID_WORKER))
    page = await h.render('pages/index/index')
    await page.waitForText('网格员 · 文汇社区第3网格')
    await page.tap('entry-tile--work')
    expect(h.navigations).toEqual([['navigateTo', '/packages/work/pages/index/index']])
  })

  test('a user without roles sees the resident tiles and a hint', async () => {
    h.setCloud(whoamiStub(NEWCOMER))
    page = await h.render('pages/index/index')
    await page.waitForText('您还没有绑定身份')
    expect(page.text()).toContain('您好，居民朋友')
    expect(page.findAll('entry-tile__title').map((c) => c.dom?.textContent)).toEqual(['扫码报事', '我的诉求', '党员双报到'])
    expect(page.findAll('role-card')).toHaveLength(0)
  })

  test('network failure: retried once, then an error with 重试 that recovers', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined)
    let fail = true
    h.setCloud((call) => {
      if (fail) throw new Error('cloud.callFunction:fail network down')
      return whoamiStub(SECRETARY)(call)
    })
    page = await h.render('pages/index/index')
    await page.waitForText('网络异常，请检查网络后重试')
    const whoamiCalls = () => h.cloudCalls.filter((c) => c.data.action === 'whoami')
    expect(whoamiCalls()).toHaveLength(2) // the automatic retry
    expect(page.text()).toContain('重试')

    fail = false
    await page.tap('state__retry')
    await page.waitForText('社区书记 · 文汇社区')
    expect(whoamiCalls()).toHaveLength(3)
    warn.mockRestore()
  })

  test('a refusal envelope is shown as is (no retry)', async () => {
    h.setCloud(() => ({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } }))
    page = await h.render('pages/index/index')
    await page.waitForText('请先登录')
    expect(h.cloudCalls.filter((c) => c.data.action === 'whoami')).toHaveLength(1)
  })

  test('large-font mode from storage puts page--large on the page root', async () => {
    h.storage.set('redgrid.largeFont', true)
    h.setCloud(whoamiStub(SECRETARY))
    page = await h.render('pages/index/index')
    await page.waitForText('王建华')
    expect(page.rootClasses()).toEqual(expect.arrayContaining(['page', 'page--large', 'home']))
  })

  test('normal mode has no page--large and no H5 role switcher', async () => {
    h.setCloud(whoamiStub(SECRETARY))
    page = await h.render('pages/index/index')
    await page.waitForText('王建华')
    expect(page.rootClasses()).not.toContain('page--large')
    expect(page.find('role-switcher')).toBeUndefined()
  })
})
