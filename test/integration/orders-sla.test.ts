import type { OrderView, SubmitResult, TimelineEntryView, OrderListView } from '../../domain/orders/api';
import type { InboxView, QrcodeView } from '../../domain/org/api';
import { startTestHost, type TestHost, ok } from '../helpers/test-host';

const MIN = 60_000;

/** SLA clocks and the ladder through the real functions: 街道吹哨、部门报到. */
describe('orders: SLA clocks, the sweep and the escalation ladder', () => {
  let host: TestHost;
  let scene: string;
  const submit = async (key: string, payload: Record<string, unknown>) =>
    ((await host.invoke('orders', { action: 'submit', idempotencyKey: key, payload: { scene, ...payload } }, 'demo-resident')) as { data: SubmitResult }).data.order;
  const sweep = () => host.trigger('sweep') as Promise<{ ok: boolean; data: { tasks: { name: string; processed: number; error?: string }[] } }>;
  const unread = async (openid: string) => (await ok<InboxView>(host.call('org', 'inbox', { limit: 50 }, openid))).items;

  beforeEach(async () => {
    host = startTestHost();
    scene = (await ok<QrcodeView>(host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary'))).scene;
  });
  afterEach(() => host.destroy());

  it('a new order carries the 15-30-24 promise and its clocks', async () => {
    const o = await submit('sla-key-0001', { category: 'repair', description: '楼道灯坏了，晚上看不见' });
    expect(o.promise).toBe('15分钟响应、30分钟回复、24小时解决');
    expect(o.clocks.map((c) => [c.kind, c.level, c.dueAt - o.submittedAt])).toEqual([
      ['respond', 'grid', 15 * MIN],
      ['reply', 'grid', 30 * MIN],
      ['resolve', 'grid', 24 * 60 * MIN],
    ]);
    expect(o.dueAt).toBe(o.submittedAt + 15 * MIN);
    expect(o.overdue).toBe(false);
  });

  it('a stalled order climbs grid → community → street → department, one event per step, the right people told', async () => {
    const o = await submit('sla-key-0002', { category: 'repair', description: '单元门坏了关不上，存在安全隐患' });
    host.clock.advance(15 * MIN);
    await sweep();
    // 15-30-24: a missed 接单 is 督办 — the grid worker is reminded, the secretary told, the order stays.
    expect((await unread('demo-grid-worker')).some((n) => n.type === 'reminder' && n.orderId === o.id)).toBe(true);
    expect((await unread('demo-secretary')).some((n) => n.type === 'supervise' && n.orderId === o.id)).toBe(true);
    expect(await ok<OrderView>(host.call('orders', 'get', { id: o.id }, 'demo-secretary'))).toMatchObject({ level: 'grid', escalations: 0 });
    host.clock.advance(9 * MIN);
    await sweep();

    host.clock.advance(7 * MIN);
    const first = await sweep();
    expect(first.data.tasks[0]).toMatchObject({ name: 'sla', processed: 1 });
    let now = await ok<OrderView>(host.call('orders', 'get', { id: o.id }, 'demo-secretary'));
    expect(now).toMatchObject({ level: 'community', status: 'dispatched', assignee: { kind: 'queue', queue: 'community' } });
    expect((await unread('demo-secretary')).some((n) => n.type === 'escalated' && n.orderId === o.id)).toBe(true);
    const fresh = now.clocks.filter((c) => c.level === 'community');
    expect(fresh.map((c) => c.kind)).toEqual(['dispatch', 'respond', 'reply', 'resolve']);

    host.clock.advance(31 * MIN);
    await sweep();
    now = await ok<OrderView>(host.call('orders', 'get', { id: o.id }, 'demo-street-admin'));
    expect(now).toMatchObject({ level: 'street', assignee: { queue: 'street' } });
    expect((await unread('demo-street-admin')).some((n) => n.type === 'escalated')).toBe(true);

    host.clock.advance(31 * MIN);
    await sweep();
    now = await ok<OrderView>(host.call('orders', 'get', { id: o.id }, 'demo-department'));
    expect(now).toMatchObject({ level: 'department', assignee: { queue: 'department', name: '区住建局' } });
    expect(now.overdue).toBe(false);
    const todo = await ok<OrderListView>(host.call('orders', 'list', { box: 'todo' }, 'demo-department'));
    expect(todo.items.map((i) => i.id)).toContain(o.id);
    // 部门报到: the department claims it within its own clock.
    const claimed = await ok<OrderView>(host.call('orders', 'claim', { id: o.id, version: now.version }, 'demo-department'));
    expect(claimed.status).toBe('claimed');

    const timeline = await ok<TimelineEntryView[]>(host.call('orders', 'timeline', { id: o.id }, 'demo-resident'));
    const steps = timeline.filter((e) => e.type === 'escalate');
    expect(steps).toHaveLength(3);
    expect(steps.map((e) => e.label)).toEqual([
      expect.stringContaining('网格 → 社区'),
      expect.stringContaining('社区 → 街道'),
      expect.stringContaining('街道 → 职能部门'),
    ]);
  });

  it('concurrent sweeps escalate once; running it again changes nothing', async () => {
    const o = await submit('sla-key-0003', { category: 'repair', description: '电梯异响，担心安全' });
    host.clock.advance(31 * MIN);
    await Promise.all([sweep(), sweep(), sweep()]);
    const events = host.store.find('order_events', { orderId: o.id, type: 'escalate' });
    expect(events).toHaveLength(1);
    const before = host.store.digest();
    await sweep();
    expect(host.store.digest()).toBe(before);
  });

  it('the manual whistle (吹哨) by the handler, with a reason; residents cannot', async () => {
    let o = await submit('sla-key-0004', { category: 'repair', description: '外墙瓷砖脱落，有坠落风险' });
    o = await ok<OrderView>(host.call('orders', 'claim', { id: o.id, version: o.version }, 'demo-grid-worker'));
    expect(await host.call('orders', 'escalate', { id: o.id, reason: '我要上报' }, 'demo-resident')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    o = await ok<OrderView>(host.call('orders', 'escalate', { id: o.id, reason: '需要专业单位处置，网格无法解决' }, 'demo-grid-worker'));
    expect(o).toMatchObject({ level: 'community', status: 'dispatched', escalations: 1 });
  });

  it('asking the resident pauses the resolve clock until they answer', async () => {
    let o = await submit('sla-key-0005', { category: 'repair', description: '水龙头漏水，需要上门看看' });
    o = await ok<OrderView>(host.call('orders', 'claim', { id: o.id, version: o.version }, 'demo-grid-worker'));
    const due = o.clocks.find((c) => c.kind === 'resolve' && c.level === 'grid')!.dueAt;
    o = await ok<OrderView>(host.call('orders', 'requestInfo', { id: o.id, question: '您什么时候在家？' }, 'demo-grid-worker'));
    expect(o.clocks.find((c) => c.kind === 'resolve')!.paused).toBe(true);
    host.clock.advance(120 * MIN);
    o = await ok<OrderView>(host.call('orders', 'reply', { id: o.id, answer: '明天上午' }, 'demo-resident'));
    expect(o.clocks.find((c) => c.kind === 'resolve')!.dueAt).toBe(due + 120 * MIN);
  });

  it('emergencies go to every responder nearby with a 5-minute clock; first claim wins; unanswered they reach the community', async () => {
    const o = await submit('sla-key-0006', { category: 'emergency', description: '楼道里有老人摔倒了，快来人' });
    expect(o).toMatchObject({ priority: 'emergency', level: 'grid', assignee: { kind: 'queue', queue: 'broadcast' }, promise: '5分钟内到场' });
    expect(o.clocks.find((c) => c.kind === 'respond')!.dueAt - o.submittedAt).toBe(5 * MIN);
    expect((await unread('demo-volunteer')).some((n) => n.orderId === o.id)).toBe(true);
    host.clock.advance(6 * MIN);
    await sweep();
    const now = await ok<OrderView>(host.call('orders', 'get', { id: o.id }, 'demo-secretary'));
    expect(now.level).toBe('community');
  });

  it('a claimed 微心愿 not fulfilled in 7 days goes back to the wall for others', async () => {
    let wish = await submit('sla-key-0009', { category: 'wish', description: '想请人帮忙修一下轮椅' });
    wish = await ok<OrderView>(host.call('orders', 'claim', { id: wish.id, version: wish.version }, 'demo-volunteer'));
    host.clock.advance(6 * 24 * 60 * MIN);
    await sweep();
    expect((await ok<OrderView>(host.call('orders', 'get', { id: wish.id }, 'demo-resident'))).status).toBe('claimed');
    host.clock.advance(2 * 24 * 60 * MIN);
    await sweep();
    const back = await ok<OrderView>(host.call('orders', 'get', { id: wish.id }, 'demo-resident'));
    expect(back).toMatchObject({ status: 'dispatched', assignee: { kind: 'queue', queue: 'wish_wall' }, handlerName: null });
    expect((await unread('demo-volunteer')).some((n) => n.type === 'wish_expired')).toBe(true);
  });

  it('the overdue box lists open orders past the resident promise; bounce twice escalates', async () => {
    const o = await submit('sla-key-0007', { category: 'repair', description: '车库顶棚漏水，车被淋湿' });
    host.clock.advance(25 * 60 * MIN);
    const overdue = await ok<OrderListView>(host.call('orders', 'list', { box: 'overdue' }, 'demo-secretary'));
    expect(overdue.items.map((i) => i.id)).toContain(o.id);
    expect(overdue.items.find((i) => i.id === o.id)!.overdue).toBe(true);
    expect(await host.call('orders', 'list', { box: 'overdue' }, 'demo-resident')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    let b = await submit('sla-key-0008', { category: 'repair', description: '路灯不亮，晚上出行不便' });
    b = await ok<OrderView>(host.call('orders', 'claim', { id: b.id, version: b.version }, 'demo-grid-worker'));
    b = await ok<OrderView>(host.call('orders', 'bounce', { id: b.id, reason: '不是网格内的路灯' }, 'demo-grid-worker'));
    expect(b.level).toBe('community');
    b = await ok<OrderView>(host.call('orders', 'claim', { id: b.id, version: b.version }, 'demo-secretary'));
    b = await ok<OrderView>(host.call('orders', 'bounce', { id: b.id, reason: '需要街道协调市政' }, 'demo-secretary'));
    expect(b).toMatchObject({ level: 'street', assignee: { queue: 'street' } });
  });
});

describe('orders: 共性诉求 duplicates and merge', () => {
  let host: TestHost;
  let scene: string;
  beforeAll(async () => {
    host = startTestHost();
    scene = (await ok<QrcodeView>(host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary'))).scene;
  });
  afterAll(() => host.destroy());

  it('similar orders are suggested to staff; the secretary merges them; followers hear on resolution', async () => {
    const file = async (who: string, key: string, description: string) =>
      ((await host.invoke('orders', { action: 'submit', idempotencyKey: key, payload: { scene, category: 'repair', description } }, who)) as { data: SubmitResult }).data.order;
    const first = await file('demo-resident', 'dup-key-0001', '1号楼楼道灯坏了，晚上看不见');
    const second = await file('demo-volunteer', 'dup-key-0002', '楼道灯坏了好几天，晚上看不见路');
    expect(second.suggestions).toEqual([]);
    const staffView = await ok<OrderView>(host.call('orders', 'get', { id: second.id }, 'demo-secretary'));
    expect(staffView.suggestions.map((s) => s.id)).toEqual([first.id]);
    expect(staffView.can.merge).toBe(true);
    expect(await host.call('orders', 'merge', { id: first.id, childIds: [second.id], reason: '同一盏灯' }, 'demo-secretary-2')).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const parent = await ok<OrderView>(host.call('orders', 'merge', { id: first.id, childIds: [second.id], reason: '同一楼道的同一盏灯' }, 'demo-secretary'));
    expect(parent.childCount).toBe(1);
    const child = await ok<OrderView>(host.call('orders', 'get', { id: second.id }, 'demo-volunteer'));
    expect(child).toMatchObject({ status: 'merged', parentId: first.id });
    let p = await ok<OrderView>(host.call('orders', 'claim', { id: first.id, version: parent.version }, 'demo-grid-worker'));
    p = await ok<OrderView>(host.call('orders', 'resolve', { id: p.id, note: '已更换灯泡' }, 'demo-grid-worker'));
    const inbox = await ok<InboxView>(host.call('org', 'inbox', {}, 'demo-volunteer'));
    expect(inbox.items.some((n) => n.orderId === first.id && n.title.includes('共性诉求已办结'))).toBe(true);
  });
});

describe('district configuration: routing rules and SLA policies are data the district admin edits', () => {
  let host: TestHost;
  beforeAll(() => {
    host = startTestHost();
  });
  afterAll(() => host.destroy());

  it('a new SLA policy applies to the next order, the change is audited, and only the district admin may make it', async () => {
    const policies = (await host.call<{ _id: string }[]>('org', 'config', { kind: 'sla_policies' }, 'demo-district-admin')) as { ok: true; data: { _id: string }[] };
    expect(policies.data.map((p) => p._id)).toContain('sla-15-30-24');
    const policy = {
      _id: 'sla-repair-fast',
      name: '维修快速响应',
      order: 5,
      match: { categories: ['repair'] },
      calendar: { kind: '24x7' },
      targets: { respond: 10, resolve: 120 },
      remindAt: 0.8,
      promise: '2小时内修好',
    };
    expect(await host.call('org', 'saveSlaPolicy', { policy }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('org', 'saveSlaPolicy', { policy: { ...policy, remindAt: 3 } }, 'demo-district-admin')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await host.call('org', 'saveSlaPolicy', { policy }, 'demo-district-admin')).toMatchObject({ ok: true });
    expect(host.store.find('audit', { target: 'sla_policies/sla-repair-fast' })).toHaveLength(1);
    const qr = (await host.call<QrcodeView>('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary')) as { data: QrcodeView };
    const order = ((await host.invoke('orders', { action: 'submit', idempotencyKey: 'cfg-key-0001', payload: { scene: qr.data.scene, category: 'repair', description: '水管爆了，急需维修' } }, 'demo-resident')) as { data: SubmitResult }).data.order;
    expect(order.promise).toBe('2小时内修好');
  });

  it('a rule that routes disputes elsewhere takes effect; malformed rules are refused', async () => {
    const rule = { _id: 'rule-dispute', name: '矛盾纠纷由街道调解', order: 40, enabled: true, match: { categories: ['dispute'] }, target: { type: 'grid_worker' } };
    expect(await host.call('org', 'saveRule', { rule: { ...rule, target: { type: 'nowhere' } } }, 'demo-district-admin')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await host.call('org', 'saveRule', { rule }, 'demo-district-admin')).toMatchObject({ ok: true });
    const qr = (await host.call<QrcodeView>('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary')) as { data: QrcodeView };
    const order = ((await host.invoke('orders', { action: 'submit', idempotencyKey: 'cfg-key-0002', payload: { scene: qr.data.scene, category: 'dispute', description: '楼上噪音扰民，多次沟通无果' } }, 'demo-resident')) as { data: SubmitResult }).data.order;
    expect(order.assignee).toMatchObject({ kind: 'user', name: '赵敏' });
  });
});

describe('委托: a secretary delegates approvals to a deputy for a date range', () => {
  let host: TestHost;
  beforeAll(() => {
    host = startTestHost();
  });
  afterAll(() => host.destroy());

  it('the deputy approves while it runs, not after; the delegation is audited; others cannot delegate', async () => {
    const now = host.clock.now();
    const qr = (await host.call<QrcodeView>('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary')) as { data: QrcodeView };
    const submit = async (key: string) =>
      ((await host.invoke('orders', { action: 'submit', idempotencyKey: key, payload: { scene: qr.data.scene, category: 'property', description: `物业问题 ${key}` } }, 'demo-resident')) as { data: SubmitResult }).data
        .order;
    const first = await submit('dlg-key-0001');
    expect(await host.call('orders', 'approve', { id: first.id }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(
      await host.call('org', 'delegate', { communityId: 'c-ms', deputyOpenid: 'demo-grid-worker', from: now, to: now + 86_400_000, reason: '外出学习' }, 'demo-secretary'),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const dlg = await host.call('org', 'delegate', { communityId: 'c-wh', deputyOpenid: 'demo-grid-worker', from: now, to: now + 2 * 86_400_000, reason: '外出学习两天' }, 'demo-secretary');
    expect(dlg).toMatchObject({ ok: true, data: { deputyName: '赵敏' } });
    expect(host.store.find('audit', { action: 'delegate' })).toHaveLength(1);
    expect(await host.call('orders', 'approve', { id: first.id }, 'demo-grid-worker')).toMatchObject({ ok: true, data: { status: 'dispatched' } });
    host.clock.advance(3 * 86_400_000);
    const later = await submit('dlg-key-0002');
    expect(await host.call('orders', 'approve', { id: later.id }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
