import type { OrderListView, OrderView, SubmitResult, TimelineEntryView } from '../../domain/orders/api';
import type { InboxView, PlaceView, QrcodeView } from '../../domain/org/api';
import { startTestHost, type TestHost, ok } from '../helpers/test-host';

/**
 * The closed loop through the real `orders` / `org` functions, the real SDK and the
 * embedded store: 点单 (QR) → 派单 → 接单 → 办理 → 办结 → 评单, plus the refusals.
 */
describe('orders: the closed loop from a building QR code', () => {
  let host: TestHost;
  let scene: string;

  const submitAs = (openid: string, payload: Record<string, unknown>, key?: string) =>
    host.invoke('orders', { action: 'submit', payload, ...(key ? { idempotencyKey: key } : {}) }, openid) as Promise<{
      ok: boolean;
      data?: SubmitResult;
      error?: { code: string; message: string; details?: unknown };
    }>;

  beforeAll(async () => {
    host = startTestHost();
    const qr = await ok<QrcodeView>(host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary'));
    scene = qr.scene;
  });
  afterAll(() => host.destroy());

  it('a secretary gets a signed QR for a building: ≤32 chars, allowed charset, a real PNG opening the H5 intake', async () => {
    const qr = await ok<QrcodeView>(host.call('org', 'qrcode', { orgId: 'u-wh-1-1-2' }, 'demo-secretary'));
    expect(qr.scene.length).toBeLessThanOrEqual(32);
    expect(qr.scene).toMatch(/^[A-Za-z0-9!#$&'()*+,/:;=?@\-._~]+$/);
    expect(qr.image).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(qr.url).toContain(`/#/pages/scan/index?scene=${encodeURIComponent(qr.scene)}`);
    expect(qr.place.name).toBe('1号楼2单元');
    expect(await host.call('org', 'qrcode', { orgId: 'b-ms-1-1' }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-resident')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('resolveScene names the place; forged or edited scenes are refused', async () => {
    const place = await ok<PlaceView>(host.call('org', 'resolveScene', { scene }, 'brand-new-visitor'));
    expect(place).toMatchObject({ orgId: 'b-wh-1-1', name: '1号楼', communityName: '文汇社区', gridName: '文汇社区第一网格', streetName: '渭阳街道' });
    const edited = scene.replace('b-wh-1-1', 'b-ms-1-1');
    const flipped = `${scene.slice(0, -1)}${scene.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [edited, flipped, 'Bb-wh-1-1.0000000000', 'x', '<script>', 'B'.repeat(40)]) {
      const res = await host.call('org', 'resolveScene', { scene: bad }, 'brand-new-visitor');
      expect(res.ok).toBe(false);
      expect(['INVALID_ARGUMENT', 'NOT_FOUND']).toContain(!res.ok && res.error.code);
    }
  });

  let order: OrderView;

  it('点单: a resident submits from the QR; it is routed at once to the grid worker (派单) with an explanation', async () => {
    const res = await submitAs('demo-resident', { scene, category: 'repair', description: '楼道灯坏了，晚上上下楼看不见', contactPhone: '13900000001' }, 'key-loop-0001');
    expect(res.ok).toBe(true);
    order = res.data!.order;
    expect(order).toMatchObject({ status: 'dispatched', level: 'grid', category: 'repair', categoryName: '维修报修', assignee: { kind: 'user', name: '赵敏' } });
    expect(order.place.label).toBe('文汇社区 1号楼');
    expect(order.contactPhone).toBe('13900000001');
    expect(order.can).toMatchObject({ cancel: true, claim: false, rate: false });
    const timeline = await ok<TimelineEntryView[]>(host.call('orders', 'timeline', { id: order.id }, 'demo-resident'));
    expect(timeline.map((e) => e.type)).toEqual(['submit', 'route']);
    expect(timeline[1].label).toBe('已派给 赵敏');
    const staffTimeline = await ok<TimelineEntryView[]>(host.call('orders', 'timeline', { id: order.id }, 'demo-secretary'));
    expect(staffTimeline[1].label).toContain('小事不出网格');
    expect(staffTimeline[1].label).toContain('赵敏');
  });

  it('the same idempotency key twice creates one order', async () => {
    // A retry repeats the request exactly (the key is bound to it).
    const again = await submitAs('demo-resident', { scene, category: 'repair', description: '楼道灯坏了，晚上上下楼看不见', contactPhone: '13900000001' }, 'key-loop-0001');
    expect(again.data).toMatchObject({ order: { id: order.id } });
    expect(host.store.find('orders', { filedBy: 'demo-resident' })).toHaveLength(1);
  });

  it('others see the phone masked; another resident cannot see the order at all', async () => {
    const asSecretary = await ok<OrderView>(host.call('orders', 'get', { id: order.id }, 'demo-secretary'));
    expect(asSecretary.contactPhone).toBe('139****0001');
    expect(await host.call('orders', 'get', { id: order.id }, 'demo-resident-2')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await host.call('orders', 'get', { id: order.id }, 'demo-secretary-2')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('the grid worker has it in 待办 and gets a notification', async () => {
    const todo = await ok<OrderListView>(host.call('orders', 'list', { box: 'todo' }, 'demo-grid-worker'));
    expect(todo.items.map((i) => i.id)).toContain(order.id);
    const inbox = await ok<InboxView>(host.call('org', 'inbox', {}, 'demo-grid-worker'));
    expect(inbox.unread).toBeGreaterThanOrEqual(1);
    expect(inbox.items[0]).toMatchObject({ type: 'assigned', orderId: order.id });
  });

  it('接单: of 50 concurrent claims exactly one wins; someone else cannot claim', async () => {
    expect(await host.call('orders', 'claim', { id: order.id, version: order.version }, 'demo-grid-worker-2')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, () => host.call<OrderView>('orders', 'claim', { id: order.id, version: order.version }, 'demo-grid-worker')),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok)) expect(!r.ok && r.error.code).toBe('CONFLICT');
    order = (winners[0] as { data: OrderView }).data;
    expect(order).toMatchObject({ status: 'claimed', handlerName: '赵敏', contactPhone: '13900000001' });
    expect(host.store.find('order_events', { orderId: order.id, type: 'claim' })).toHaveLength(1);
  });

  it('办理: start, ask the resident, the resident replies, then 办结 with proof', async () => {
    order = await ok<OrderView>(host.call('orders', 'start', { id: order.id }, 'demo-grid-worker'));
    expect(order.status).toBe('in_progress');
    order = await ok<OrderView>(host.call('orders', 'requestInfo', { id: order.id, question: '是几楼的灯？' }, 'demo-grid-worker'));
    expect(order.awaitingInfoQuestion).toBe('是几楼的灯？');
    const residentView = await ok<OrderView>(host.call('orders', 'get', { id: order.id }, 'demo-resident'));
    expect(residentView.can.reply).toBe(true);
    order = await ok<OrderView>(host.call('orders', 'reply', { id: order.id, answer: '三楼和四楼之间' }, 'demo-resident'));
    expect(order.awaitingInfoQuestion).toBeNull();
    expect(await host.call('orders', 'resolve', { id: order.id, note: '' }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    order = await ok<OrderView>(host.call('orders', 'resolve', { id: order.id, note: '已更换三楼声控灯' }, 'demo-grid-worker'));
    expect(order).toMatchObject({ status: 'resolved', resolution: { note: '已更换三楼声控灯' } });
  });

  it('评单: 5 stars closes it; rating twice is refused; the timeline tells the whole story', async () => {
    expect(await host.call('orders', 'rate', { id: order.id, stars: 5 }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('orders', 'rate', { id: order.id, stars: 5, comment: '加微信返现' }, 'demo-resident')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', details: { fields: [{ path: 'comment' }] } },
    });
    order = await ok<OrderView>(host.call('orders', 'rate', { id: order.id, stars: 5, dims: { speed: 5, attitude: 5, result: 5 }, tags: ['响应及时'] }, 'demo-resident'));
    expect(order).toMatchObject({ status: 'closed', statusLabel: '已评价', rating: { stars: 5 } });
    expect(await host.call('orders', 'rate', { id: order.id, stars: 1 }, 'demo-resident')).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
    const timeline = await ok<TimelineEntryView[]>(host.call('orders', 'timeline', { id: order.id }, 'demo-resident'));
    expect(timeline.map((e) => e.type)).toEqual(['submit', 'route', 'claim', 'start', 'request_info', 'reply', 'resolve', 'rate']);
    expect(timeline.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const mine = await ok<OrderListView>(host.call('orders', 'list', { box: 'mine' }, 'demo-resident'));
    expect(mine.items[0]).toMatchObject({ id: order.id, status: 'closed' });
  });

  it('≤2 stars reopens to the same handler and flags it to the secretary', async () => {
    const res = await submitAs('demo-resident', { scene, category: 'environment', description: '垃圾桶满了没人清理，味道很大' }, 'key-loop-0002');
    let o = res.data!.order;
    o = await ok<OrderView>(host.call('orders', 'claim', { id: o.id, version: o.version }, 'demo-grid-worker'));
    o = await ok<OrderView>(host.call('orders', 'resolve', { id: o.id, note: '已清理' }, 'demo-grid-worker'));
    o = await ok<OrderView>(host.call('orders', 'rate', { id: o.id, stars: 2, comment: '只清了一半' }, 'demo-resident'));
    expect(o).toMatchObject({ status: 'dispatched', reopenCount: 1, flaggedForSecretary: true, assignee: { kind: 'user', name: '赵敏' } });
    const inbox = await ok<InboxView>(host.call('org', 'inbox', {}, 'demo-secretary'));
    expect(inbox.items.some((i) => i.type === 'low_rating' && i.orderId === o.id)).toBe(true);
  });

  it('a resident can cancel before it is claimed, not after', async () => {
    const res = await submitAs('demo-resident', { scene, category: 'repair', description: '单元门禁坏了，刷卡打不开' }, 'key-loop-0003');
    const o = res.data!.order;
    const cancelled = await ok<OrderView>(host.call('orders', 'cancel', { id: o.id, reason: '已经自己修好了' }, 'demo-resident'));
    expect(cancelled.status).toBe('cancelled');
    expect(await host.call('orders', 'claim', { id: o.id, version: cancelled.version }, 'demo-grid-worker')).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', details: { state: 'cancelled' } },
    });
  });

  it('property orders wait for the secretary; approve / reject / re-dispatch with a reason', async () => {
    const res = await submitAs('demo-resident', { scene, category: 'property', description: '物业长期不打扫楼道，请社区协调' }, 'key-loop-0004');
    const o = res.data!.order;
    expect(o.status).toBe('pending_approval');
    expect(await host.call('orders', 'approve', { id: o.id }, 'demo-secretary-2')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const approved = await ok<OrderView>(host.call('orders', 'approve', { id: o.id }, 'demo-secretary'));
    expect(approved.status).toBe('dispatched');
    const moved = await ok<OrderView>(
      host.call('orders', 'dispatch', { id: o.id, to: { kind: 'user', openid: 'demo-grid-worker' }, reason: '网格员熟悉该楼情况' }, 'demo-secretary'),
    );
    expect(moved.assignee).toMatchObject({ kind: 'user', name: '赵敏' });
    const batch = await Promise.all(
      ['key-batch-0001', 'key-batch-0002'].map((k) => submitAs('demo-resident', { scene, category: 'property', description: `物业问题批量审批测试 ${k}` }, k)),
    );
    const ids = batch.map((b) => b.data!.order.id);
    expect(await host.call('orders', 'approveMany', { ids }, 'demo-secretary-2')).toMatchObject({ ok: true, data: { approved: [], failed: [{ code: 'NOT_FOUND' }, { code: 'NOT_FOUND' }] } });
    expect(await host.call('orders', 'approveMany', { ids: [...ids, 'ord_missing'] }, 'demo-secretary')).toMatchObject({
      ok: true,
      data: { approved: ids, failed: [{ id: 'ord_missing', code: 'NOT_FOUND' }] },
    });
    const other = await submitAs('demo-resident', { scene, category: 'property', description: '想咨询一下物业费标准是多少' }, 'key-loop-0005');
    const rejected = await ok<OrderView>(host.call('orders', 'reject', { id: other.data!.order.id, reason: '属于政策咨询，请拨打12345' }, 'demo-secretary'));
    expect(rejected.status).toBe('rejected');
  });

  it('a handler can bounce (退单) back to the community queue with a reason', async () => {
    const res = await submitAs('demo-resident', { scene, category: 'repair', description: '二楼水管漏水，墙面潮湿' }, 'key-loop-0006');
    let o = await ok<OrderView>(host.call('orders', 'claim', { id: res.data!.order.id, version: res.data!.order.version }, 'demo-grid-worker'));
    o = await ok<OrderView>(host.call('orders', 'bounce', { id: o.id, reason: '需要专业水电工，网格内无法处理' }, 'demo-grid-worker'));
    expect(o).toMatchObject({ status: 'dispatched', level: 'community', assignee: { kind: 'queue', queue: 'community' } });
    const secretaryTodo = await ok<OrderListView>(host.call('orders', 'list', { box: 'todo' }, 'demo-secretary'));
    expect(secretaryTodo.items.map((i) => i.id)).toContain(o.id);
  });

  it('wishes go to the community wish wall, which a registered volunteer can claim', async () => {
    const res = await submitAs('demo-resident', { scene, category: 'wish', description: '想请志愿者周末陪老人去医院复查' }, 'key-loop-0007');
    const o = res.data!.order;
    expect(o).toMatchObject({ kind: 'wish', assignee: { kind: 'queue', queue: 'wish_wall' } });
    const claimed = await ok<OrderView>(host.call('orders', 'claim', { id: o.id, version: o.version }, 'demo-volunteer'));
    expect(claimed).toMatchObject({ status: 'claimed', handlerName: '王志强' });
    const before = await ok<{ balance: number }>(host.call('checkins', 'points', {}, 'demo-volunteer'));
    await ok<OrderView>(host.call('orders', 'resolve', { id: o.id, note: '周六上午已陪同去医院复查' }, 'demo-volunteer'));
    const rated = await ok<OrderView>(host.call('orders', 'rate', { id: o.id, stars: 5 }, 'demo-resident'));
    expect(rated.status).toBe('closed');
    const after = await ok<{ balance: number; lines: { cause: { type: string; id: string } }[] }>(host.call('checkins', 'points', {}, 'demo-volunteer'));
    expect(after.balance - before.balance).toBe(20);
    expect(after.lines.some((l) => l.cause.id === o.id)).toBe(true);
  });

  it('lists page with a cursor and never mix in other people’s orders', async () => {
    const first = await ok<OrderListView>(host.call('orders', 'list', { box: 'mine', limit: 3 }, 'demo-resident'));
    expect(first.items).toHaveLength(3);
    const second = await ok<OrderListView>(host.call('orders', 'list', { box: 'mine', limit: 3, cursor: first.nextCursor }, 'demo-resident'));
    const ids = [...first.items, ...second.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await ok<OrderListView>(host.call('orders', 'list', { box: 'mine' }, 'demo-resident-2'))).items).toEqual([]);
    const org = await ok<OrderListView>(host.call('orders', 'list', { box: 'org' }, 'demo-secretary'));
    expect(org.items.length).toBeGreaterThanOrEqual(7);
    expect(await host.call('orders', 'list', { box: 'org', orgId: 'c-ms' }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('orders', 'list', { box: 'org', cursor: 'bm90LWEtY3Vyc29y' }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('bad input is refused with a clean error and nothing is stored', async () => {
    const before = host.store.digest();
    const bad: Record<string, unknown>[] = [
      {},
      { scene, category: 'repair', description: '短' },
      { scene, category: 'repair', description: 'x'.repeat(501) },
      { scene, orgId: 'b-wh-1-1', category: 'repair', description: '两个地点同时给出' },
      { scene, category: { $gt: '' }, description: '运算符注入尝试一下' },
      { scene, category: 'nope', description: '不存在的类别试一下' },
      { scene, category: 'repair', description: '照片太多了试一下', media: ['/uploads/aaaaaaaaaaaaaaaa.jpg', '/uploads/bbbbbbbbbbbbbbbb.jpg', '/uploads/cccccccccccccccc.jpg', '/uploads/dddddddddddddddd.jpg'] },
      { scene, category: 'repair', description: '外部图片地址试一下', media: ['https://evil.example/x.jpg'] },
      { scene, category: 'repair', description: '手机号格式不对试一下', contactPhone: '12345' },
      { scene: 'Bb-ms-1-1.AAAAAAAAAA', category: 'repair', description: '伪造的二维码试一下' },
      { orgId: 'b-ms-1-1', category: 'repair', description: '不扫码直接报别的楼' },
      { scene, category: 'repair', description: '代办没有填写姓名', channel: 'proxy' },
      { scene, category: 'repair', description: '居民冒充电话登记', channel: 'phone' },
      { scene, category: 'repair', description: '楼上邻居是个王八蛋天天吵' },
    ];
    for (const payload of bad) {
      const res = await submitAs('demo-resident', payload, 'key-bad-0001');
      expect(res.ok).toBe(false);
      expect(res.error?.message).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(host.store.digest()).toBe(before);
  });
});

describe('orders: list groups, handler picker, resident-facing timeline', () => {
  let host: TestHost;
  beforeAll(() => {
    host = startTestHost();
  });
  afterAll(() => host.destroy());

  it('org.handlers lists the community staff least loaded first; only dispatchers of that community may ask', async () => {
    const res = await host.call<{ openid: string; role: string; orgName: string }[]>('org', 'handlers', { orgId: 'c-wh' }, 'demo-secretary');
    expect(res.ok && res.data.map((h) => h.openid).sort()).toEqual(['demo-grid-worker', 'demo-secretary']);
    expect(await host.call('org', 'handlers', { orgId: 'c-ms' }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('org', 'handlers', { orgId: 'c-wh' }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a status group filters the list; residents read where it went, staff read why', async () => {
    const qr = (await host.call<{ scene: string }>('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary')) as { data: { scene: string } };
    const sub = (await host.invoke('orders', { action: 'submit', idempotencyKey: 'group-key-0001', payload: { scene: qr.data.scene, category: 'repair', description: '楼下路灯不亮了' } }, 'demo-resident')) as { data: SubmitResult };
    const active = await host.call<OrderListView>('orders', 'list', { box: 'mine', status: 'active' }, 'demo-resident');
    expect(active.ok && active.data.items.map((i) => i.id)).toEqual([sub.data.order.id]);
    const done = await host.call<OrderListView>('orders', 'list', { box: 'mine', status: 'done' }, 'demo-resident');
    expect(done.ok && done.data.items).toEqual([]);
    const forResident = await host.call<TimelineEntryView[]>('orders', 'timeline', { id: sub.data.order.id }, 'demo-resident');
    expect(forResident.ok && forResident.data[1].label).toBe('已派给 赵敏');
    const forStaff = await host.call<TimelineEntryView[]>('orders', 'timeline', { id: sub.data.order.id }, 'demo-secretary');
    expect(forStaff.ok && forStaff.data[1].label).toContain('小事不出网格');
  });
});
