import { authorize, POLICY, type ActionId } from '../../domain/authz/policy';
import type { OrderDoc } from '../../domain/model/order';
import type { SubmitResult } from '../../domain/orders/api';
import type { QrcodeView } from '../../domain/org/api';
import { DEMO_PEOPLE } from '../../server/seed/demo';
import { targetOf } from '../../domain/orders/authz-target';
import type { FunctionName } from '../../server/host';
import { leakChecker } from '../helpers/leaks';
import { startTestHost, type TestHost } from '../helpers/test-host';

/**
 * The authorization matrix, walked cell by cell through the real functions with the demo
 * identities: every cell the matrix denies is refused (FORBIDDEN, or NOT_FOUND where
 * existence must not leak) and changes nothing; every refusal anywhere changes nothing.
 * Orders are created fresh per cell so cells cannot influence each other.
 */
type Cell = { fn: FunctionName; action: string; policy: ActionId; payload: (o: OrderDoc) => Record<string, unknown> };

const ORDER_CELLS: Cell[] = [
  { fn: 'orders', action: 'get', policy: 'orders.get', payload: (o) => ({ id: o._id }) },
  { fn: 'orders', action: 'timeline', policy: 'orders.timeline', payload: (o) => ({ id: o._id }) },
  { fn: 'orders', action: 'claim', policy: 'orders.claim', payload: (o) => ({ id: o._id, version: o.version }) },
  { fn: 'orders', action: 'bounce', policy: 'orders.bounce', payload: (o) => ({ id: o._id, reason: '无法处理' }) },
  { fn: 'orders', action: 'start', policy: 'orders.start', payload: (o) => ({ id: o._id }) },
  { fn: 'orders', action: 'resolve', policy: 'orders.resolve', payload: (o) => ({ id: o._id, note: '已处理完毕' }) },
  { fn: 'orders', action: 'requestInfo', policy: 'orders.requestInfo', payload: (o) => ({ id: o._id, question: '几楼？' }) },
  { fn: 'orders', action: 'contact', policy: 'orders.contact', payload: (o) => ({ id: o._id, how: 'call', note: '已电话联系' }) },
  { fn: 'orders', action: 'addNote', policy: 'orders.addNote', payload: (o) => ({ id: o._id, note: '说明' }) },
  { fn: 'orders', action: 'reply', policy: 'orders.reply', payload: (o) => ({ id: o._id, answer: '三楼' }) },
  { fn: 'orders', action: 'rate', policy: 'orders.rate', payload: (o) => ({ id: o._id, stars: 5 }) },
  { fn: 'orders', action: 'editRating', policy: 'orders.editRating', payload: (o) => ({ id: o._id, stars: 4 }) },
  { fn: 'orders', action: 'cancel', policy: 'orders.cancel', payload: (o) => ({ id: o._id }) },
  { fn: 'orders', action: 'approve', policy: 'orders.approve', payload: (o) => ({ id: o._id }) },
  { fn: 'orders', action: 'reject', policy: 'orders.reject', payload: (o) => ({ id: o._id, reason: '不属于受理范围' }) },
  { fn: 'orders', action: 'dispatch', policy: 'orders.dispatch', payload: (o) => ({ id: o._id, to: { kind: 'queue', queue: 'community', orgId: 'c-wh' }, reason: '改由社区处理' }) },
  { fn: 'orders', action: 'escalate', policy: 'orders.escalate', payload: (o) => ({ id: o._id, reason: '需要上级协调' }) },
  { fn: 'orders', action: 'merge', policy: 'orders.merge', payload: (o) => ({ id: o._id, childIds: ['nope'], reason: '重复' }) },
  { fn: 'orders', action: 'verify', policy: 'orders.verify', payload: (o) => ({ id: o._id, outcome: 'accept' }) },
];

const IDENTITIES = [...DEMO_PEOPLE.map((p) => p.openid), 'stranger'];
const grantsOf = (openid: string) => DEMO_PEOPLE.find((p) => p.openid === openid)?.roles ?? [];

