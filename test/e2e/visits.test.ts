import type { OrderView, SubmitResult } from '../../domain/orders/api';
import { e2eSession, goHomeAs, screenshotPage as screenshot, visibleTestId, waitForRoute } from '../helpers/browser';


/**
 * 回访 as 赵敏 (grid worker) does it on her phone: the secretary handled two orders in her grid
 * herself (nobody visits their own work, so the visits are 赵敏's); a neighbour filed by proxy
 * for 王奶奶 and a 1-star rating put two return visits on her list; she opens 回访任务 from her 工作台, sees whom to
 * call, records 满意 for the first and 不满意 for the second, which goes back to be handled again.
 */
describe('回访任务 (H5 on the local host, phone viewport)', () => {
  const e2e = e2eSession();
  const orders: Record<'proxy' | 'low', OrderView | null> = { proxy: null, low: null };

  const resolved = async (payload: Record<string, unknown>): Promise<OrderView> => {
    const s = await e2e.host.call<SubmitResult>('orders', 'submit', { orgId: 'b-wh-1-1', category: 'repair', ...payload }, 'demo-resident');
    if (!s.ok) throw new Error(JSON.stringify(s.error));
    const mine = await e2e.host.call<OrderView>('orders', 'dispatch', { id: s.data.order.id, to: { kind: 'user', openid: 'demo-secretary' }, reason: '书记亲自处理' }, 'demo-secretary');
    if (!mine.ok) throw new Error(JSON.stringify(mine.error));
    const claim = await e2e.host.call<OrderView>('orders', 'claim', { id: s.data.order.id, version: mine.data.version }, 'demo-secretary');
    if (!claim.ok) throw new Error(JSON.stringify(claim.error));
    const done = await e2e.host.call<OrderView>('orders', 'resolve', { id: s.data.order.id, note: '已更换灯泡' }, 'demo-secretary');
    if (!done.ok) throw new Error(JSON.stringify(done.error));
    return done.data;
  };

  beforeAll(async () => {
    orders.proxy = await resolved({ description: '替楼下王奶奶报修：她家门口楼道灯坏了', channel: 'proxy', proxyFor: { name: '王奶奶', phone: '13912340000' } });
    orders.low = await resolved({ description: '2单元楼道灯又不亮了' });
    const low = await e2e.host.call<OrderView>('orders', 'rate', { id: orders.low.id, stars: 1, comment: '第二天又坏了' }, 'demo-resident');
    if (!low.ok) throw new Error(JSON.stringify(low.error));
  }, 60_000);

  it('赵敏 opens 回访任务 from her 工作台 and sees whom to call for each', async () => {
    await goHomeAs(e2e.page, e2e.base, 'demo-grid-worker', '赵敏');
    await visibleTestId(e2e.page, 'entry-work').click();
    await waitForRoute(e2e.page, '/packages/work/pages/index/index');
    await visibleTestId(e2e.page, 'visits-count').filter({ hasText: '2' }).waitFor({ timeout: 15_000 });
    await visibleTestId(e2e.page, 'entry-visits').click();
    await waitForRoute(e2e.page, '/packages/work/pages/visits/index');
    const proxy = visibleTestId(e2e.page, `visit-${orders.proxy!.no}`);
    await proxy.waitFor({ timeout: 15_000 });
    await expect(proxy.innerText()).resolves.toContain('王奶奶（代办） · 13912340000');
    await expect(visibleTestId(e2e.page, `visit-${orders.low!.no}`).innerText()).resolves.toContain('居民差评');
    await screenshot(e2e.page, 'visits-1-list');
  });

  it('records 满意 for one and 不满意 for the other, which is dispatched again', async () => {
    const proxy = visibleTestId(e2e.page, `visit-${orders.proxy!.no}`);
    await proxy.locator('[data-testid="visit-record"]').click();
    await proxy.locator('[data-testid="visit-outcome"] [data-testid="chip-satisfied"]').click();
    await proxy.locator('[data-testid="visit-note"] textarea').fill('电话联系王奶奶，灯已经亮了，很满意');
    await screenshot(e2e.page, 'visits-2-form');
    await proxy.locator('[data-testid="visit-save"]').click();
    await proxy.waitFor({ state: 'detached', timeout: 15_000 });

    const low = visibleTestId(e2e.page, `visit-${orders.low!.no}`);
    await low.locator('[data-testid="visit-record"]').click();
    await low.locator('[data-testid="visit-outcome"] [data-testid="chip-not_satisfied"]').click();
    await low.locator('[data-testid="visit-method"] [data-testid="chip-door"]').click();
    await low.locator('[data-testid="visit-note"] textarea').fill('上门查看，线路老化，灯还是会灭');
    await low.locator('[data-testid="visit-save"]').click();
    await low.waitFor({ state: 'detached', timeout: 15_000 });
    await visibleTestId(e2e.page, 'state-empty').waitFor();
    await screenshot(e2e.page, 'visits-3-done');

    const reopened = await e2e.host.call<OrderView>('orders', 'get', { id: orders.low!.id }, 'demo-secretary');
    expect(reopened.ok && reopened.data).toMatchObject({ status: 'dispatched', flaggedForSecretary: true });
    const kept = await e2e.host.call<OrderView>('orders', 'get', { id: orders.proxy!.id }, 'demo-secretary');
    expect(kept.ok && kept.data.status).not.toBe('dispatched');
    expect(e2e.pageErrors).toEqual([]);
  });
});
