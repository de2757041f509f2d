import type { OrderView, SubmitResult, TimelineEntryView } from '../../domain/orders/api';
import type { QrcodeView } from '../../domain/org/api';
import { e2eSession, goHomeAs, screenshotPage as screenshot, visibleTestId, waitForRoute } from '../helpers/browser';
import { ok } from '../helpers/test-host';

const DESCRIPTION = '3号楼北侧雨水井盖塌陷，井口敞开，夜里有人踩空的危险。';
const RETURN_REASON = '现场核实井盖仍松动，踩上去会晃，请重新固定。';
const PATROL = '巡查发现1号楼东侧消防通道堆放杂物，堵住了通道。';

/**
 * 网格员确认验收 (兴平: 网格发现、社区吹哨、街道派单、职能部门响应处置、网格员确认验收双向反馈):
 * an order climbs grid → community → street → department through the real functions; the
 * department resolves it and 赵敏 (the grid worker) finds it in her 待办 as 待验收, returns it once
 * with a reason, accepts the second resolution, and the resident is asked to rate. Then a patrol:
 * 赵敏 files what she found in her own grid, resolves it, and the secretary 陈秀英 accepts it.
 * Along the way: 待办 lists only what she can act on (the climbing order sits under 已上报 without
 * actions), it is fresh when she comes back to it, and each countdown names its clock.
 */
