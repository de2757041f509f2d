import { weappHarness, type RenderedPage } from './harness'
import { SECRETARY, VOLUNTEER, GRID_WORKER, whoamiStub } from './fixtures'

const h = weappHarness()
let page: RenderedPage

describe('tab pages', () => {
  test('我的 shows name and roles, and the 大字模式 toggle persists to storage', async () => {
    h.setCloud(whoamiStub(SECRETARY))
    page = await h.render('pages/me/index')
    await page.waitForText('王建华')
    expect(page.findAll('me__role').map((c) => c.dom?.textContent)).toEqual(['社区书记 · 文汇社区', '居民 · 文汇社区 · 3号楼'])
    expect(page.text()).toContain('已关闭')

    const p = page
    await p.tap('me__toggle')
    await p.waitFor(() => p.rootClasses().includes('page--large'), 'page--large after the toggle')
    expect(h.storage.get('redgrid.largeFont')).toBe(true)
    expect(p.text()).toContain('已开启')
  })
})

describe('subpackage entry pages', () => {
  test('volunteer: the 志愿服务 home asks checkins.me (details in volunteer-home.test.ts)', async () => {
    h.setCloud((call) =>
      call.name === 'checkins' && call.data.action === 'me'
        ? { ok: true, data: { registration: null, others: [], month: { month: '2026-03', served: 0, target: 2, minutes: 0, label: '本月已服务 0/2' }, nextShift: null, upcoming: [], openSession: null, balance: 0 } }
        : whoamiStub(VOLUNTEER)(call),
    )
    page = await h.render('packages/volunteer/pages/index/index')
    await page.waitForText('去双报到')
  })

  test('work: a grid worker sees the grid; others get a clear hint', async () => {
    h.setCloud(whoamiStub(GRID_WORKER))
    page = await h.render('packages/work/pages/index/index')
    await page.waitForText('网格员 · 文汇社区第3网格')
    page.unmount()

    h.setCloud(whoamiStub(VOLUNTEER))
    page = await h.render('packages/work/pages/index/index')
    await page.waitForText('暂不能使用工作台')
  })

  test('secretary: shows 社区书记 · 文汇社区 but not the resident grant', async () => {
    h.setCloud(whoamiStub(SECRETARY))
    page = await h.render('packages/secretary/pages/index/index')
    await page.waitForText('社区书记 · 文汇社区')
    expect(page.findAll('workspace__role')).toHaveLength(1)
  })
})
