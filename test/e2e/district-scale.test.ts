import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedDistrict, copyStore } from '../../server/seed/district/cached';
import { SCALES } from '../../server/seed/district/scale';
import { byTestId, e2eSession, goHomeAs, H5_DIR, screenshotPage as screenshot, visibleTestId, waitForRoute } from '../helpers/browser';
import { FIXED_NOW, ROOT, startTestHost } from '../helpers/test-host';

/**
 * The whole of 渭城区 as `npm run seed -- --scale district` generates it (57 communities, 455
 * grids, 2,300 party members, a year of 66,992 orders with their events, ratings, visits,
 * 双报到 and check-ins: 1.66 M documents), served by the local host: the district admin's
 * dashboard (eleven streets, the departments), a street admin's, a grid worker's 待办 and a
 * secretary's community list. Each page must render its content (or its own empty state)
 * with no page error. How long each took, whether its loading state was on screen first and
 * the longest main-thread task are printed, not asserted. The district is generated once per
 * version of its sources (a few minutes, in its own process) and kept under .tmp/.
 */
describe('the whole district (H5 on the local host, phone viewport)', () => {
  let dir: string;
  const timings: Record<string, number | string> = {};
  const loadingSeen: string[] = [];
  const e2e = e2eSession({
    host: async () => {
      const district = await cachedDistrict(ROOT, { nowMs: FIXED_NOW, log: (line) => console.log(`district: ${line}`) });
      timings.generate = district.generatedMs === null ? 'cached' : Math.round(district.generatedMs);
      dir = mkdtempSync(join(tmpdir(), 'redgrid-district-'));
      copyStore(district.dir, dir);
      const t0 = performance.now();
      const host = startTestHost({ dataDir: dir, seed: 'none', h5Dir: H5_DIR });
      timings.openStore = Math.round(performance.now() - t0);
      return host;
    },
    timeout: 900_000,
    cleanup: () => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  });

  beforeAll(async () => {
    // Long main-thread tasks (a frozen UI) are counted from the first document on.
    await e2e.page.addInitScript(() => {
      const w = window as unknown as { __longest: number };
      w.__longest = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
      }).observe({ type: 'longtask', buffered: true });
    });
  });

  afterAll(() => {
    console.log(`the whole district (ms): ${JSON.stringify(timings)}; loading state seen: ${loadingSeen.join(' ')}`);
  });

  /** Opens `route`, notes whether its own loading state shows, waits for `ready` (or `orElse`); returns how long that took. */
  const openAndWait = async (route: string, ready: string, orElse?: string): Promise<number> => {
    const t0 = performance.now();
    await e2e.page.goto(`${e2e.base}/#${route}`, { waitUntil: 'domcontentloaded' });
    await waitForRoute(e2e.page, route.split('?')[0]);
    const content = orElse ? `${byTestId(ready)}:visible, ${byTestId(orElse)}:visible` : `${byTestId(ready)}:visible`;
    // The first thing on screen: the page's loading state, or already its content.
    await e2e.page.locator(`${byTestId('state-loading')}:visible, ${content}`).first().waitFor({ timeout: 60_000 });
    const sawLoading = (await e2e.page.locator(`${byTestId('state-loading')}:visible`).count()) > 0;
    await e2e.page
      .locator(content)
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(async (e: unknown) => {
        await screenshot(e2e.page, 'district-failed');
        throw new Error(`${String(e)}\npage: ${(await e2e.page.locator('.taro_page:visible').last().innerText()).slice(0, 600)}`);
      });
    const ms = Math.round(performance.now() - t0);
    // Printed with the timings: whether the page's loading state was on screen before the content.
    loadingSeen.push(`${route.split('/')[2]}:${sawLoading}`);
    return ms;
  };

  it('holds the whole district', () => {
    const scale = SCALES.district;
    expect(e2e.host.store.find('orgs', { type: 'community' })).toHaveLength(scale.communities);
    expect(e2e.host.store.find('orgs', { type: 'grid' })).toHaveLength(scale.grids);
    expect(e2e.host.store.size('orders')).toBeGreaterThan(scale.orders * 0.97);
    expect(e2e.host.store.size('order_events')).toBeGreaterThan(scale.orders * 4);
  });

  it('the district admin’s dashboard renders every street side by side, and the departments', async () => {
    await goHomeAs(e2e.page, e2e.base, 'demo-district-admin');
    timings.districtDashboard = await openAndWait('/packages/dashboard/pages/index/index?orgId=d-wc', 'dash-table');
    const streets = e2e.host.store.find('orgs', { parentId: 'd-wc', type: 'street' }).map((c) => String(c.name));
    expect(streets).toHaveLength(SCALES.district.streets);
    const table = await visibleTestId(e2e.page, 'dash-table').innerText();
    for (const name of streets) expect(table).toContain(name);
    await expect(visibleTestId(e2e.page, 'dash-departments').isVisible()).resolves.toBe(true);
    await screenshot(e2e.page, 'district-0-district-dashboard');
  }, 120_000);

  it('the street admin’s dashboard renders its communities side by side, for the month and the year', async () => {
    await goHomeAs(e2e.page, e2e.base, 'demo-street-admin');
    timings.streetDashboard = await openAndWait('/packages/dashboard/pages/index/index?orgId=s-wy', 'dash-table');
    const communities = e2e.host.store.find('orgs', { parentId: 's-wy', type: 'community' }).map((c) => String(c.name));
    expect(communities.length).toBeGreaterThanOrEqual(2);
    const table = await visibleTestId(e2e.page, 'dash-table').innerText();
    for (const name of communities) expect(table).toContain(name);
    // the year, not just this month
    const t0 = performance.now();
    const [answer] = await Promise.all([
      e2e.page.waitForResponse((r) => r.url().includes('/api/cloud/scoring'), { timeout: 60_000 }),
      visibleTestId(e2e.page, 'dash-period-chips').locator(byTestId('chip-year')).click(),
    ]);
    const body = (await answer.json()) as { result: { ok: boolean } };
    expect(body.result.ok).toBe(true);
    await visibleTestId(e2e.page, 'dash-table').waitFor({ timeout: 60_000 });
    timings.streetDashboardYear = Math.round(performance.now() - t0);
    await screenshot(e2e.page, 'district-1-street-dashboard');
  }, 120_000);

  it('a grid worker’s 待办 and the secretary’s community list render', async () => {
    await goHomeAs(e2e.page, e2e.base, 'demo-grid-worker');
    // her 待办 may be empty at this moment of the simulated year: its own empty state counts as rendered
    timings.gridWorkerTodo = await openAndWait('/packages/work/pages/index/index', 'order-card', 'state-empty');
    await screenshot(e2e.page, 'district-2-handler-list');
    await goHomeAs(e2e.page, e2e.base, 'demo-secretary');
    timings.secretaryHome = await openAndWait('/packages/secretary/pages/index/index', 'order-card', 'state-empty');
    const t0 = performance.now();
    await visibleTestId(e2e.page, 'chip-all').click();
    await e2e.page.locator(`${byTestId('order-card')}:visible`).nth(9).waitFor({ timeout: 60_000 });
    timings.secretaryAll = Math.round(performance.now() - t0);
    await screenshot(e2e.page, 'district-3-community-list');
    timings.longestTask = Math.round(await e2e.page.evaluate(() => (window as unknown as { __longest: number }).__longest));
    expect(e2e.pageErrors).toEqual([]);
  }, 120_000);
});
