import { byTestId, e2eSession, screenshot } from '../helpers/browser';

/** The user's path in a real browser: open the app, switch role, see that role's home. */
describe('H5 app on the local host, in headless Chromium', () => {
  const e2e = e2eSession();

  const switchTo = async (openid: string) => {
    await e2e.page.locator(byTestId('role-switcher-toggle')).first().click();
    await e2e.page.locator(byTestId(`identity-option-${openid}`)).first().click();
  };

  it('opens on the home page with the dev role switcher', async () => {
    await e2e.page.goto(e2e.base, { waitUntil: 'domcontentloaded' });
    await e2e.page.locator(byTestId('role-switcher')).first().waitFor({ timeout: 30_000 });
    expect(await e2e.page.title()).toContain('红色网格');
    // A first visit acts as the first demo person instead of meeting "请先登录".
    await e2e.page.locator(byTestId('home-greeting')).filter({ hasText: '张桂兰' }).first().waitFor({ timeout: 15_000 });
    expect(await e2e.page.locator(byTestId('state-error')).count()).toBe(0);
    await screenshot(e2e.page, 'e2e-first-visit');
  }, 60_000);

  it('as the community secretary: greeting, role card with the community, secretary entries', async () => {
    await switchTo('demo-secretary');
    await e2e.page.locator(byTestId('home-greeting')).filter({ hasText: '陈秀英' }).first().waitFor({ timeout: 15_000 });
    const card = e2e.page.locator(`${byTestId('home-role-card')}[data-role="secretary"]`).first();
    await card.waitFor();
    expect(await card.innerText()).toMatch(/社区书记[\s\S]*文汇社区/);
    expect(await e2e.page.locator(byTestId('role-switcher-current')).first().innerText()).toContain('陈秀英');
    await screenshot(e2e.page, 'e2e-home-secretary');
  }, 30_000);

  it('as a resident: the resident entries (扫码报事, 我的诉求), not the secretary workbench', async () => {
    await switchTo('demo-resident');
    await e2e.page.locator(byTestId('home-greeting')).filter({ hasText: '张桂兰' }).first().waitFor({ timeout: 15_000 });
    const card = e2e.page.locator(`${byTestId('home-role-card')}[data-role="resident"]`).first();
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain('扫码报事');
    expect(text).toContain('我的诉求');
    expect(await e2e.page.locator(`${byTestId('home-role-card')}[data-role="secretary"]`).count()).toBe(0);
    await screenshot(e2e.page, 'e2e-home-resident');
  }, 30_000);

  it('as the district admin with several roles worth of entries', async () => {
    await switchTo('demo-district-admin');
    await e2e.page.locator(byTestId('home-greeting')).filter({ hasText: '吴国栋' }).first().waitFor({ timeout: 15_000 });
    expect(await e2e.page.locator(`${byTestId('home-role-card')}[data-role="district_admin"]`).first().innerText()).toContain('渭城区');
    await screenshot(e2e.page, 'e2e-home-district-admin');
  }, 30_000);

  it('the scan page shows the scene of a building QR code', async () => {
    await e2e.page.goto(`${e2e.base}/#/pages/scan/index?scene=${encodeURIComponent('Bwh11.k3J9x')}`, { waitUntil: 'domcontentloaded' });
    const scene = e2e.page.locator(byTestId('scan-scene')).first();
    await scene.waitFor({ timeout: 15_000 });
    expect(await scene.innerText()).toContain('Bwh11.k3J9x');
    await screenshot(e2e.page, 'e2e-scan-scene');
  }, 30_000);

  it('raised no page errors', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});
