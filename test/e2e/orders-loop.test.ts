import { join } from 'node:path';
import { e2eSession, screenshotPage as screenshot, switchIdentity, visibleTestId, waitForRoute } from '../helpers/browser';
import { ROOT } from '../helpers/test-host';

const PHOTO = join(ROOT, 'test', 'fixtures', 'stairwell-light.png');
const DESCRIPTION = '1号楼3层楼道灯坏了一个多星期，晚上上下楼看不见，老人容易摔倒。';
const NOTE = '已更换3层楼道声控灯，现场试过，亮了。';

/**
 * The closed loop as the people on it do it, in a phone-sized browser on the local host:
 * 张桂兰 scans her building's door code and reports a broken light with a photo; 赵敏
 * (grid worker) claims, starts and resolves it with a note; 张桂兰 rates it 5 stars.
 */
describe('orders closed loop: QR → 点单 → 接单 → 办结 → 评单 (H5 on the local host)', () => {
  const e2e = e2eSession();
  let orderId = '';
  const timings: Record<string, number> = {};

  afterAll(() => {
    if (Object.keys(timings).length) console.log(`orders loop through the browser (ms): ${JSON.stringify(timings)}`);
  });

  const goHome = async () => {
    await e2e.page.goto(`${e2e.base}/#/pages/index/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(e2e.page, 'role-switcher').waitFor({ timeout: 30_000 });
  };

  const statusLabel = () => visibleTestId(e2e.page, 'order-status-label');

  it('张桂兰 opens her building QR code: the intake page names the building, no address to type', async () => {
    const qr = await e2e.host.call<{ url: string | null; scene: string; place: { name: string } }>('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary');
    if (!qr.ok) throw new Error(`org.qrcode failed: ${JSON.stringify(qr.error)}`);
    expect(qr.data.url).toContain('/#/pages/scan/index?scene=');
    const url = `${e2e.base}${(qr.data.url ?? '').slice((qr.data.url ?? '').indexOf('/#/'))}`;

    await goHome();
    await switchIdentity(e2e.page, 'demo-resident');
    await visibleTestId(e2e.page, 'home-greeting').filter({ hasText: '张桂兰' }).waitFor({ timeout: 15_000 });

    await e2e.page.goto(url, { waitUntil: 'domcontentloaded' });
    const place = visibleTestId(e2e.page, 'intake-place');
    await place.waitFor({ timeout: 20_000 });
    expect(await place.innerText()).toMatch(/您正在为\s*1号楼\s*反映问题/);
    expect(await place.innerText()).toContain('文汇社区');
    await visibleTestId(e2e.page, 'category-repair').waitFor();
    expect(await visibleTestId(e2e.page, 'category-grid').innerText()).toContain('维修报修');
    expect(await visibleTestId(e2e.page, 'category-emergency').innerText()).toContain('紧急求助');
    await screenshot(e2e.page, 'orders-1-intake');
  }, 90_000);

  it('she files a 维修报修 with a description and a photo; the order page confirms it', async () => {
    await visibleTestId(e2e.page, 'category-repair').click();
    await e2e.page.locator('[data-testid="intake-description"]:visible textarea').first().fill(DESCRIPTION);
    await visibleTestId(e2e.page, 'description-count').filter({ hasText: `${DESCRIPTION.length}/500` }).waitFor();

    // Taro's H5 chooseImage opens a hidden <input type=file>; answer its file chooser.
    const [chooser] = await Promise.all([e2e.page.waitForEvent('filechooser'), visibleTestId(e2e.page, 'photo-add').click()]);
    await chooser.setFiles(PHOTO);
    await e2e.page.locator('[data-testid="photo-item"][data-status="done"]:visible').first().waitFor({ timeout: 15_000 });

    await e2e.page.locator('[data-testid="intake-phone"]:visible input').first().fill('13800000001');
    await screenshot(e2e.page, 'orders-2-intake-filled');

    const t0 = Date.now();
    await visibleTestId(e2e.page, 'intake-submit').click();
    const query = await waitForRoute(e2e.page, '/pages/order/index');
    orderId = query.get('id') ?? '';
    expect(orderId).not.toBe('');
    await visibleTestId(e2e.page, 'order-new-banner').waitFor({ timeout: 15_000 });
    timings.submitToOrderPage = Date.now() - t0;
    expect(await statusLabel().innerText()).toBe('待接单');
    expect(await visibleTestId(e2e.page, 'order-description').innerText()).toBe(DESCRIPTION);
    // The photo went up to the host and is shown from there.
    const src = await e2e.page.locator('[data-testid="order-photos"]:visible img').first().getAttribute('src');
    expect(src).toMatch(/^\/uploads\/[a-f0-9]+\.png$/);
    // She sees her own number in full and can withdraw it before anyone claims it.
    expect(await visibleTestId(e2e.page, 'order-phone').innerText()).toContain('13800000001');
    expect(await visibleTestId(e2e.page, 'action-cancel').count()).toBe(1);
    expect(await visibleTestId(e2e.page, 'action-claim').count()).toBe(0);
    await visibleTestId(e2e.page, 'timeline').waitFor();
    await screenshot(e2e.page, 'orders-3-submitted');
  }, 60_000);

  it('赵敏 (grid worker) finds it in 待办 and claims it from the card', async () => {
    await goHome();
    await switchIdentity(e2e.page, 'demo-grid-worker');
    await visibleTestId(e2e.page, 'home-greeting').filter({ hasText: '赵敏' }).waitFor({ timeout: 15_000 });
    await visibleTestId(e2e.page, 'entry-work').click();
    await waitForRoute(e2e.page, '/packages/work/pages/index/index');
    const card = e2e.page.locator(`[data-testid="order-card"][data-id="${orderId}"]:visible`).first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.innerText()).toContain('维修报修');
    expect(await card.innerText()).toContain('已等待');
    await screenshot(e2e.page, 'orders-4-todo');

    const t0 = Date.now();
    await card.locator('[data-testid="quick-claim"]').click();
    await waitForRoute(e2e.page, '/pages/order/index');
    await statusLabel().filter({ hasText: '已接单' }).waitFor({ timeout: 15_000 });
    timings.claimToOrderPage = Date.now() - t0;
    // The handler's buttons, not the resident's.
    expect(await visibleTestId(e2e.page, 'action-start').count()).toBe(1);
    expect(await visibleTestId(e2e.page, 'action-resolve').count()).toBe(1);
    expect(await visibleTestId(e2e.page, 'action-cancel').count()).toBe(0);
    await screenshot(e2e.page, 'orders-5-claimed');
  }, 60_000);

  it('she starts it, then resolves it with a note', async () => {
    await visibleTestId(e2e.page, 'action-start').click();
    await statusLabel().filter({ hasText: '办理中' }).waitFor({ timeout: 15_000 });
    await visibleTestId(e2e.page, 'action-resolve').click();
    await e2e.page.locator('[data-testid="form-resolve-text"]:visible textarea').first().fill(NOTE);
    await screenshot(e2e.page, 'orders-6-resolving');
    await visibleTestId(e2e.page, 'form-resolve-confirm').click();
    await statusLabel().filter({ hasText: '已办结' }).waitFor({ timeout: 15_000 });
    expect(await visibleTestId(e2e.page, 'order-resolution').innerText()).toContain(NOTE);
    expect(await visibleTestId(e2e.page, 'order-actions').count()).toBe(0);
    await screenshot(e2e.page, 'orders-7-resolved');
  }, 60_000);

  it('张桂兰 opens 我的诉求 → the order, rates it 5 stars, and sees 已评价 and the whole timeline', async () => {
    await goHome();
    await switchIdentity(e2e.page, 'demo-resident');
    await visibleTestId(e2e.page, 'home-greeting').filter({ hasText: '张桂兰' }).waitFor({ timeout: 15_000 });
    await visibleTestId(e2e.page, 'entry-orders').click();
    await waitForRoute(e2e.page, '/pages/orders/index');
    const card = e2e.page.locator(`[data-testid="order-card"][data-id="${orderId}"]:visible`).first();
    await card.waitFor({ timeout: 15_000 });
    expect(await card.innerText()).toContain('已办结');
    await screenshot(e2e.page, 'orders-8-my-orders');

    await card.click();
    await waitForRoute(e2e.page, '/pages/order/index');
    await visibleTestId(e2e.page, 'rate-form').waitFor({ timeout: 15_000 });
    expect(await visibleTestId(e2e.page, 'order-resolution').innerText()).toContain(NOTE);
    await visibleTestId(e2e.page, 'rate-stars-5').click();
    await visibleTestId(e2e.page, 'rate-dim-speed-5').click();
    await visibleTestId(e2e.page, 'rate-dim-attitude-5').click();
    await visibleTestId(e2e.page, 'rate-dim-result-5').click();
    await visibleTestId(e2e.page, 'rate-tag-问题解决').click();
    await visibleTestId(e2e.page, 'rate-tag-响应及时').click();
    await e2e.page.locator('[data-testid="rate-comment"]:visible textarea').first().fill('灯修好了，谢谢赵敏！');
    await screenshot(e2e.page, 'orders-9-rating');
    await visibleTestId(e2e.page, 'rate-submit').click();

    await statusLabel().filter({ hasText: '已评价' }).waitFor({ timeout: 15_000 });
    expect(await visibleTestId(e2e.page, 'order-rating').innerText()).toContain('问题解决');
    expect(await visibleTestId(e2e.page, 'rate-form').count()).toBe(0);
    const timeline = await visibleTestId(e2e.page, 'timeline').innerText();
    for (const step of ['提交', '接单', '办理', '办结', '评价']) expect(timeline).toContain(step);
    expect(await e2e.page.locator('[data-testid="timeline-entry"]:visible').count()).toBeGreaterThanOrEqual(5);
    await screenshot(e2e.page, 'orders-10-rated');
  }, 60_000);

  it('her 消息 shows what happened, with the unread ones marked', async () => {
    await e2e.page.goto(`${e2e.base}/#/pages/inbox/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(e2e.page, 'inbox-item').waitFor({ timeout: 15_000 });
    const text = await e2e.page.locator('[data-testid="page-inbox"]:visible').first().innerText();
    expect(text).toMatch(/办结|接单/);
    await screenshot(e2e.page, 'orders-11-inbox');
  }, 30_000);

  it('陈秀英 (secretary) sees the order in the community list and can print the building code', async () => {
    await goHome();
    await switchIdentity(e2e.page, 'demo-secretary');
    await visibleTestId(e2e.page, 'home-greeting').filter({ hasText: '陈秀英' }).waitFor({ timeout: 15_000 });
    await visibleTestId(e2e.page, 'entry-secretary').click();
    await waitForRoute(e2e.page, '/packages/secretary/pages/index/index');
    // The workspace opens on 待办; the finished order is under 全部.
    await visibleTestId(e2e.page, 'chip-all').click();
    await e2e.page.locator(`[data-testid="order-card"][data-id="${orderId}"]:visible`).first().waitFor({ timeout: 15_000 });
    await screenshot(e2e.page, 'orders-12-secretary');

    await visibleTestId(e2e.page, 'entry-qrcode').click();
    await waitForRoute(e2e.page, '/packages/secretary/pages/qrcode/index');
    await visibleTestId(e2e.page, 'qr-pick-b-wh-1-1').click();
    await e2e.page.locator('[data-testid="qr-image"]:visible img').first().waitFor({ timeout: 15_000 });
    expect(await visibleTestId(e2e.page, 'qr-code').innerText()).toContain('1号楼');
    await screenshot(e2e.page, 'orders-13-qrcode');
  }, 60_000);

  it('in 大字模式 the intake page is bigger and 紧急求助 warns to call 119/120 first', async () => {
    await goHome();
    await switchIdentity(e2e.page, 'demo-resident');
    await e2e.page.goto(`${e2e.base}/#/pages/me/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(e2e.page, 'large-font-toggle').click();
    await visibleTestId(e2e.page, 'large-font-toggle').filter({ hasText: '已开启' }).waitFor();
    const qr = await e2e.host.call<{ url: string }>('org', 'qrcode', { orgId: 'u-wh-1-1-2' }, 'demo-secretary');
    if (!qr.ok) throw new Error(`org.qrcode failed: ${JSON.stringify(qr.error)}`);
    await e2e.page.goto(`${e2e.base}${qr.data.url.slice(qr.data.url.indexOf('/#/'))}`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(e2e.page, 'intake-place-name').filter({ hasText: '1号楼2单元' }).waitFor({ timeout: 20_000 });
    expect(await e2e.page.locator('.page--large:visible').count()).toBe(1);
    await visibleTestId(e2e.page, 'category-emergency').click();
    await visibleTestId(e2e.page, 'emergency-warning').filter({ hasText: '如遇火灾、急病请先拨打119/120' }).waitFor();
    await screenshot(e2e.page, 'orders-14-intake-large-font');
    // Back to normal size for whoever uses this browser next.
    await e2e.page.goto(`${e2e.base}/#/pages/me/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(e2e.page, 'large-font-toggle').click();
    await visibleTestId(e2e.page, 'large-font-toggle').filter({ hasText: '已关闭' }).waitFor();
  }, 60_000);

  it('raised no page errors', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});
