import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chinaPhonePage, goHomeAs, launchBrowser, screenshotPage as screenshot, visibleTestId, waitForRoute } from '../helpers/browser';
import { ROOT, startTestHost, type TestHost } from '../helpers/test-host';

const H5_DIR = join(ROOT, 'dist-h5');

/**
 * 职责委托 as 陈秀英 uses it (H5, phone viewport): she opens the page from her workspace,
 * hands her duties to 赵敏 (the only staff of 文汇社区 she may choose) for three days, sees it
 * running, then revokes it after the confirmation; 赵敏's secretary grant is gone at once.
 */
describe('职责委托 (H5 on the local host, phone viewport)', () => {
  let host: TestHost;
  let base: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(H5_DIR, 'index.html'))) throw new Error('dist-h5/ is missing: run `npm run build:h5` (npm test does it)');
    host = startTestHost({ h5Dir: H5_DIR });
    base = `http://127.0.0.1:${await host.listen(0)}`;
    browser = await launchBrowser();
    page = await chinaPhonePage(browser);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.destroy();
  });

  it('the secretary delegates to 赵敏, sees it running, and revokes it after confirming', async () => {
    await goHomeAs(page, base, 'demo-secretary');
    await page.goto(`${base}/#/packages/secretary/pages/index/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(page, 'entry-delegation').click();
    await waitForRoute(page, '/packages/secretary/pages/delegation/index');
    await visibleTestId(page, 'delegation-new').waitFor({ timeout: 15_000 });
    // Nothing yet: the empty state says so.
    await visibleTestId(page, 'state-empty').waitFor();
    const candidates = page.locator('[data-testid="delegation-candidate"]:visible');
    await expect(candidates.allInnerTexts()).resolves.toEqual([expect.stringContaining('赵敏')]);
    // Submitting without a deputy or a reason is stopped on the page.
    await visibleTestId(page, 'delegation-submit').click();
    await visibleTestId(page, 'delegation-deputy-error').waitFor();
    await candidates.first().click();
    await visibleTestId(page, 'delegation-spans').locator('[data-testid="chip-3"]').click();
    await visibleTestId(page, 'delegation-reason').locator('textarea').fill('外出参加区委党校培训三天');
    await screenshot(page, 'delegation-1-form');
    await visibleTestId(page, 'delegation-submit').click();
    const card = visibleTestId(page, 'delegation-card');
    await card.waitFor({ timeout: 15_000 });
    await expect(card.innerText()).resolves.toMatch(/陈秀英 → 赵敏[\s\S]*生效中[\s\S]*外出参加区委党校培训三天/);
    expect(await host.call('checkins', 'registrations', { communityId: 'c-wh' }, 'demo-grid-worker')).toMatchObject({ ok: true });
    await screenshot(page, 'delegation-2-running');

    // Revoke: a confirmation first; cancelling keeps it.
    await visibleTestId(page, 'delegation-revoke').click();
    await visibleTestId(page, 'delegation-confirm').waitFor();
    await visibleTestId(page, 'delegation-cancel-revoke').click();
    await visibleTestId(page, 'delegation-revoke').waitFor();
    expect(await host.call('checkins', 'registrations', { communityId: 'c-wh' }, 'demo-grid-worker')).toMatchObject({ ok: true });
    await visibleTestId(page, 'delegation-revoke').click();
    await screenshot(page, 'delegation-3-confirm');
    await visibleTestId(page, 'delegation-confirm-revoke').click();
    // It leaves the running list and shows under 已结束 as revoked.
    await visibleTestId(page, 'state-empty').waitFor({ timeout: 15_000 });
    await visibleTestId(page, 'delegation-tabs').locator('[data-testid="chip-ended"]').click();
    await expect(visibleTestId(page, 'delegation-card').innerText()).resolves.toMatch(/已撤销[\s\S]*由陈秀英撤销/);
    await screenshot(page, 'delegation-4-revoked');
    expect(await host.call('checkins', 'registrations', { communityId: 'c-wh' }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('a grid worker opening the page is told only secretaries may delegate', async () => {
    await goHomeAs(page, base, 'demo-grid-worker');
    await page.goto(`${base}/#/packages/secretary/pages/delegation/index`, { waitUntil: 'domcontentloaded' });
    await waitForRoute(page, '/packages/secretary/pages/delegation/index');
    await page.getByText('只有社区书记可以委托职责。').first().waitFor({ timeout: 15_000 });
    await expect(page.locator('[data-testid="delegation-new"]:visible').count()).resolves.toBe(0);
  }, 60_000);
});
