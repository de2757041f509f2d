import { weappHarness, type RenderedPage } from './harness'
import { ok, fail, routes } from './fixtures'
import { CATEGORIES, PLACE, SCENE, order } from './order-fixtures'

const h = weappHarness()
let page: RenderedPage

const intakeRoutes = (extra: Record<string, unknown> = {}) =>
  routes({
    'org.resolveScene': (p: { scene: string }) =>
      p.scene === SCENE ? ok(PLACE) : fail('INVALID_ARGUMENT', '二维码无效或已被篡改，请扫描楼栋门口的二维码'),
    'org.categories': ok(CATEGORIES),
    ...extra,
  })

/** Type into a Taro <Textarea>/<Input> found by class (fires the input event the way the client does). */
const type = async (p: RenderedPage, cls: string, value: string): Promise<void> => {
  const el = p.find(cls)
  if (!el) throw new Error(`no field with class ${cls}`)
  el.dispatchEvent('input', { detail: { value } })
  await new Promise((r) => setTimeout(r, 0))
}

describe('intake (pages/scan/index) opened from a building QR code', () => {
  test('resolves the URI-encoded scene and shows the place, its grid and community, and the category tiles', async () => {
    h.setCloud(intakeRoutes())
    page = await h.render('pages/scan/index', { scene: encodeURIComponent(SCENE) })
    // Three lines in the header: 您正在为 / 1号楼2单元 / 反映问题
    await page.waitForText('您正在为1号楼2单元反映问题')
    expect(page.find('scan__place-name')?.dom?.textContent).toBe('1号楼2单元')
    expect(page.text()).toContain('文汇社区 · 第一网格')
    expect(page.text()).toContain('渭阳街道')
    await page.waitForText('维修报修')
    expect(page.findAll('cat-tile__name').map((c) => c.dom?.textContent)).toEqual([
      '维修报修',
      '环境卫生',
      '矛盾纠纷',
      '养老助老',
      '微心愿',
      '紧急求助',
    ])
    // 紧急求助 is its own full-width red tile, not one of the grid.
    expect(page.findAll('cat-tile--emergency')).toHaveLength(1)
    const resolve = h.cloudCalls.find((c) => c.data.action === 'resolveScene')
    expect(resolve).toEqual({ name: 'org', data: { action: 'resolveScene', payload: { scene: SCENE } } })
    expect(page.text()).toContain('0/500')
  })

  test('choosing 紧急求助 tells people to call 119/120 first', async () => {
    h.setCloud(intakeRoutes())
    page = await h.render('pages/scan/index', { scene: encodeURIComponent(SCENE) })
    await page.waitForText('紧急求助')
    expect(page.text()).not.toContain('如遇火灾、急病请先拨打119/120')
    await page.tap('cat-tile--emergency')
    await page.waitForText('如遇火灾、急病请先拨打119/120')
  })

  test('an edited or forged scene gets the clear error card and a rescan button, no form', async () => {
    h.setCloud(intakeRoutes())
    page = await h.render('pages/scan/index', { scene: encodeURIComponent('Bwh-1-1.XXXXXXXXXX') })
    await page.waitForText('二维码无效或已被篡改')
    expect(page.text()).toContain('请重新扫描楼栋门口张贴的二维码')
    expect(page.find('scan__button')?.dom?.textContent).toBe('重新扫码')
    expect(page.find('cat-tile')).toBeUndefined()
  })

  test('no scene: asks to scan the code on the building door, with the 扫一扫 button', async () => {
    page = await h.render('pages/scan/index')
    await page.waitForText('请扫描楼栋门口的二维码')
    expect(page.find('scan__button')?.dom?.textContent).toBe('扫一扫')
    expect(h.cloudCalls).toEqual([])
  })

  test('submit: local checks first, then one orders.submit with an idempotency key, then the order page', async () => {
    const submits: { payload: unknown; key?: string }[] = []
    h.setCloud(
      intakeRoutes({
        'orders.submit': (payload: unknown, data: { idempotencyKey?: string }) => {
          submits.push({ payload, key: data.idempotencyKey })
          return ok({ order: order({ id: 'o-77' }), replayed: false })
        },
      }),
    )
    page = await h.render('pages/scan/index', { scene: encodeURIComponent(SCENE) })
    await page.waitForText('维修报修')

    // Nothing chosen, nothing written: field errors, no call.
    await page.tap('btn--big')
    await page.waitForText('请选择问题类型')
    expect(page.text()).toContain('请至少写5个字')
    expect(submits).toHaveLength(0)

    await page.tap('cat-tile--service')
    await type(page, 'text-box--area', '楼道灯坏了')
    await page.waitForText('5/500')
    await type(page, 'text-box--line', '1380000')
    await page.tap('btn--big')
    await page.waitForText('请输入11位手机号码')
    expect(submits).toHaveLength(0)

    await type(page, 'text-box--line', '13800000001')
    await page.tap('btn--big')
    const p = page
    await p.waitFor(() => h.navigations.length > 0, 'navigation to the order')
    expect(submits).toHaveLength(1)
    expect(submits[0].payload).toEqual({
      scene: SCENE,
      category: 'repair',
      kind: 'service',
      description: '楼道灯坏了',
      channel: 'self',
      contactPhone: '13800000001',
    })
    expect(submits[0].key).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(h.navigations).toEqual([['redirectTo', '/pages/order/index?id=o-77&new=1']])
  })

  test('server field errors land next to their fields; a network failure keeps the same idempotency key', async () => {
    const keys: (string | undefined)[] = []
    let answer: unknown = fail('INTERNAL', '网络异常，请检查网络后重试')
    h.setCloud(
      intakeRoutes({
        'orders.submit': (_p: unknown, data: { idempotencyKey?: string }) => {
          keys.push(data.idempotencyKey)
          return answer
        },
      }),
    )
    page = await h.render('pages/scan/index', { scene: encodeURIComponent(SCENE) })
    await page.waitForText('维修报修')
    await page.tap('cat-tile--service')
    await type(page, 'text-box--area', '楼道灯坏了一个星期')
    await page.tap('toggle-row')
    await page.waitForText('邻居怎么称呼')
    const p = page
    const names = p.findAll('text-box--line')
    names[1].dispatchEvent('input', { detail: { value: '王阿姨' } })
    await new Promise((r) => setTimeout(r, 0))

    await p.tap('btn--big')
    await p.waitForText('网络异常，请检查网络后重试')
    answer = fail('INVALID_ARGUMENT', '提交的内容有误，请检查后重试：不能超过20个字', {
      fields: [{ path: 'proxyFor.name', message: '不能超过20个字' }],
    })
    await p.tap('btn--big')
    await p.waitForText('不能超过20个字')
    expect(keys).toHaveLength(2)
    expect(keys[0]).toBe(keys[1]) // same submission retried after a transport failure
    expect(p.find('field--error')?.dom?.textContent).toContain('邻居怎么称呼')
    expect(h.navigations).toEqual([])
  })
})