describe('authorization matrix through the real functions', () => {
  let host: TestHost;
  let scene: string;
  let seq = 0;

  let leaks: ReturnType<typeof leakChecker>;

  beforeAll(async () => {
    host = startTestHost();
    leaks = leakChecker(host);
    const qr = (await host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary')) as { data: QrcodeView };
    scene = qr.data.scene;
  });
  afterAll(() => host.destroy());

  const freshOrder = async (): Promise<OrderDoc> => {
    const res = (await host.invoke(
      'orders',
      { action: 'submit', idempotencyKey: `matrix-${String(++seq).padStart(5, '0')}`, payload: { scene, category: 'repair', description: '矩阵测试：楼道灯坏了' } },
      'demo-resident',
    )) as { data: SubmitResult };
    return host.store.get('orders', res.data.order.id) as unknown as OrderDoc;
  };

  it.each(ORDER_CELLS.map((c) => [c.action, c] as const))('orders.%s: every identity the matrix denies is refused and nothing changes', async (_name, cell) => {
    const outcomes: string[] = [];
    for (const openid of IDENTITIES) {
      const order = await freshOrder();
      const decision = authorize(cell.policy, grantsOf(openid), targetOf(order), openid);
      const before = host.store.digest();
      const res = (await host.call(cell.fn, cell.action, cell.payload(order), openid)) as { ok: boolean; error?: { code: string } };
      const refused = !res.ok && (res.error?.code === 'FORBIDDEN' || res.error?.code === 'NOT_FOUND');
      if (!decision.allowed) expect({ openid, refused }).toEqual({ openid, refused: true });
      if (!res.ok) expect({ openid, changed: host.store.digest() !== before }).toEqual({ openid, changed: false });
      // Whatever it answered, it told the caller nothing they may not read (phones, others' openids, secrets).
      expect(leaks(openid, `${cell.fn}.${cell.action}`, res)).toEqual([]);
      outcomes.push(`${openid}:${res.ok ? 'ok' : res.error?.code}`);
    }
    expect(outcomes.length).toBe(IDENTITIES.length);
  }, 60_000);

  it('the cells the loop needs are open to the right people', async () => {
    const order = await freshOrder();
    expect(await host.call('orders', 'get', { id: order._id }, 'demo-resident')).toMatchObject({ ok: true });
    expect(await host.call('orders', 'get', { id: order._id }, 'demo-street-admin')).toMatchObject({ ok: true });
    expect(await host.call('orders', 'get', { id: order._id }, 'demo-district-admin')).toMatchObject({ ok: true });
    expect(await host.call('orders', 'claim', { id: order._id, version: order.version }, 'demo-grid-worker')).toMatchObject({ ok: true });
  });

  it('org and sweep actions: role rows hold for every identity', async () => {
    const cells: { fn: FunctionName; action: string; policy: ActionId; payload: Record<string, unknown>; target?: { orgId: string; path: string[] } }[] = [
      { fn: 'org', action: 'whoami', policy: 'org.whoami', payload: {} },
      { fn: 'org', action: 'tree', policy: 'org.tree', payload: {} },
      { fn: 'org', action: 'qrcode', policy: 'org.qrcode', payload: { orgId: 'b-ms-1-1' }, target: { orgId: 'b-ms-1-1', path: ['d-wc', 's-wy', 'c-ms', 'g-ms-1'] } },
      { fn: 'sweep', action: 'run', policy: 'sweep.run', payload: {} },
      { fn: 'orders', action: 'approveMany', policy: 'orders.approveMany', payload: { ids: ['ord_none'] } },
      { fn: 'org', action: 'handlers', policy: 'org.handlers', payload: { orgId: 'c-wh' }, target: { orgId: 'c-wh', path: ['d-wc', 's-wy'] } },
    ];
    for (const cell of cells) {
      for (const openid of IDENTITIES) {
        const decision = authorize(cell.policy, grantsOf(openid), cell.target, openid);
        const res = (await host.call(cell.fn, cell.action, cell.payload, openid)) as { ok: boolean; error?: { code: string } };
        expect({ cell: `${cell.fn}.${cell.action}`, openid, ok: res.ok }).toEqual({ cell: `${cell.fn}.${cell.action}`, openid, ok: decision.allowed });
        expect(leaks(openid, `${cell.fn}.${cell.action}`, res)).toEqual([]);
      }
    }
  }, 60_000);

  /**
   * The separation-of-duties column: whatever roles a person holds, when they are on both
   * sides of an act (they filed and would handle a paying order, handled and would rate, reported
   * and would verify) the act is refused and nothing changes.
   */
  it.each([
    ['handle', 'claim'],
    ['rate', 'rate'],
    ['verify', 'verify'],
  ] as const)('separation of duties (%s): every identity on both sides of the act is refused', async (_duty, action) => {
    for (const openid of DEMO_PEOPLE.map((p) => p.openid)) {
      const order = await freshOrder();
      const mine: Partial<OrderDoc> =
        action === 'claim'
          ? { kind: 'wish', filedBy: openid, residentOpenid: openid, assignee: { kind: 'user', openid, name: '本人', role: 'volunteer' } }
          : action === 'rate'
            ? { status: 'resolved', channel: 'proxy', filedBy: openid, residentOpenid: null, handlerOpenid: openid, handledBy: [openid], resolution: { note: '已办', media: [], at: order.submittedAt, by: openid } }
            : { status: 'verifying', channel: 'patrol', filedBy: openid, residentOpenid: null, handlerOpenid: openid, handledBy: [openid], resolution: { note: '已办', media: [], at: order.submittedAt, by: openid } };
      host.store.commit([{ collection: 'orders', id: order._id, doc: { ...order, ...mine } as never }]);
      const payload = action === 'claim' ? { id: order._id, version: order.version } : action === 'rate' ? { id: order._id, stars: 5 } : { id: order._id, outcome: 'accept' };
      const before = host.store.digest();
      const res = (await host.call('orders', action, payload, openid)) as { ok: boolean; error?: { code: string } };
      expect({ openid, ok: res.ok, code: res.error?.code === 'NOT_FOUND' ? 'FORBIDDEN' : res.error?.code }).toEqual({ openid, ok: false, code: 'FORBIDDEN' });
      expect({ openid, changed: host.store.digest() !== before }).toEqual({ openid, changed: false });
    }
  }, 60_000);

  it('every orders action in the matrix is walked here', () => {
    const walked = new Set(ORDER_CELLS.map((c) => c.policy));
    // submit and list are open to every caller (checked in orders-loop); approveMany is walked with the role rows above.
    const inMatrix = Object.keys(POLICY).filter((k) => k.startsWith('orders.') && !['orders.submit', 'orders.list', 'orders.approveMany'].includes(k));
    expect(inMatrix.filter((k) => !walked.has(k as ActionId))).toEqual([]);
  });
});
