import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, phonePage, screenshot } from '../helpers/browser';
import { ROOT, startTestHost, type TestHost } from '../helpers/test-host';

const H5_DIR = join(ROOT, 'dist-h5');
const byTestId = (id: string) => `[data-testid="${id}"]`;

/** The user's path in a real browser: open the app, switch role, see that role's home. */
describe('H5 app on the local host, in headless Chromium', () => {
  let host: TestHost;
  let base: string;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(H5_DIR, 'index.html'))) throw new Error('dist-h5/ is missing: run `npm run build:h5` (npm test does it)');
    host = startTestHost({ h5Dir: H5_DIR });
    base = `http://127.0.0.1:${await host.listen(0)}`;
    browser = await launchBrowser();
    page = await phonePage(browser);
    page.on('pageerror', (error) => consoleErrors.push(String(error)));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.destroy();
  });

  const switchTo = async (openid: string) => {
    await page.locator(byTestId('role-switcher-toggle')).first().click();
    await page.locator(byTestId(`identity-option-${openid}`)).first().click();
  };

  it('opens on the home page with the dev role switcher', async () => {
    await page.goto(base, { waitUntil: 'domcontentloaded' });
    await page.locator(byTestId('role-switcher')).first().waitFor({ timeout: 30_000 });
    expect(await page.title()).toContain('红色网格');
    // A first visit acts as the first demo person instead of meeting "请先登录".
    await page.locator(byTestId('home-greeting')).filter({ hasText: '张桂兰' }).first().waitFor({ timeout: 15_000 });
    expect(await page.locator(byTestId('state-error')).count()).toBe(0);
    await screenshot(page, 'e2e-first-visit');
  }, 60_000);

  it('as the community secretary: greeting, role card with the community, secretary entries', async () => {
    await switchTo('demo-secretary');
    await page.locator(byTestId('home-greeting')).filter({ hasText: '陈秀英' }).first().waitFor({ timeout: 15_000 });
    const card = page.locator(`${byTestId('home-role-card')}[data-role="secretary"]`).first();
    await card.waitFor();
    expect(await card.innerText()).toMatch(/社区书记[\s\S]*文汇社区/);
    expect(await page.locator(byTestId('role-switcher-current')).first().innerText()).toContain('陈秀英');
    await screenshot(page, 'e2e-home-secretary');
  }, 30_000);

  it('as a resident: the resident entries (扫码报事, 我的诉求), not the secretary workbench', async () => {
    await switchTo('demo-resident');
    await page.locator(byTestId('home-greeting')).filter({ hasText: '张桂兰' }).first().waitFor({ timeout: 15_000 });
    const card = page.locator(`${byTestId('home-role-card')}[data-role="resident"]`).first();
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain('扫码报事');
    expect(text).toContain('我的诉求');
    expect(await page.locator(`${byTestId('home-role-card')}[data-role="secretary"]`).count()).toBe(0);
    await screenshot(page, 'e2e-home-resident');
  }, 30_000);

  it('as the district admin with several roles worth of entries', async () => {
    await switchTo('demo-district-admin');
    await page.locator(byTestId('home-greeting')).filter({ hasText: '吴国栋' }).first().waitFor({ timeout: 15_000 });
    expect(await page.locator(`${byTestId('home-role-card')}[data-role="district_admin"]`).first().innerText()).toContain('渭城区');
    await screenshot(page, 'e2e-home-district-admin');
  }, 30_000);

  it('the scan page shows the scene of a building QR code', async () => {
    await page.goto(`${base}/#/pages/scan/index?scene=${encodeURIComponent('Bwh11.k3J9x')}`, { waitUntil: 'domcontentloaded' });
    const scene = page.locator(byTestId('scan-scene')).first();
    await scene.waitFor({ timeout: 15_000 });
    expect(await scene.innerText()).toContain('Bwh11.k3J9x');
    await screenshot(page, 'e2e-scan-scene');
  }, 30_000);

  it('raised no page errors', () => {
    expect(consoleErrors).toEqual([]);
  });
});
