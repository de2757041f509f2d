import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chinaPhonePage, launchBrowser, screenshotPage as screenshot, switchIdentity, visibleTestId, waitForRoute } from '../helpers/browser';
import { ROOT, startTestHost, type TestHost } from '../helpers/test-host';

const H5_DIR = join(ROOT, 'dist-h5');
const PHOTO = join(ROOT, 'test', 'fixtures', 'stairwell-light.png');
const DESCRIPTION = '1号楼3层楼道灯坏了一个多星期，晚上上下楼看不见，老人容易摔倒。';
const NOTE = '已更换3层楼道声控灯，现场试过，亮了。';

/**
 * The closed loop as the people on it do it, in a phone-sized browser on the local host:
 * 张桂兰 scans her building's door code and reports a broken light with a photo; 赵敏
 * (grid worker) claims, starts and resolves it with a note; 张桂兰 rates it 5 stars.
 */
describe('orders closed loop: QR → 点单 → 接单 → 办结 → 评单 (H5 on the local host)', () => {
  let host: TestHost;
  let base: string;
  let browser: Browser;
  let page: Page;
  let orderId = '';
  const pageErrors: string[] = [];
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    if (!existsSync(join(H5_DIR, 'index.html'))) throw new Error('dist-h5/ is missing: run `npm run build:h5` (npm test does it)');
    host = startTestHost({ h5Dir: H5_DIR });
    base = `http://127.0.0.1:${await host.listen(0)}`;
    browser = await launchBrowser();
    page = await chinaPhonePage(browser);
    page.on('pageerror', (error) => pageErrors.push(String(error)));
  }, 60_000);

  afterAll(async () => {
    if (Object.keys(timings).length) console.log(`orders loop through the browser (ms): ${JSON.stringify(timings)}`);
    await browser?.close();
    await host?.destroy();
  });

  const goHome = async () => {
    await page.goto(`${base}/#/pages/index/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(page, 'role-switcher').waitFor({ timeout: 30_000 });
  };

  const statusLabel = () => visibleTestId(page, 'order-status-label');

  it('张桂兰 opens her building QR code: the intake page names the building, no address to type', async () => {
    const qr = await host.call<{ url: string | null; scene: string; place: { name: string } }>('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary');
    if (!qr.ok) throw new Error(`org.qrcode failed: ${JSON.stringify(qr.error)}`);
    expect(qr.data.url).toContain('/#/pages/scan/index?scene=');
    const url = `${base}${(qr.data.url ?? '').slice((qr.data.url ?? '').indexOf('/#/'))}`;

    await goHome();
    await switchIdentity(page, 'demo-resident');
    await visibleTestId(page, 'home-greeting').filter({ hasText: '张桂兰' }).waitFor({ timeout: 15_000 });

    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const place = visibleTestId(page, 'intake-place');
    await place.waitFor({ timeout: 20_000 });
    expect(await place.innerText()).toMatch(/您正在为\s*1号楼\s*反映问题/);
    expect(await place.innerText()).toContain('文汇社区');
    await visibleTestId(page, 'category-repair').waitFor();
    expect(await visibleTestId(page, 'category-grid').innerText()).toContain('维修报修');
    expect(await visibleTestId(page, 'category-emergency').innerText()).toContain('紧急求助');
    await screenshot(page, 'orders-1-intake');
  }, 90_000);

  it('she files a 维修报修 with a description and a photo; the order page confirms it', async () => {
    await visibleTestId(page, 'category-repair').click();
    await page.locator('[data-testid="intake-description"]:visible textarea').first().fill(DESCRIPTION);
    await visibleTestId(page, 'description-count').filter({ hasText: `${DESCRIPTION.length}/500` }).waitFor();

    // Taro's H5 chooseImage opens a hidden <input type=file>; answer its file chooser.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), visibleTestId(page, 'photo-add').click()]);
    await chooser.setFiles(PHOTO);
    await page.locator('[data-testid="photo-item"][data-status="done"]:visible').first().waitFor({ timeout: 15_000 });

    await page.locator('[data-testid="intake-phone"]:visible input').first().fill('13800000001');
    await screenshot(page, 'orders-2-intake-filled');

    const t0 = Date.now();
    await visibleTestId(page, 'intake-submit').click();
    const query = await waitForRoute(page, '/pages/order/index');
    orderId = query.get('id') ?? '';
    expect(orderId).not.toBe('');
    await visibleTestId(page, 'order-new-banner').waitFor({ timeout: 15_000 });
    timings.submitToOrderPage = Date.now() - t0;
    expect(await statusLabel().innerText()).toBe('待接单');
    expect(await visibleTestId(page, 'order-description').innerText()).toBe(DESCRIPTION);
    // The photo went up to the host and is shown from there.
    const src = await page.locator('[data-testid="order-photos"]:visible img').first().getAttribute('src');
    expect(src).toMatch(/^\/uploads\/[a-f0-9]+\.png$/);
    // She sees her own number in full and can withdraw it before anyone claims it.
    expect(await visibleTestId(page, 'order-phone').innerText()).toContain('13800000001');
    expect(await visibleTestId(page, 'action-cancel').count()).toBe(1);
    expect(await visibleTestId(page, 'action-claim').count()).toBe(0);
    await visibleTestId(page, 'timeline').waitFor();
    await screenshot(page, 'orders-3-submitted');
  }, 60_000);

  it('赵敏 (grid worker) finds it in 待办 and claims it from the card', async () => {
    await goHome();
    await switchIdentity(page, 'demo-grid-worker');
    await visibleTestId(page, 'home-greeting').filter({ hasText: '赵敏' }).waitFor({ timeout: 15_000 });
    await visibleTestId(page, 'entry-work').click();
    await waitForRoute(page, '/packages/work/pages/index/index');
    const card = page.locator(`[data-testid="order-card"][data-id="${orderId}"]:visible`).first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.innerText()).toContain('维修报修');
    expect(await card.innerText()).toContain('已等待');
    await screenshot(page, 'orders-4-todo');

    const t0 = Date.now();
    await card.locator('[data-testid="quick-claim"]').click();
    await waitForRoute(page, '/pages/order/index');
    await statusLabel().filter({ hasText: '已接单' }).waitFor({ timeout: 15_000 });
    timings.claimToOrderPage = Date.now() - t0;
    // The handler's buttons, not the resident's.
    expect(await visibleTestId(page, 'action-start').count()).toBe(1);
    expect(await visibleTestId(page, 'action-resolve').count()).toBe(1);
    expect(await visibleTestId(page, 'action-cancel').count()).toBe(0);
    await screenshot(page, 'orders-5-claimed');
  }, 60_000);

  it('she starts it, then resolves it with a note', async () => {
    await visibleTestId(page, 'action-start').click();
    await statusLabel().filter({ hasText: '办理中' }).waitFor({ timeout: 15_000 });
    await visibleTestId(page, 'action-resolve').click();
    await page.locator('[data-testid="form-resolve-text"]:visible textarea').first().fill(NOTE);
    await screenshot(page, 'orders-6-resolving');
    await visibleTestId(page, 'form-resolve-confirm').click();
    await statusLabel().filter({ hasText: '已办结' }).waitFor({ timeout: 15_000 });
    expect(await visibleTestId(page, 'order-resolution').innerText()).toContain(NOTE);
    expect(await visibleTestId(page, 'order-actions').count()).toBe(0);
    await screenshot(page, 'orders-7-resolved');
  }, 60_000);

  it('张桂兰 opens 我的诉求 → the order, rates it 5 stars, and sees 已评价 and the whole timeline', async () => {
    await goHome();
    await switchIdentity(page, 'demo-resident');
    await visibleTestId(page, 'home-greeting').filter({ hasText: '张桂兰' }).waitFor({ timeout: 15_000 });
    await visibleTestId(page, 'entry-orders').click();
    await waitForRoute(page, '/pages/orders/index');
    const card = page.locator(`[data-testid="order-card"][data-id="${orderId}"]:visible`).first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.innerText()).toContain('已办结');
    await screenshot(page, 'orders-8-my-orders');

    await card.click();
    await waitForRoute(page, '/pages/order/index');
    await visibleTestId(page, 'rate-form').waitFor({ timeout: 15_000 });
    expect(await visibleTestId(page, 'order-resolution').innerText()).toContain(NOTE);
    await visibleTestId(page, 'rate-stars-5').click();
    await visibleTestId(page, 'rate-dim-speed-5').click();
    await visibleTestId(page, 'rate-dim-attitude-5').click();
    await visibleTestId(page, 'rate-dim-result-5').click();
    await visibleTestId(page, 'rate-tag-问题解决').click();
    await visibleTestId(page, 'rate-tag-响应及时').click();
    await page.locator('[data-testid="rate-comment"]:visible textarea').first().fill('灯修好了，谢谢赵敏！');
    await screenshot(page, 'orders-9-rating');
    await visibleTestId(page, 'rate-submit').click();

    await statusLabel().filter({ hasText: '已评价' }).waitFor({ timeout: 15_000 });
    expect(await visibleTestId(page, 'order-rating').innerText()).toContain('问题解决');
    expect(await visibleTestId(page, 'rate-form').count()).toBe(0);
    const timeline = await visibleTestId(page, 'timeline').innerText();
    for (const step of ['提交', '接单', '办理', '办结', '评价']) expect(timeline).toContain(step);
    expect(await page.locator('[data-testid="timeline-entry"]:visible').count()).toBeGreaterThanOrEqual(5);
    await screenshot(page, 'orders-10-rated');
  }, 60_000);

  it('her 消息 shows what happened, with the unread ones marked', async () => {
    await page.goto(`${base}/#/pages/inbox/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(page, 'inbox-item').waitFor({ timeout: 15_000 });
    const text = await page.locator('[data-testid="page-inbox"]:visible').first().innerText();
    expect(text).toMatch(/办结|接单/);
    await screenshot(page, 'orders-11-inbox');
  }, 30_000);

  it('陈秀英 (secretary) sees the order in the community list and can print the building code', async () => {
    await goHome();
    await switchIdentity(page, 'demo-secretary');
    await visibleTestId(page, 'home-greeting').filter({ hasText: '陈秀英' }).waitFor({ timeout: 15_000 });
    await visibleTestId(page, 'entry-secretary').click();
    await waitForRoute(page, '/packages/secretary/pages/index/index');
    // The workspace opens on 待办; the finished order is under 全部.
    await visibleTestId(page, 'chip-all').click();
    await page.locator(`[data-testid="order-card"][data-id="${orderId}"]:visible`).first().waitFor({ timeout: 15_000 });
    await screenshot(page, 'orders-12-secretary');

    await visibleTestId(page, 'entry-qrcode').click();
    await waitForRoute(page, '/packages/secretary/pages/qrcode/index');
    await visibleTestId(page, 'qr-pick-b-wh-1-1').click();
    await page.locator('[data-testid="qr-image"]:visible img').first().waitFor({ timeout: 15_000 });
    expect(await visibleTestId(page, 'qr-code').innerText()).toContain('1号楼');
    await screenshot(page, 'orders-13-qrcode');
  }, 60_000);

  it('in 大字模式 the intake page is bigger and 紧急求助 warns to call 119/120 first', async () => {
    await goHome();
    await switchIdentity(page, 'demo-resident');
    await page.goto(`${base}/#/pages/me/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(page, 'large-font-toggle').click();
    await visibleTestId(page, 'large-font-toggle').filter({ hasText: '已开启' }).waitFor();
    const qr = await host.call<{ url: string }>('org', 'qrcode', { orgId: 'u-wh-1-1-2' }, 'demo-secretary');
    if (!qr.ok) throw new Error(`org.qrcode failed: ${JSON.stringify(qr.error)}`);
    await page.goto(`${base}${qr.data.url.slice(qr.data.url.indexOf('/#/'))}`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(page, 'intake-place-name').filter({ hasText: '1号楼2单元' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('.page--large:visible').count()).toBe(1);
    await visibleTestId(page, 'category-emergency').click();
    await visibleTestId(page, 'emergency-warning').filter({ hasText: '如遇火灾、急病请先拨打119/120' }).waitFor();
    await screenshot(page, 'orders-14-intake-large-font');
    // Back to normal size for whoever uses this browser next.
    await page.goto(`${base}/#/pages/me/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(page, 'large-font-toggle').click();
    await visibleTestId(page, 'large-font-toggle').filter({ hasText: '已关闭' }).waitFor();
  }, 60_000);

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
