import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { OrderView, SubmitResult } from '../../domain/orders/api';
import type { QrcodeView } from '../../domain/org/api';
import { parseCsv } from '../../domain/model/csv';
import { percent, stars } from '../../domain/scoring/dashboard-view';
import type { ScoresView } from '../../domain/scoring/scores';
import { e2eSession, goHomeAs, screenshotPage as screenshot, visibleTestId, waitForRoute } from '../helpers/browser';

const DAY = 86_400_000;

/**
 * 数据看板 in the browser (H5 on the local host): orders are filed, handled and rated through
 * the real functions; 陈秀英 (文汇社区 secretary) opens 数据看板 from her home on a phone, sees
 * the charts drawn and her grids ranked, exports the table as CSV (its totals equal the
 * table's), and the same page at a desk sits in two columns; 吴国栋 sees the district.
 */
describe('数据看板: charts, the grid table and its CSV (H5 on the local host)', () => {
  const e2e = e2eSession({ page: { acceptDownloads: true } });
  let phone: Page;
  const scenes: Record<string, string> = {};

  const ok = async <T>(p: Promise<{ ok: boolean; data?: unknown; error?: unknown }>): Promise<T> => {
    const res = await p;
    if (!res.ok) throw new Error(`expected ok, got ${JSON.stringify(res.error)}`);
    return res.data as T;
  };
  const submit = async (key: string, building: string, category: string, resident: string) => {
    const res = (await e2e.host.invoke('orders', { action: 'submit', idempotencyKey: key, payload: { scene: scenes[building], category, description: `看板演示 ${key}` } }, resident)) as {
      ok: boolean;
      data: SubmitResult;
      error?: unknown;
    };
    if (!res.ok) throw new Error(`submit failed: ${JSON.stringify(res.error)}`);
    return res.data.order;
  };
  const loop = async (key: string, building: string, category: string, rating: number, handler: string, resident: string) => {
    const s = await submit(key, building, category, resident);
    let o = await ok<OrderView>(e2e.host.call('orders', 'claim', { id: s.id, version: s.version }, handler));
    o = await ok<OrderView>(e2e.host.call('orders', 'resolve', { id: o.id, note: '已上门处理完毕' }, handler));
    return ok<OrderView>(e2e.host.call('orders', 'rate', { id: o.id, stars: rating }, resident));
  };

  const goHome = (page: Page, openid: string, name: string) => goHomeAs(page, e2e.base, openid, name);
  /** Waits for every chart on the page to be drawn, then counts its painted (non-transparent, non-white) pixels. */
  const paintedPixels = async (page: Page, ids: string[]): Promise<Record<string, number>> => {
    for (const id of ids) await page.locator(`[data-testid="${id}"][data-state="drawn"]:visible`).first().waitFor({ timeout: 15_000 });
    return page.evaluate((list) => {
      const out: Record<string, number> = {};
      for (const id of list) {
        const holder = Array.from(document.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)).find((el) => el.offsetParent !== null);
        const canvas = holder?.querySelector('canvas');
        if (!canvas) {
          out[id] = -1;
          continue;
        }
        const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && !(data[i] > 245 && data[i + 1] > 245 && data[i + 2] > 245)) painted++;
        out[id] = painted;
      }
      return out;
    }, ids);
  };
  const tableCells = (page: Page, id: string) =>
    page.evaluate((testId) => {
      const table = Array.from(document.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)).find((el) => el.offsetParent !== null);
      if (!table) return [] as string[][];
      return Array.from(table.querySelectorAll<HTMLElement>('.dash-table__tr')).map((tr) =>
        Array.from(tr.querySelectorAll<HTMLElement>('.dash-table__td')).map((td) => (td.textContent ?? '').trim()),
      );
    }, id);

  beforeAll(async () => {
    for (const b of ['b-wh-1-1', 'b-wh-2-1', 'b-ms-1-1']) {
      scenes[b] = (await ok<QrcodeView>(e2e.host.call('org', 'qrcode', { orgId: b }, b.startsWith('b-ms') ? 'demo-secretary-2' : 'demo-secretary'))).scene;
    }
    // 文汇社区: 第一网格 handles five (one unhappy, reopened), 第二网格 (the secretary's queue) three; 民生社区 one.
    await loop('e2e-dash-0001', 'b-wh-1-1', 'repair', 5, 'demo-grid-worker', 'demo-resident');
    await loop('e2e-dash-0002', 'b-wh-1-1', 'repair', 4, 'demo-grid-worker', 'demo-resident');
    await loop('e2e-dash-0003', 'b-wh-1-1', 'elderly', 5, 'demo-grid-worker', 'demo-resident');
    await loop('e2e-dash-0004', 'b-wh-1-1', 'environment', 2, 'demo-grid-worker', 'demo-resident');
    await loop('e2e-dash-0005', 'b-wh-1-1', 'safety', 4, 'demo-grid-worker', 'demo-resident');
    await loop('e2e-dash-0006', 'b-wh-2-1', 'repair', 5, 'demo-secretary', 'demo-volunteer');
    await loop('e2e-dash-0007', 'b-wh-2-1', 'dispute', 3, 'demo-secretary', 'demo-volunteer');
    await submit('e2e-dash-0008', 'b-wh-2-1', 'policy', 'demo-volunteer'); // left open: past its promise two days later
    await loop('e2e-dash-0009', 'b-ms-1-1', 'repair', 4, 'demo-grid-worker-2', 'demo-resident-2');
    e2e.host.clock.advance(2 * DAY);
    await e2e.host.trigger('sweep');
    phone = e2e.page;
  }, 120_000);

  it('陈秀英 opens 数据看板 from her home: the charts are drawn and her grids ranked with the same numbers as scoring.scores', async () => {
    await goHome(phone, 'demo-secretary', '陈秀英');
    await visibleTestId(phone, 'entry-dashboard').click();
    await waitForRoute(phone, '/packages/dashboard/pages/index/index');
    await visibleTestId(phone, 'dash-title').filter({ hasText: '文汇社区数据看板' }).waitFor({ timeout: 15_000 });

    const painted = await paintedPixels(phone, ['chart-compare', 'chart-trend', 'chart-categories']);
    for (const [id, n] of Object.entries(painted)) expect([id, n > 2000]).toEqual([id, true]);

    const cells = await tableCells(phone, 'dash-table');
    expect(cells[0]).toEqual(['排名', '名称', '诉求量', '接单率', '按时办结率', '满意率', '平滑满意度', '重办率']);
    const body = cells.slice(1, -1);
    const total = cells[cells.length - 1];
    expect(body.map((r) => r[1])).toEqual(expect.arrayContaining(['文汇社区第一网格', '文汇社区第二网格', '文汇社区第三网格']));
    const line = (s: ScoresView) => [String(s.count), percent(s.acceptRate), percent(s.onTimeResolveRate), percent(s.satisfactionRate), stars(s.smoothedSatisfaction), percent(s.reopenRate)];
    for (const row of body) {
      const gridId = { 文汇社区第一网格: 'g-wh-1', 文汇社区第二网格: 'g-wh-2', 文汇社区第三网格: 'g-wh-3' }[row[1]]!;
      expect(row.slice(2)).toEqual(line(await ok<ScoresView>(e2e.host.call('scoring', 'scores', { orgId: gridId }, 'demo-secretary'))));
    }
    expect(total.slice(0, 2)).toEqual(['合计', '文汇社区']);
    expect(total.slice(2)).toEqual(line(await ok<ScoresView>(e2e.host.call('scoring', 'scores', { orgId: 'c-wh' }, 'demo-secretary'))));
    expect(total[2]).toBe('8');
    // Ranked by smoothed satisfaction, highest first, the grid without ratings last.
    const smoothed = body.map((r) => (r[6] === '—' ? -1 : Number(r[6])));
    expect(smoothed).toEqual([...smoothed].sort((a, b) => b - a));
    expect(body[body.length - 1][1]).toBe('文汇社区第三网格');

    await expect(visibleTestId(phone, 'kpi-count').innerText()).resolves.toContain('8');
    // The 2-star order was reopened two days ago and is past the resident's promise: 第一网格 is on the heat list.
    await expect(visibleTestId(phone, 'dash-heat').innerText()).resolves.toContain('文汇社区第一网格');
    await screenshot(phone, 'dashboard-mobile');
  }, 60_000);

  it('导出 CSV: a download whose rows and totals equal the table on the page', async () => {
    const cells = await tableCells(phone, 'dash-table');
    const [download] = await Promise.all([phone.waitForEvent('download'), visibleTestId(phone, 'dash-export').click()]);
    expect(download.suggestedFilename()).toBe('文汇社区-看板-2026-03-01至2026-03-04.csv');
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv.startsWith('\uFEFF"排名","名称"')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows).toEqual(cells);
    const total = rows[rows.length - 1];
    expect(total[0]).toBe('合计');
    // Every order of 文汇社区 was filed from a building, so the grids add up to the total.
    expect(rows.slice(1, -1).reduce((n, r) => n + Number(r[2]), 0)).toBe(Number(total[2]));
    await visibleTestId(phone, 'dash-export-note').filter({ hasText: '已下载' }).waitFor();
  }, 60_000);

  it('上月 has nothing yet: the charts say so, the table keeps its rows at zero', async () => {
    await visibleTestId(phone, 'dash-period-chips').locator('text=上月').click();
    await phone.locator('.page-header__sub:visible').filter({ hasText: '2026-02-01 至 2026-02-28' }).waitFor({ timeout: 15_000 });
    expect(await phone.locator('[data-testid="chart-trend"]:visible').getAttribute('class')).toContain('chart--empty');
    const cells = await tableCells(phone, 'dash-table');
    expect(cells[cells.length - 1].slice(0, 3)).toEqual(['合计', '文汇社区', '0']);
    await visibleTestId(phone, 'dash-period-chips').locator('text=本月').click();
    await phone.locator('.page-header__sub:visible').filter({ hasText: '2026-03-01 至 2026-03-04' }).waitFor({ timeout: 15_000 });
  }, 60_000);

  it('in 大字模式 the figures, table and chart labels grow', async () => {
    await phone.goto(`${e2e.base}/#/pages/me/index`);
    await visibleTestId(phone, 'large-font-toggle').click();
    await visibleTestId(phone, 'large-font-toggle').filter({ hasText: '已开启' }).waitFor();
    await phone.goto(`${e2e.base}/#/packages/dashboard/pages/index/index`);
    await visibleTestId(phone, 'dash-title').filter({ hasText: '文汇社区数据看板' }).waitFor({ timeout: 15_000 });
    await paintedPixels(phone, ['chart-compare', 'chart-trend', 'chart-categories']);
    expect(await phone.locator('.page--large:visible').count()).toBeGreaterThan(0);
    await screenshot(phone, 'dashboard-mobile-large-font');
    await phone.goto(`${e2e.base}/#/pages/me/index`);
    await visibleTestId(phone, 'large-font-toggle').click();
    await visibleTestId(phone, 'large-font-toggle').filter({ hasText: '已关闭' }).waitFor();
  }, 60_000);

  it('at a desk (1280 px) the cards sit two by two; 吴国栋 sees streets, departments and the heat list by community', async () => {
    const desk = await e2e.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false, acceptDownloads: true });
    await goHome(desk, 'demo-secretary', '陈秀英');
    await desk.goto(`${e2e.base}/#/packages/dashboard/pages/index/index`);
    await visibleTestId(desk, 'dash-title').filter({ hasText: '文汇社区数据看板' }).waitFor({ timeout: 15_000 });
    await paintedPixels(desk, ['chart-compare', 'chart-trend', 'chart-categories']);
    const a = (await visibleTestId(desk, 'dash-compare').boundingBox())!;
    const b = (await visibleTestId(desk, 'dash-trend').boundingBox())!;
    expect(Math.abs(a.y - b.y)).toBeLessThan(4); // side by side
    expect(b.x).toBeGreaterThan(a.x + a.width - 1);
    await screenshot(desk, 'dashboard-desktop');

    await goHome(desk, 'demo-district-admin', '吴国栋');
    await visibleTestId(desk, 'entry-dashboard').click();
    await visibleTestId(desk, 'dash-title').filter({ hasText: '渭城区数据看板' }).waitFor({ timeout: 15_000 });
    await paintedPixels(desk, ['chart-compare', 'chart-trend', 'chart-categories']);
    // No order waits in a department's queue: its chart says so instead of drawing zeros.
    await visibleTestId(desk, 'chart-departments').filter({ hasText: '本期还没有诉求转到部门' }).waitFor();
    const cells = await tableCells(desk, 'dash-table');
    expect(cells.slice(1, -1).map((r) => r[1]).sort()).toEqual(['新兴街道', '渭阳街道'].sort());
    expect(cells[cells.length - 1].slice(0, 3)).toEqual(['合计', '渭城区', '9']);
    expect((await tableCells(desk, 'dash-dep-table')).length).toBeGreaterThan(1);
    await expect(visibleTestId(desk, 'dash-heat').innerText()).resolves.toContain('渭阳街道');
    await screenshot(desk, 'dashboard-district-desktop');
    // A street row opens that street's dashboard.
    await desk.locator('[data-testid="dash-row"]:visible').filter({ hasText: '渭阳街道' }).click();
    await visibleTestId(desk, 'dash-title').filter({ hasText: '渭阳街道数据看板' }).waitFor({ timeout: 15_000 });
    await desk.context().close();
  }, 60_000);

  it('no page errors', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});
