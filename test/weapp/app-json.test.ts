import fs from 'node:fs'
import path from 'node:path'
import { DIST, assertBuilt } from './harness'

interface AppJson {
  pages: string[]
  subPackages?: { root: string; pages: string[] }[]
  tabBar?: { list: { pagePath: string; text: string }[] }
}

const MAIN_PACKAGE_BUDGET_KB = 600
/** Subpackage budgets (WeChat's hard limit is 2 MB each). The dashboard carries the chart library (AntV F2, ~455 KB). */
const SUBPACKAGE_BUDGET_KB: Record<string, number> = { 'packages/secretary': 500, 'packages/dashboard': 600 }

const walk = (dir: string): string[] =>
  fs.readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name)
    return fs.statSync(p).isDirectory() ? walk(p) : [p]
  })

describe('weapp build output (dist/)', () => {
  let app: AppJson
  beforeAll(() => {
    assertBuilt()
    app = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8')) as AppJson
  })

  test('app.json lists the resident pages in the main package, home first', () => {
    expect(app.pages).toEqual([
      'pages/index/index',
      'pages/scan/index',
      'pages/orders/index',
      'pages/inbox/index',
      'pages/me/index',
      'pages/order/index',
    ])
  })

  test('app.json declares the subpackages, and each page was emitted', () => {
    expect(app.subPackages).toEqual([
      {
        root: 'packages/volunteer',
        pages: ['pages/index/index', 'pages/register/index', 'pages/checkin/index', 'pages/station/index', 'pages/shifts/index', 'pages/points/index', 'pages/wishes/index'],
      },
      { root: 'packages/work', pages: ['pages/index/index', 'pages/visits/index'] },
      {
        root: 'packages/secretary',
        pages: ['pages/index/index', 'pages/qrcode/index', 'pages/approvals/index', 'pages/volunteers/index', 'pages/volunteers/report/index', 'pages/duty/index', 'pages/review/index', 'pages/evidence/index', 'pages/exports/index', 'pages/delegation/index'],
      },
      { root: 'packages/dashboard', pages: ['pages/index/index'] },
    ])
    const all = [...app.pages, ...(app.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))]
    for (const page of all) {
      for (const ext of ['js', 'json', 'wxml']) expect(fs.existsSync(path.join(DIST, `${page}.${ext}`))).toBe(true)
    }
  })

  test('tab bar pages are all in the main package', () => {
    for (const item of app.tabBar?.list ?? []) expect(app.pages).toContain(item.pagePath)
  })

  test(`main package stays within ${MAIN_PACKAGE_BUDGET_KB} KB`, () => {
    const subRoots = (app.subPackages ?? []).map((s) => path.join(DIST, s.root) + path.sep)
    const main = walk(DIST)
      .filter((f) => !subRoots.some((root) => f.startsWith(root)))
      .reduce((sum, f) => sum + fs.statSync(f).size, 0)
    expect(main / 1024).toBeLessThanOrEqual(MAIN_PACKAGE_BUDGET_KB)
  })

  test.each(Object.entries(SUBPACKAGE_BUDGET_KB))('%s stays within its budget (%d KB)', (root, budget) => {
    const size = walk(path.join(DIST, root)).reduce((sum, f) => sum + fs.statSync(f).size, 0)
    expect(size / 1024).toBeLessThanOrEqual(budget)
  })

  test('the chart library stays out of the main package', () => {
    const subRoots = (app.subPackages ?? []).map((s) => path.join(DIST, s.root) + path.sep)
    const mainJs = walk(DIST).filter((f) => f.endsWith('.js') && !subRoots.some((root) => f.startsWith(root)))
    for (const f of mainJs) expect(fs.readFileSync(f, 'utf8')).not.toContain('alwaysTriggerPointerEventOnCanvas') // an option only F2's engine sets
  })
})
