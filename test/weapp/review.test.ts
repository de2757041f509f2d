import { weappHarness, type RenderedPage } from './harness'
import { fail, ok, routes, SECRETARY } from './fixtures'

const h = weappHarness()
let page: RenderedPage

const REVIEW = 'packages/secretary/pages/review/index'
const STREET = {
  openid: 'demo-street-sun',
  name: '孙伟',
  roles: [{ role: 'street_admin', orgId: 's-wy', orgName: '渭阳街道', orgLabel: '渭阳街道', orgType: 'street' }],
}
const SUMMARY = { _id: 'rv_d-wc_2026h1', districtId: 'd-wc', year: 2026, half: 1, label: '2026年上半年', from: '2026-01-01', to: '2026-06-30', openedAt: Date.parse('2026-07-01T09:00:00+08:00'), openedByName: '吴国栋' }
const row = (communityId: string, communityName: string, rank: number, extra: object = {}) => ({
  rank,
  communityId,
  communityName,
  streetId: 's-wy',
  streetName: '渭阳街道',
  secretaries: ['王建华'],
  count: 120,
  acceptRate: 0.95,
  onTimeResolveRate: 0.9,
  satisfactionRate: 0.925,
  smoothedSatisfaction: 4.61,
  reopenRate: 0.02,
  gridShare: 0.8,
  rated: 100,
  visited: 20,
  visitSatisfiedRate: 0.85,
  service: { volunteers: 30, sessions: 75, hours: 180.5 },
  comment: null,
  canComment: false,
  ...extra,
})
const reviewOf = (rows: object[]) => ({ ...SUMMARY, openedBy: 'x', prior: { mean: 4.2, weight: 10 }, rows })
const calls = (action: string) => h.cloudCalls.filter((c) => c.name === 'scoring' && c.data.action === action).map((c) => c.data)

describe('半年一评议 (packages/secretary/pages/review/index)', () => {
  test('a secretary sees her community’s frozen row: rank, the rates, visits and 双报到 service', async () => {
    h.setCloud(
      routes({
        'org.whoami': ok(SECRETARY),
        'scoring.reviews': ok({ items: [SUMMARY] }),
        'scoring.review': ok(reviewOf([row('c-wenhui', '文汇社区', 2, { comment: { text: '工作扎实', byName: '孙伟', at: SUMMARY.openedAt } })])),
      }),
    )
    page = await h.render(REVIEW)
    await page.waitForText('第2名')
    expect(calls('reviews').map((c) => c.payload)).toEqual([{ orgId: 'c-wenhui' }])
    expect(calls('review').map((c) => c.payload)).toEqual([{ id: 'rv_d-wc_2026h1', orgId: 'c-wenhui' }])
    const text = page.text()
    for (const t of ['文汇社区', '92.5%', '4.61', '95.0%', '90.0%', '2.0%', '85.0%', '双报到 30 人服务 75 次、180.5 小时', '工作扎实']) expect(text).toContain(t)
    expect(text).not.toContain('写评语')
    expect(text).not.toContain('开展半年评议')
  })

  test('nothing frozen yet: a clear empty state', async () => {
    h.setCloud(routes({ 'org.whoami': ok(SECRETARY), 'scoring.reviews': ok({ items: [] }) }))
    page = await h.render(REVIEW)
    await page.waitForText('还没有开展过半年评议')
  })

  test('a street admin writes a comment; a refusal is shown, the text stays', async () => {
    let answer: unknown = fail('INVALID_ARGUMENT', '内容含有不适宜发布的信息，请修改后再提交')
    h.setCloud(
      routes({
        'org.whoami': ok(STREET),
        'scoring.reviews': ok({ items: [SUMMARY] }),
        'scoring.review': ok(reviewOf([row('c-wenhui', '文汇社区', 1, { canComment: true }), row('c-minsheng', '民生社区', 3, { canComment: true })])),
        'scoring.commentReview': () => answer,
      }),
    )
    page = await h.render(REVIEW)
    await page.waitForText('民生社区')
    await page.tap('review-row__comment-btn') // 写评语 on the first card
    await page.waitForText('保存评语')
    page.findAll('text-box')[0].dispatchEvent('input', { detail: { value: '回访及时，群众满意' } })
    await page.tap('review-form__save')
    await page.waitForText('内容含有不适宜发布的信息')
    answer = ok({ communityId: 'c-wenhui', comment: { text: '回访及时，群众满意', byName: '孙伟', at: SUMMARY.openedAt } })
    await page.tap('review-form__save')
    await page.waitForText('回访及时，群众满意') // the saved comment, shown in place of the form
    expect(page.findAll('review-form__save')).toHaveLength(0)
    expect(calls('commentReview').map((c) => c.payload)).toEqual([
      { id: 'rv_d-wc_2026h1', communityId: 'c-wenhui', text: '回访及时，群众满意' },
      { id: 'rv_d-wc_2026h1', communityId: 'c-wenhui', text: '回访及时，群众满意' },
    ])
  })
})