describe('grid acceptance (待验收) and patrol reports in the browser', () => {
  let orderId = '';
  let orderNo = '';
  const e2e = e2eSession({
    prepare: async (s) => {
      const { scene } = await ok<QrcodeView>(s.host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary'));
      const submitted = (await s.host.invoke('orders', { action: 'submit', idempotencyKey: 'acceptance-e2e-01', payload: { scene, category: 'repair', description: DESCRIPTION } }, 'demo-resident')) as {
        ok: boolean;
        data: SubmitResult;
      };
      if (!submitted.ok) throw new Error(`submit failed: ${JSON.stringify(submitted)}`);
      orderId = submitted.data.order.id;
      orderNo = submitted.data.order.no;
      const up = async (openid: string, reason: string) => ok<OrderView>(s.host.call('orders', 'escalate', { id: orderId, reason }, openid));
      await up('demo-grid-worker', '井盖属市政设施，网格无法处置');
      await up('demo-secretary', '社区协调不了市政，请街道派单');
      const atDepartment = await up('demo-street-admin', '请住建部门处置');
      expect(atDepartment.level).toBe('department');
    },
  });
  const page = () => e2e.page;
  const card = () => page().locator(`[data-testid="order-card"][data-id="${orderId}"]:visible`).first();
  const statusLabel = () => visibleTestId(page(), 'order-status-label');
  const department = async (action: string, payload: Record<string, unknown>) => ok<OrderView>(e2e.host.call('orders', action, { id: orderId, ...payload }, 'demo-department'));

  const openWork = async () => {
    await goHomeAs(page(), e2e.base, 'demo-grid-worker', '赵敏');
    await visibleTestId(page(), 'entry-work').click();
    await waitForRoute(page(), '/packages/work/pages/index/index');
    await visibleTestId(page(), 'todo-list').waitFor({ timeout: 15_000 });
    await page().locator('[data-testid="todo-count"]:visible').first().waitFor({ timeout: 15_000 });
  };

  it('while the department holds it, 赵敏 sees it once under 已上报, without 接单; her own cards say which clock runs', async () => {
    const claimed = await department('claim', { version: (await ok<OrderView>(e2e.host.call('orders', 'get', { id: orderId }, 'demo-department'))).version });
    expect(claimed.status).toBe('claimed');
    // A fresh order of her grid, so a countdown shows on a card of hers.
    const { scene } = await ok<QrcodeView>(e2e.host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary'));
    await e2e.host.invoke('orders', { action: 'submit', idempotencyKey: 'acceptance-e2e-02', payload: { scene, category: 'repair', description: '2单元楼道扶手松了，老人上下楼扶着晃。' } }, 'demo-resident');

    await openWork();
    const left = visibleTestId(page(), 'left-list');
    await left.waitFor({ timeout: 15_000 });
    expect(await page().locator(`[data-testid="left-list"]:visible [data-testid="order-card"][data-id="${orderId}"]`).count()).toBe(1);
    expect(await page().locator(`[data-testid="order-card"][data-id="${orderId}"]:visible`).count()).toBe(1);
    const leftCard = page().locator(`[data-testid="left-list"]:visible [data-id="${orderId}"]`).first();
    expect(await leftCard.innerText()).toContain('已上报职能部门');
    expect(await leftCard.locator('[data-testid="quick-claim"], [data-testid="open-order"], [data-testid="open-verify"]').count()).toBe(0);
    // Each countdown names its clock: the fresh order's runs until someone takes it (接单).
    const kinds = await page().locator('[data-testid="todo-list"]:visible [data-testid="order-due-kind"]').allInnerTexts();
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds).toContain('接单');
    await screenshot(page(), 'acceptance-1-left-and-clock-labels');
  }, 90_000);

  it('the department resolves: 赵敏 finds it in 待办 as 待验收 with 去验收, not 接单', async () => {
    const resolved = await department('resolve', { note: '已更换雨水井盖并固定。' });
    expect(resolved.status).toBe('verifying');
    await openWork();
    await card().waitFor({ timeout: 15_000 });
    expect(await card().getAttribute('data-status')).toBe('verifying');
    expect(await card().innerText()).toContain('待验收');
    expect(await visibleTestId(page(), 'card-verify').innerText()).toContain('请到现场核实后验收');
    expect(await card().locator('[data-testid="quick-claim"]').count()).toBe(0);
    expect(await page().locator(`[data-testid="left-list"]:visible [data-id="${orderId}"]`).count()).toBe(0);
    await screenshot(page(), 'acceptance-2-todo-verifying');
  }, 60_000);

  it('she opens it, taps 退回重办 with a reason; back on 待办 the card is no longer 待验收; the department sees why', async () => {
    await card().locator('[data-testid="open-verify"]').click();
    await waitForRoute(page(), '/pages/order/index');
    await statusLabel().waitFor({ timeout: 15_000 });
    await visibleTestId(page(), 'action-verify').waitFor({ timeout: 15_000 });
    await screenshot(page(), 'acceptance-3-order-verify');
    await visibleTestId(page(), 'action-verifyReturn').click();
    await page().locator('[data-testid="form-verify-return-text"]:visible textarea').first().fill(RETURN_REASON);
    await screenshot(page(), 'acceptance-4-return-form');
    await visibleTestId(page(), 'form-verify-return-confirm').click();
    await page().locator('[data-testid="action-verify"]:visible').waitFor({ state: 'detached', timeout: 15_000 });

    // Back to 待办: the card is not left saying 待验收 (it went back to the department: 已上报).
    await page().goBack();
    await waitForRoute(page(), '/packages/work/pages/index/index');
    await page().waitForFunction(
      (id) => !Array.from(document.querySelectorAll<HTMLElement>(`[data-testid="order-card"][data-id="${id}"]`)).some((c) => c.offsetParent !== null && c.dataset.status === 'verifying'),
      orderId,
      { timeout: 10_000 },
    );
    await page().locator(`[data-testid="left-list"]:visible [data-id="${orderId}"]`).first().waitFor({ timeout: 10_000 });
    await screenshot(page(), 'acceptance-5-todo-after-return');

    const timeline = await ok<TimelineEntryView[]>(e2e.host.call('orders', 'timeline', { id: orderId }, 'demo-department'));
    expect(JSON.stringify(timeline.filter((t) => t.type === 'verify'))).toContain(RETURN_REASON);
    const again = await ok<OrderView>(e2e.host.call('orders', 'get', { id: orderId }, 'demo-department'));
    expect(again.status).not.toBe('verifying');
    expect(again.can.resolve || again.can.claim || again.can.start).toBe(true);
  }, 90_000);

  it('the department resolves again; 赵敏 taps 验收通过; the resident is asked to rate, and after rating is not', async () => {
    let o = await ok<OrderView>(e2e.host.call('orders', 'get', { id: orderId }, 'demo-department'));
    if (o.can.claim) o = await department('claim', { version: o.version });
    o = await department('resolve', { note: '井盖重新浇筑固定，已现场踩压测试。' });
    expect(o.status).toBe('verifying');

    await openWork();
    await card().locator('[data-testid="open-verify"]').click();
    await waitForRoute(page(), '/pages/order/index');
    await visibleTestId(page(), 'action-verify').click();
    await statusLabel().filter({ hasText: '已办结' }).waitFor({ timeout: 15_000 });
    await screenshot(page(), 'acceptance-6-accepted');

    await goHomeAs(page(), e2e.base, 'demo-resident', '张桂兰');
    await visibleTestId(page(), 'entry-orders').click();
    await waitForRoute(page(), '/pages/orders/index');
    await card().waitFor({ timeout: 15_000 });
    expect(await card().locator('[data-testid="badge-rate"]').innerText()).toBe('请评价');
    await screenshot(page(), 'acceptance-7-resident-to-rate');
    await card().click();
    await waitForRoute(page(), '/pages/order/index');
    await visibleTestId(page(), 'rate-form').waitFor({ timeout: 15_000 });
    await visibleTestId(page(), 'rate-stars-5').click();
    await visibleTestId(page(), 'rate-submit').click();
    await statusLabel().filter({ hasText: '已评价' }).waitFor({ timeout: 15_000 });
    await page().goBack();
    await waitForRoute(page(), '/pages/orders/index');
    await card().locator('[data-testid="badge-rated"]').waitFor({ timeout: 10_000 });
    expect(await card().locator('[data-testid="badge-rate"]').count()).toBe(0);
    expect(orderNo).not.toBe('');
    await screenshot(page(), 'acceptance-8-resident-rated');
  }, 90_000);

  it('a patrol: 赵敏 files in her own grid (巡查上报), resolves it; 陈秀英 sees it in 待办 as 待验收 and accepts it', async () => {
    const qr = await ok<QrcodeView>(e2e.host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary'));
    await goHomeAs(page(), e2e.base, 'demo-grid-worker', '赵敏');
    await page().goto(`${e2e.base}/#/pages/scan/index?scene=${encodeURIComponent(qr.scene)}`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(page(), 'intake-place').waitFor({ timeout: 20_000 });
    await visibleTestId(page(), 'category-repair').click();
    await page().locator('[data-testid="intake-description"]:visible textarea').first().fill(PATROL);
    await visibleTestId(page(), 'intake-submit').click();
    const query = await waitForRoute(page(), '/pages/order/index');
    const patrolId = query.get('id') ?? '';
    expect(patrolId).not.toBe('');
    await visibleTestId(page(), 'order-channel').filter({ hasText: '巡查上报' }).waitFor({ timeout: 15_000 });
    await screenshot(page(), 'acceptance-9-patrol-filed');

    let p = await ok<OrderView>(e2e.host.call('orders', 'get', { id: patrolId }, 'demo-grid-worker'));
    if (p.can.claim) p = await ok<OrderView>(e2e.host.call('orders', 'claim', { id: patrolId, version: p.version }, 'demo-grid-worker'));
    p = await ok<OrderView>(e2e.host.call('orders', 'resolve', { id: patrolId, note: '已联系物业清走杂物，通道畅通。' }, 'demo-grid-worker'));
    expect(p.status).toBe('verifying');

    await goHomeAs(page(), e2e.base, 'demo-secretary', '陈秀英');
    await visibleTestId(page(), 'entry-secretary').click();
    await waitForRoute(page(), '/packages/secretary/pages/index/index');
    const patrolCard = page().locator(`[data-testid="order-card"][data-id="${patrolId}"]:visible`).first();
    await patrolCard.waitFor({ timeout: 15_000 });
    expect(await patrolCard.innerText()).toContain('待验收');
    await screenshot(page(), 'acceptance-10-secretary-todo');
    await patrolCard.click();
    await waitForRoute(page(), '/pages/order/index');
    await visibleTestId(page(), 'action-verify').click();
    await page().locator('[data-testid="action-verify"]:visible').waitFor({ state: 'detached', timeout: 15_000 });
    const closed = await ok<OrderView>(e2e.host.call('orders', 'get', { id: patrolId }, 'demo-secretary'));
    expect(closed.status).toBe('closed');
    await screenshot(page(), 'acceptance-11-patrol-accepted');
    expect(e2e.pageErrors).toEqual([]);
  }, 120_000);
});
