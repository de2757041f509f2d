import { weappHarness, type RenderedPage } from './harness'
import { ok, fail, routes, VOLUNTEER } from './fixtures'
import { APPLICANT, SECRETARY_WH, redemption, registration, session } from './checkins-fixtures'

const h = weappHarness()
let page: RenderedPage

const ADMIN = 'packages/secretary/pages/volunteers/index'
const texts = (p: RenderedPage, cls: string) => p.findAll(cls).map((c) => (c.dom?.textContent ?? '').trim())
const calls = (action: string) => h.cloudCalls.filter((c) => c.name === 'checkins' && c.data.action === action).map((c) => c.data)

describe('志愿者管理 (packages/secretary/pages/volunteers/index)', () => {
  test('the pending 双报到 with the applicant’s details; 通过 approves it in place', async () => {
    h.setCloud(
      routes({
        'org.whoami': ok(SECRETARY_WH),
        'checkins.registrations': ok([APPLICANT]),
        'checkins.approve': ok({ ...APPLICANT, status: 'active', statusLabel: '已报到', approvedAt: Date.now(), can: { approve: false, reject: false, suspend: true, reinstate: false, markMoved: true } }),
      }),
    )
    page = await h.render(ADMIN)
    await page.waitForText('刘芳')
    expect(calls('registrations').map((c) => c.payload)).toEqual([{ status: 'pending' }])
    expect(page.text()).toContain('1 份申请待审核')
    expect(page.text()).toContain('渭城区教育局 · 区教育局机关党支部')
    expect(page.text()).toContain('手机 138****0011')
    expect(page.text()).toContain('特长：课业辅导')
    expect(texts(page, 'vadmin-chip')).toEqual(['待审核'])

    await page.tapText('vadmin-card__btn', '通过')
    await page.waitFor(() => texts(page!, 'vadmin-chip')[0] === '已报到', 'the card to show 已报到')
    expect(calls('approve')).toHaveLength(1)
    expect(calls('approve')[0].payload).toEqual({ id: APPLICANT.id })
    expect(calls('approve')[0].idempotencyKey).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(page.findAll('vadmin-card__btn')).toHaveLength(0)
  })

  test('不通过 needs a reason; a preset fills it; the reason goes to the server', async () => {
    h.setCloud(
      routes({
        'org.whoami': ok(SECRETARY_WH),
        'checkins.registrations': ok([APPLICANT]),
        'checkins.reject': (p: { reason: string }) => ok({ ...APPLICANT, status: 'rejected', statusLabel: '未通过', reason: p.reason, can: { approve: false, reject: false, suspend: false, reinstate: false, markMoved: false } }),
      }),
    )
    page = await h.render(ADMIN)
    await page.waitForText('刘芳')
    await page.tapText('vadmin-card__btn', '不通过')
    await page.waitForText('原因（会告诉申请人）')
    await page.tapText('vadmin-card__btn', '确认不通过')
    expect(calls('reject')).toHaveLength(0) // no reason yet
    await page.tapText('vadmin-reason__preset', '不是本社区居民')
    await page.waitFor(() => page?.find('vadmin-reason__preset--on') !== undefined, 'the preset to be chosen')
    await page.tapText('vadmin-card__btn', '确认不通过')
    await page.waitForText('原因：不是本社区居民')
    expect(calls('reject').map((c) => c.payload)).toEqual([{ id: APPLICANT.id, reason: '不是本社区居民' }])
    expect(texts(page, 'vadmin-chip')).toEqual(['未通过'])
  })

  test('签到确认: an auto-closed session offers its creditable minutes; 确认计入 sends them', async () => {
    const auto = session({ id: 'ses-auto', status: 'auto_closed', statusLabel: '未签退·待确认', autoClosed: true, checkOutAt: Date.now(), creditableMinutes: 180, can: { confirm: true } })
    h.setCloud(
      routes({
        'org.whoami': ok(SECRETARY_WH),
        'checkins.registrations': ok([]),
        'checkins.sessions': (p: { status?: string }) => ok(p.status === 'auto_closed' ? [auto] : []),
        'checkins.confirmSession': (p: { minutes: number }) => ok({ ...auto, status: 'confirmed', statusLabel: '已确认', credited: true, creditedMinutes: p.minutes, points: 60, can: { confirm: false } }),
      }),
    )
    page = await h.render(ADMIN)
    await page.waitForText('没有待审核的报到申请')
    await page.tapText('filter-chips__chip', '签到确认')
    await page.waitForText('确认计入 180 分钟')
    expect(calls('sessions').map((c) => c.payload)).toEqual([{ status: 'auto_closed' }, { status: 'unverified' }])
    expect(page.text()).toContain('最多可计 3小时')
    await page.tapText('vadmin-card__btn', '确认计入 180 分钟')
    await page.waitForText('已计入 3小时，60 积分')
    expect(calls('confirmSession').map((c) => c.payload)).toEqual([{ id: 'ses-auto', minutes: 180 }])
  })

  test('兑换审批: 同意兑换 approves it', async () => {
    const pending = redemption({ can: { approve: true, reject: true } })
    h.setCloud(
      routes({
        'org.whoami': ok(SECRETARY_WH),
        'checkins.redemptions': ok([pending]),
        'checkins.approveRedemption': ok({ ...pending, status: 'approved', statusLabel: '已兑换', can: { approve: false, reject: false } }),
      }),
    )
    page = await h.render(ADMIN, { tab: 'redemptions' })
    await page.waitForText('兑换 社区理发一次 · 60 积分')
    await page.tapText('vadmin-card__btn', '同意兑换')
    await page.waitFor(() => texts(page!, 'vadmin-chip')[0] === '已兑换', '已兑换')
    expect(calls('approveRedemption').map((c) => c.payload)).toEqual([{ id: 'rdm-1' }])
  })

  test('全部成员 lists every registration; a refused decision shows the server’s sentence', async () => {
    h.setCloud(
      routes({
        'org.whoami': ok(SECRETARY_WH),
        'checkins.registrations': (p: { status?: string }) => ok(p.status ? [APPLICANT] : [registration(), APPLICANT]),
        'checkins.approve': fail('FAILED_PRECONDITION', '该申请已被处理'),
      }),
    )
    page = await h.render(ADMIN)
    await page.waitForText('刘芳')
    await page.tapText('vadmin-card__btn', '通过')
    await page.waitForText('该申请已被处理')
    await page.tapText('filter-chips__chip', '全部成员')
    await page.waitForText('共 2 人')
    expect(texts(page, 'vadmin-card__name')).toEqual(['王志强', '刘芳'])
  })

  test('not a secretary: a clear hint, and no checkins calls', async () => {
    h.setCloud(routes({ 'org.whoami': ok(VOLUNTEER) }))
    page = await h.render(ADMIN)
    await page.waitForText('只有社区书记可以审核双报到')
    expect(h.cloudCalls.filter((c) => c.name === 'checkins')).toHaveLength(0)
  })
})
