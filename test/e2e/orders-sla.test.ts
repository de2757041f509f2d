import { join } from 'node:path';
import { ARTIFACTS, e2eSession, goHomeAs, screenshotPage as screenshot, visibleTestId, waitForRoute } from '../helpers/browser';

const MIN = 60_000;

interface OrderLite {
  id: string;
  no: string;
  status: string;
  level: string;
  escalations: number;
}

/**
 * Promises, the ladder and approvals (issue 5) as the people on them use them, on a phone-sized
 * browser against the local host with its clock under the test's control:
 * 陈秀英 (secretary) approves 物业服务 requests from the 诉求审批 queue, one with 通过 and two in a
 * batch; an order 赵敏 (grid worker) leaves unclaimed past its 15-minute 接单 clock (and the 30-minute reply clock) turns red in
 * her 待办 and the sweep moves it up to 社区; 张桂兰 sees the promise and its countdown; 赵敏 blows
 * the whistle (吹哨) on another order and 陈秀英 finds it in her 待办; a day later the broken
 * promise is red for the resident and in the secretary's 超时 box.
 */
describe('orders SLA: approvals, overdue, 吹哨 (H5 on the local host, phone viewport)', () => {
  const e2e = e2eSession();
  const timings: Record<string, number> = {};
  const ids: Record<'p1' | 'p2' | 'p3' | 'late' | 'whistle', string> = { p1: '', p2: '', p3: '', late: '', whistle: '' };

  /** A resident files an order through the real function (the intake page has its own e2e). */
  const file = async (category: string, description: string): Promise<OrderLite> => {
    const env = await e2e.host.call<{ order: OrderLite }>('orders', 'submit', { orgId: 'b-wh-1-1', category, description }, 'demo-resident');
    if (!env.ok) throw new Error(`submit failed: ${JSON.stringify(env.error)}`);
    return env.data.order;
  };
  const read = async (id: string): Promise<OrderLite> => {
    const env = await e2e.host.call<OrderLite>('orders', 'get', { id }, 'demo-secretary');
    if (!env.ok) throw new Error(`get failed: ${JSON.stringify(env.error)}`);
    return env.data;
  };

  beforeAll(async () => {
    // Monday 09:00: three 物业服务 requests (the seeded rule sends them to the secretary first)
    // and a broken stairwell light that goes straight to 赵敏.
    ids.p1 = (await file('property', '小区东门门禁坏了三天，物业一直没来修，老人进出很不方便。')).id;
    ids.p2 = (await file('property', '地下车库B区漏水，好几个车位被淹了，请物业尽快处理。')).id;
    ids.p3 = (await file('property', '物业费收据上的金额开错了，多收了一个月的钱。')).id;
    const late = await file('repair', '1号楼3层楼道灯不亮了，晚上上下楼看不见，老人容易摔倒。');
    ids.late = late.id;
    expect(late.status).toBe('dispatched');
    expect(late.level).toBe('grid');
  }, 60_000);

  afterAll(() => {
    if (Object.keys(timings).length) console.log(`orders SLA through the browser (ms): ${JSON.stringify(timings)}`);
  });

  const actAs = (openid: string, name: string) => goHomeAs(e2e.page, e2e.base, openid, name);
  const openWorkspace = async (entry: 'work' | 'secretary') => {
    await visibleTestId(e2e.page, `entry-${entry}`).click();
    await waitForRoute(e2e.page, entry === 'work' ? '/packages/work/pages/index/index' : '/packages/secretary/pages/index/index');
  };
  const card = (id: string) => e2e.page.locator(`[data-testid="order-card"][data-id="${id}"]:visible`).first();
  const approvalCard = (id: string) => e2e.page.locator(`[data-testid="approval-card"][data-id="${id}"]:visible`).first();
  const statusLabel = () => visibleTestId(e2e.page, 'order-status-label');

  it('陈秀英 opens 诉求审批 from her workspace on the phone: three 物业服务 requests wait, as big cards', async () => {
    expect(e2e.page.viewportSize()).toEqual({ width: 390, height: 844 });
    await actAs('demo-secretary', '陈秀英');
    await openWorkspace('secretary');
    await visibleTestId(e2e.page, 'approvals-count').filter({ hasText: '3' }).waitFor({ timeout: 15_000 });
    await visibleTestId(e2e.page, 'entry-approvals').click();
    await waitForRoute(e2e.page, '/packages/secretary/pages/approvals/index');
    for (const id of [ids.p1, ids.p2, ids.p3]) await approvalCard(id).waitFor({ timeout: 15_000 });
    const first = await approvalCard(ids.p1).innerText();
    expect(first).toContain('物业服务');
    expect(first).toContain('小区东门门禁坏了三天');
    expect(first).toMatch(/审批时限\s*还剩/);
    // One-handed: the card spans the screen and 通过 is a big target on the thumb side.
    const approveBox = await approvalCard(ids.p1).locator('[data-testid="approval-approve"]').boundingBox();
    expect(approveBox?.height ?? 0).toBeGreaterThanOrEqual(44);
    expect((approveBox?.x ?? 0) + (approveBox?.width ?? 0)).toBeGreaterThan(300);
    await screenshot(e2e.page, 'sla-1-approvals-queue');
  }, 90_000);

  it('she approves one with 通过: its card goes and the order is dispatched', async () => {
    const t0 = Date.now();
    await approvalCard(ids.p1).locator('[data-testid="approval-approve"]').click();
    await approvalCard(ids.p1).waitFor({ state: 'detached', timeout: 15_000 });
    timings.approveOne = Date.now() - t0;
    expect((await read(ids.p1)).status).toBe('dispatched');
  }, 30_000);

  it('she ticks the other two and taps 批量通过 in the bottom bar: both approved', async () => {
    await approvalCard(ids.p2).locator('[data-testid="approval-pick"]').click();
    await approvalCard(ids.p3).locator('[data-testid="approval-pick"]').click();
    const dock = visibleTestId(e2e.page, 'approvals-dock');
    await dock.filter({ hasText: '已选 2 条' }).waitFor();
    expect(await visibleTestId(e2e.page, 'approvals-batch').innerText()).toBe('批量通过（2）');
    // The bar sits at the bottom of the screen, under the thumb.
    const bar = await dock.boundingBox();
    expect((bar?.y ?? 0) + (bar?.height ?? 0)).toBeGreaterThan(800);
    // As seen on the phone (not the whole page): the docked bar over the list, once the 通过 toast is gone.
    await e2e.page.waitForFunction(() => !Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).some((t) => t.offsetParent !== null && getComputedStyle(t).display !== 'none'), undefined, { timeout: 5_000 });
    await e2e.page.waitForTimeout(200);
    await e2e.page.screenshot({ path: join(ARTIFACTS, 'sla-2-approvals-batch.png') });
    const t0 = Date.now();
    await visibleTestId(e2e.page, 'approvals-batch').click();
    await visibleTestId(e2e.page, 'approvals-outcome').filter({ hasText: '已通过2条' }).waitFor({ timeout: 15_000 });
    timings.approveBatch = Date.now() - t0;
    await visibleTestId(e2e.page, 'state-empty').filter({ hasText: '没有待审批的诉求' }).waitFor();
    expect((await read(ids.p2)).status).toBe('dispatched');
    expect((await read(ids.p3)).status).toBe('dispatched');
    await screenshot(e2e.page, 'sla-3-approvals-done');
  }, 60_000);

  it('31 minutes later the light 赵敏 has not claimed is red, on top of her 待办', async () => {
    e2e.host.clock.advance(31 * MIN);
    await actAs('demo-grid-worker', '赵敏');
    await openWorkspace('work');
    const late = card(ids.late);
    await late.waitFor({ timeout: 15_000 });
    expect(await late.getAttribute('data-overdue')).toBe('1');
    expect(await late.innerText()).toContain('已超时');
    // 15-30-24: the 接单 clock ran out at 15 minutes (the headline clock), 16 minutes ago.
    expect(await late.locator('[data-testid="order-due"]').innerText()).toMatch(/已超时 16分钟$/);
    // Red, and first: the list is sorted by deadline, the late one on top.
    const color = await late.locator('[data-testid="order-due"]').evaluate((el) => getComputedStyle(el).color);
    expect(color).toBe('rgb(200, 16, 46)');
    const order = await e2e.page.locator('[data-testid="order-card"]:visible').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(order[0]).toBe(ids.late);
    // The approved 物业服务 requests are in her grid's community queue too, on time.
    expect(order).toEqual(expect.arrayContaining([ids.p1, ids.p2, ids.p3]));
    expect(await card(ids.p1).getAttribute('data-overdue')).toBe('0');
    expect(await visibleTestId(e2e.page, 'todo-count').innerText()).toContain('1件已超时');
    await screenshot(e2e.page, 'sla-4-todo-overdue');
  }, 60_000);

  it('the sweep moves it up to 社区 with fresh clocks; its page shows the breach in 办理时限', async () => {
    await e2e.host.trigger('sweep');
    const moved = await read(ids.late);
    expect(moved.level).toBe('community');
    expect(moved.escalations).toBe(1);

    await actAs('demo-grid-worker', '赵敏');
    await openWorkspace('work');
    const late = card(ids.late);
    await late.locator('[data-testid="level-chip"][data-level="community"]').waitFor({ timeout: 15_000 });
    expect(await late.innerText()).toContain('社区');
    await late.click();
    await waitForRoute(e2e.page, '/pages/order/index');
    await visibleTestId(e2e.page, 'order-level').filter({ hasText: '社区' }).waitFor({ timeout: 15_000 });
    expect(await visibleTestId(e2e.page, 'order-level').innerText()).toContain('已上报1次');
    const timeline = visibleTestId(e2e.page, 'timeline');
    await timeline.filter({ hasText: '吹哨上报' }).waitFor({ timeout: 15_000 });
    expect(await timeline.innerText()).toMatch(/网格\s*→\s*社区/);
    // A missed 接单 was 督办; the missed reply (30 minutes) is what climbed the ladder.
    expect(await timeline.innerText()).toContain('网格回复超时，自动上报');
    await visibleTestId(e2e.page, 'order-clocks-toggle').click();
    await visibleTestId(e2e.page, 'order-clocks-body').waitFor();
    expect(await e2e.page.locator('[data-testid="clock-row"][data-status="breached"]:visible').count()).toBe(2);
    expect(await e2e.page.locator('[data-testid="ladder-community"][data-current="1"]:visible').count()).toBe(1);
    await screenshot(e2e.page, 'sla-5-escalated-order');
  }, 60_000);

  it('张桂兰 sees what was promised and how long is left', async () => {
    await actAs('demo-resident', '张桂兰');
    await e2e.page.goto(`${e2e.base}/#/pages/order/index?id=${ids.late}`, { waitUntil: 'domcontentloaded' });
    const promise = visibleTestId(e2e.page, 'order-promise');
    await promise.waitFor({ timeout: 15_000 });
    expect(await visibleTestId(e2e.page, 'order-promise-text').innerText()).toBe('15分钟响应、30分钟回复、24小时解决');
    expect(await promise.innerText()).toContain('预计');
    expect(await visibleTestId(e2e.page, 'promise-countdown').innerText()).toMatch(/^还剩 23小时2\d分$/);
    expect(await visibleTestId(e2e.page, 'order-level').innerText()).toContain('社区');
    // Staff parts stay with staff.
    expect(await visibleTestId(e2e.page, 'order-clocks').count()).toBe(0);
    expect(await visibleTestId(e2e.page, 'action-escalate').count()).toBe(0);
    // Her timeline says where it went, not which rule matched.
    await visibleTestId(e2e.page, 'timeline').filter({ hasText: '已派给' }).waitFor({ timeout: 15_000 });
    await screenshot(e2e.page, 'sla-6-resident-promise');
  }, 60_000);

  it('赵敏 claims another order, finds it is beyond the grid and blows the whistle (吹哨) with a reason', async () => {
    ids.whistle = (await file('repair', '1号楼屋顶防水层老化，顶楼三户家里墙面渗水发霉。')).id;
    await actAs('demo-grid-worker', '赵敏');
    await openWorkspace('work');
    await card(ids.whistle).locator('[data-testid="quick-claim"]').click();
    await waitForRoute(e2e.page, '/pages/order/index');
    await statusLabel().filter({ hasText: '已接单' }).waitFor({ timeout: 15_000 });
    await visibleTestId(e2e.page, 'action-escalate').click();
    const form = visibleTestId(e2e.page, 'form-escalate');
    await form.waitFor();
    expect(await form.innerText()).toContain('吹哨上报：网格 → 社区');
    expect(await e2e.page.locator('[data-testid="ladder-grid"][data-current="1"]:visible').count()).toBe(1);
    // No reason, no whistle.
    await visibleTestId(e2e.page, 'form-escalate-confirm').click();
    await form.filter({ hasText: '上报原因至少2个字' }).waitFor();
    await e2e.page.locator('[data-testid="form-escalate-text"]:visible textarea').first().fill('屋顶防水需要维修基金和住建部门，网格解决不了。');
    await screenshot(e2e.page, 'sla-7-whistle-form');
    const t0 = Date.now();
    await visibleTestId(e2e.page, 'form-escalate-confirm').click();
    await statusLabel().filter({ hasText: '待接单' }).waitFor({ timeout: 15_000 });
    timings.whistle = Date.now() - t0;
    await visibleTestId(e2e.page, 'order-level').filter({ hasText: '社区' }).waitFor();
    expect(await visibleTestId(e2e.page, 'order-level').innerText()).toContain('已上报1次');
    const after = await read(ids.whistle);
    expect(after.level).toBe('community');
    await screenshot(e2e.page, 'sla-8-whistled');
  }, 60_000);

  it('陈秀英 finds the whistled order in her 待办, with the reason on its timeline', async () => {
    await actAs('demo-secretary', '陈秀英');
    await openWorkspace('secretary');
    const whistled = card(ids.whistle);
    await whistled.waitFor({ timeout: 15_000 });
    expect(await visibleTestId(e2e.page, 'chip-todo').getAttribute('class')).toContain('filter-chips__chip--on');
    expect(await whistled.locator('[data-testid="level-chip"]').innerText()).toBe('社区');
    expect(await whistled.innerText()).toContain('屋顶防水层老化');
    await screenshot(e2e.page, 'sla-9-secretary-todo');
    await whistled.click();
    await waitForRoute(e2e.page, '/pages/order/index');
    const timeline = visibleTestId(e2e.page, 'timeline');
    await timeline.filter({ hasText: '赵敏（网格员）吹哨上报' }).waitFor({ timeout: 15_000 });
    expect(await timeline.innerText()).toContain('屋顶防水需要维修基金和住建部门');
    // She can take it, dispatch it, or blow the whistle again (to the street).
    expect(await visibleTestId(e2e.page, 'action-claim').count()).toBe(1);
    expect(await visibleTestId(e2e.page, 'action-escalate').count()).toBe(1);
  }, 60_000);

  it('陈秀英 merges two reports of the same broken light into one 共性诉求; the other one\'s resident is pointed to it', async () => {
    const first = await file('repair', '1号楼门口的路灯坏了，晚上很黑，出入不安全。');
    const second = await file('repair', '1号楼门口路灯坏了好几天了，晚上太黑了，出入很不安全。');
    await actAs('demo-secretary', '陈秀英');
    await e2e.page.goto(`${e2e.base}/#/pages/order/index?id=${second.id}`, { waitUntil: 'domcontentloaded' });
    const suggestion = e2e.page.locator(`[data-testid="suggestion"][data-id="${first.id}"]:visible`).first();
    await suggestion.waitFor({ timeout: 15_000 });
    expect(await suggestion.innerText()).toContain(`可能相同：单号 ${first.no}`);
    expect(await suggestion.innerText()).toMatch(/相似度 0\.\d，同一楼栋/);
    await suggestion.filter({ hasText: '待接单' }).waitFor(); // its state, read from the order itself
    await e2e.page.locator(`[data-testid="suggestion-pick-${first.id}"]:visible`).first().click();
    await visibleTestId(e2e.page, 'action-merge').filter({ hasText: '合并到本诉求（1条）' }).click();
    await e2e.page.locator('[data-testid="form-merge-text"]:visible textarea').first().fill('同一盏路灯，合并统一维修。');
    await screenshot(e2e.page, 'sla-10-merge');
    await visibleTestId(e2e.page, 'form-merge-confirm').click();
    await visibleTestId(e2e.page, 'order-children').filter({ hasText: '合并了1条' }).waitFor({ timeout: 15_000 });
    expect((await read(first.id)).status).toBe('merged');

    await actAs('demo-resident', '张桂兰');
    await e2e.page.goto(`${e2e.base}/#/pages/order/index?id=${first.id}`, { waitUntil: 'domcontentloaded' });
    const banner = visibleTestId(e2e.page, 'order-merged');
    await banner.filter({ hasText: `已并入共性诉求 单号 ${second.no}` }).waitFor({ timeout: 15_000 });
    await screenshot(e2e.page, 'sla-11-merged-resident');
    await visibleTestId(e2e.page, 'open-parent').click();
    await e2e.page.waitForFunction((id) => window.location.hash.includes(`id=${id}`), second.id, { timeout: 15_000 });
    await visibleTestId(e2e.page, 'order-no').filter({ hasText: second.no }).waitFor({ timeout: 15_000 });
  }, 60_000);

  it('a day later the broken promise is red for 张桂兰 and in the secretary\'s 超时 box', async () => {
    e2e.host.clock.advance(24 * 60 * MIN);
    await actAs('demo-resident', '张桂兰');
    await e2e.page.goto(`${e2e.base}/#/pages/order/index?id=${ids.late}`, { waitUntil: 'domcontentloaded' });
    const countdown = visibleTestId(e2e.page, 'promise-countdown');
    await countdown.filter({ hasText: '已超时' }).waitFor({ timeout: 15_000 });
    expect(await countdown.innerText()).toMatch(/^已超时 3\d分钟$/);
    expect(await countdown.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(200, 16, 46)');
    expect(await visibleTestId(e2e.page, 'promise-note').innerText()).toContain('已上报到社区');
    await screenshot(e2e.page, 'sla-12-resident-overdue');

    await actAs('demo-secretary', '陈秀英');
    await openWorkspace('secretary');
    await visibleTestId(e2e.page, 'chip-overdue').click();
    const late = card(ids.late);
    await late.waitFor({ timeout: 15_000 });
    expect(await late.getAttribute('data-overdue')).toBe('1');
    await card(ids.whistle).waitFor();
    await screenshot(e2e.page, 'sla-13-secretary-overdue');
  }, 60_000);

  it('in 大字模式 the promise and the approval cards stay readable (screenshots)', async () => {
    const p4 = await file('property', '小区绿化带的树枝挡住了路灯，晚上看不清路，希望物业修剪。');
    await actAs('demo-resident', '张桂兰');
    await e2e.page.goto(`${e2e.base}/#/pages/me/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(e2e.page, 'large-font-toggle').click();
    await visibleTestId(e2e.page, 'large-font-toggle').filter({ hasText: '已开启' }).waitFor();
    await e2e.page.goto(`${e2e.base}/#/pages/order/index?id=${ids.late}`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(e2e.page, 'promise-countdown').waitFor({ timeout: 15_000 });
    expect(await e2e.page.locator('.page--large:visible').count()).toBe(1);
    await screenshot(e2e.page, 'sla-14-resident-large-font');

    await actAs('demo-secretary', '陈秀英');
    await e2e.page.goto(`${e2e.base}/#/packages/secretary/pages/approvals/index`, { waitUntil: 'domcontentloaded' });
    await approvalCard(p4.id).waitFor({ timeout: 15_000 });
    expect(await e2e.page.locator('.page--large:visible').count()).toBe(1);
    await approvalCard(p4.id).locator('[data-testid="approval-pick"]').click();
    await visibleTestId(e2e.page, 'approvals-dock').filter({ hasText: '已选 1 条' }).waitFor();
    await screenshot(e2e.page, 'sla-15-approvals-large-font');

    // Back to normal size for whoever uses this browser next.
    await e2e.page.goto(`${e2e.base}/#/pages/me/index`, { waitUntil: 'domcontentloaded' });
    await visibleTestId(e2e.page, 'large-font-toggle').click();
    await visibleTestId(e2e.page, 'large-font-toggle').filter({ hasText: '已关闭' }).waitFor();
  }, 60_000);

  it('raised no page errors', () => {
    expect(e2e.pageErrors).toEqual([]);
  });
});
