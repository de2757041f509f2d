import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { parseCsv } from '../../domain/model/csv';
import type { OrderView, SubmitResult } from '../../domain/orders/api';
import type { ScoresView } from '../../domain/scoring/scores';
import { e2eSession, goHomeAs, screenshotPage as screenshot, visibleTestId, waitForRoute } from '../helpers/browser';

const DAY = 86_400_000;

/**
 * 半年一评议, 数据明细 and 数据导出 as the people use them (H5, phone viewport):
 * orders are filed, handled and rated in March 2026; on 1 July 吴国栋 (district) freezes the first
 * half-year; 孙伟 (street) writes a comment on 文汇社区 and downloads the Excel file; 陈秀英
 * (secretary) sees her row with the comment, opens the orders behind 满意, and exports the
 * half-year's orders as CSV whose rows equal the count on her scorecard.
 */
describe('半年一评议 and exports (H5 on the local host, phone viewport)', () => {
  const e2e = e2eSession();
  const rated: Record<string, number> = {};

  const loop = async (n: number, stars: number): Promise<OrderView> => {
    const s = await e2e.host.call<SubmitResult>('orders', 'submit', { orgId: 'b-wh-1-1', category: 'repair', description: `评议演示：楼道第${n}处问题需要维修` }, 'demo-resident');
    if (!s.ok) throw new Error(JSON.stringify(s.error));
    const step = async (action: string, payload: object, who: string) => {
      const env = await e2e.host.call<OrderView>('orders', action, payload, who);
      if (!env.ok) throw new Error(`${action}: ${JSON.stringify(env.error)}`);
      return env.data;
    };
    await step('claim', { id: s.data.order.id, version: s.data.order.version }, 'demo-grid-worker');
    await step('resolve', { id: s.data.order.id, note: '已修好' }, 'demo-grid-worker');
    const o = await step('rate', { id: s.data.order.id, stars }, 'demo-resident');
    rated[o.id] = stars;
    return o;
  };

  beforeAll(async () => {
    for (const [n, stars] of [5, 4, 5, 3].entries()) await loop(n + 1, stars);
    await e2e.host.trigger('sweep');
    e2e.host.clock.advance(121 * DAY); // Monday 2 March → 1 July 2026: the first half-year has ended
  }, 60_000);

  const actAs = async (openid: string, route: string) => {
    await goHomeAs(e2e.page, e2e.base, openid);
    await e2e.page.goto(`${e2e.base}/#${route}`, { waitUntil: 'domcontentloaded' });
    await waitForRoute(e2e.page, route.split('?')[0]);
  };

  it('the district admin freezes the first half-year; every community is ranked', async () => {
    await actAs('demo-district-admin', '/packages/secretary/pages/review/index');
    await visibleTestId(e2e.page, 'state-empty').waitFor({ timeout: 15_000 });
    await visibleTestId(e2e.page, 'review-open').filter({ hasText: '2026年上半年' }).waitFor();
    await screenshot(e2e.page, 'review-1-open');
    await visibleTestId(e2e.page, 'review-open-submit').click();
    await visibleTestId(e2e.page, 'review-detail').waitFor({ timeout: 15_000 });
    for (const c of ['c-wh', 'c-ms', 'c-cy', 'c-xl']) await visibleTestId(e2e.page, `review-row-${c}`).waitFor();
    await expect(visibleTestId(e2e.page, 'review-row-c-wh').innerText()).resolves.toContain('陈秀英');
    await screenshot(e2e.page, 'review-2-frozen');
  });

  it('the street admin comments on 文汇社区 and downloads the Excel file', async () => {
    await actAs('demo-street-admin', '/packages/secretary/pages/review/index');
    await visibleTestId(e2e.page, 'review-row-c-wh').waitFor({ timeout: 15_000 });
    expect(await e2e.page.locator('[data-testid^="review-row-"]:visible').count()).toBe(2);
    await visibleTestId(e2e.page, 'review-row-c-wh').locator('[data-testid="review-comment-edit"]').click();
    await visibleTestId(e2e.page, 'review-comment-text').locator('textarea').fill('群众工作扎实，回访及时，双报到党员服务积极。');
    await visibleTestId(e2e.page, 'review-comment-save').click();
    await visibleTestId(e2e.page, 'review-comment').filter({ hasText: '群众工作扎实' }).waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([e2e.page.waitForEvent('download'), visibleTestId(e2e.page, 'review-export-xlsx').click()]);
    expect(download.suggestedFilename()).toMatch(/^半年评议-2026年上半年-.*\.xlsx$/);
    const sheet = strFromU8(unzipSync(readFileSync((await download.path()) ?? ''))['xl/worksheets/sheet1.xml']);
    expect(sheet).toContain('文汇社区');
    expect(sheet).toContain('群众工作扎实');
    await visibleTestId(e2e.page, 'review-export-note').waitFor();
    await screenshot(e2e.page, 'review-3-street');
  });

  it('the secretary sees her row with the comment, the orders behind 满意, and exports the half-year as CSV', async () => {
    await actAs('demo-secretary', '/packages/secretary/pages/review/index');
    await visibleTestId(e2e.page, 'review-comment').filter({ hasText: '群众工作扎实' }).waitFor({ timeout: 15_000 });
    expect(await e2e.page.locator('[data-testid^="review-row-"]:visible').count()).toBe(1);
    await screenshot(e2e.page, 'review-4-secretary');

    const satisfied = Object.values(rated).filter((s) => s >= 4).length;
    await e2e.page.goto(`${e2e.base}/#/packages/secretary/pages/evidence/index?orgId=c-wh&metric=satisfied&from=2026-01-01&to=2026-06-30&name=${encodeURIComponent('文汇社区')}`);
    await visibleTestId(e2e.page, 'evidence-list').waitFor({ timeout: 15_000 });
    await e2e.page.locator('[data-testid="evidence-list"]:visible .order-card').first().waitFor();
    expect(await e2e.page.locator('[data-testid="evidence-list"]:visible .order-card').count()).toBe(satisfied);
    await screenshot(e2e.page, 'review-5-evidence');

    await e2e.page.goto(`${e2e.base}/#/packages/secretary/pages/exports/index`);
    await visibleTestId(e2e.page, 'exports-start').waitFor({ timeout: 15_000 });
    await visibleTestId(e2e.page, 'exports-period').locator('[data-testid="chip-year"]').click();
    const [download] = await Promise.all([e2e.page.waitForEvent('download'), visibleTestId(e2e.page, 'exports-start').click()]);
    const csv = parseCsv(readFileSync((await download.path()) ?? '', 'utf8'));
    const scores = await e2e.host.call<ScoresView>('scoring', 'scores', { orgId: 'c-wh', from: '2026-01-01', to: '2026-07-01' }, 'demo-secretary');
    if (!scores.ok) throw new Error(JSON.stringify(scores.error));
    expect(csv[0][0]).toBe('编号');
    expect(csv.length - 1).toBe(scores.data.count);
    await visibleTestId(e2e.page, 'exports-done').filter({ hasText: `共 ${scores.data.count} 行` }).waitFor();
    await screenshot(e2e.page, 'review-6-exported');
    expect(e2e.pageErrors).toEqual([]);
  });
});
