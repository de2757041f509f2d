import type { SessionDoc } from '../../domain/checkins/model';
import { registrationId } from '../../domain/checkins/registration';
import type { OrderView, SubmitResult } from '../../domain/orders/api';
import { activeVolunteerWrites, autoClosedSession } from '../../server/seed/checkins-demo';
import type { FunctionName } from '../../server/host';
import { FIXED_NOW, type TestHost } from './test-host';

/**
 * Fresh targets for tests that try one action as many people (the authorization matrix,
 * privacy, audit): each helper makes a new document through the real functions (or, where
 * only time could make it, writes it as the function would have) and answers its id.
 */

type Res<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: unknown } };

export const dataOf = <T>(res: Res<T> | unknown, what = 'call'): T => {
  const r = res as Res<T>;
  if (!r.ok) throw new Error(`${what}: expected ok, got ${JSON.stringify(r.error)}`);
  return r.data;
};

export interface Fixtures {
  /** A new openid, unique in this host. */
  person(prefix?: string): string;
  /** Calls with an idempotency key. */
  invoke<T>(fn: FunctionName, action: string, payload: unknown, openid: string, idempotencyKey?: string): Promise<Res<T>>;
  /** A 双报到 application waiting in `communityId` (by a new person). */
  pendingRegistration(communityId?: string): Promise<{ id: string; openid: string }>;
  /** An approved member of 文汇社区 (written as approval leaves it). */
  activeMember(): Promise<{ id: string; openid: string }>;
  /** A member of 文汇社区 whose registration the secretary suspended. */
  suspendedMember(): Promise<{ id: string; openid: string }>;
  /** A pending redemption of 理发 (60 points) by a new member given 100 points by the secretary. */
  pendingRedemption(): Promise<{ id: string; openid: string }>;
  /** A session at 文汇社区红色驿站 that the sweep closed at 20:00 yesterday, waiting for the secretary. */
  autoClosedSession(): Promise<{ id: string; openid: string }>;
  /** A duty-screen token of a station (the community's secretary opens the screen). */
  stationToken(stationId: 'st-wh' | 'st-ms'): Promise<string>;
  /** A new order filed at 1号楼 (文汇社区第一网格) by `openid`. */
  order(openid?: string, extra?: Record<string, unknown>): Promise<OrderView>;
  /** A proxy order 赵敏 resolved: its return visit is open, assigned to her. */
  openVisit(): Promise<{ id: string; orderId: string }>;
}

const SECRETARY_OF: Record<string, string> = { 'st-wh': 'demo-secretary', 'st-ms': 'demo-secretary-2' };

export const fixtures = (host: TestHost): Fixtures => {
  let seq = 0;
  const tokens = new Map<string, { minute: number; token: string }>();
  let scene: string | undefined;
  const next = () => String(++seq).padStart(5, '0');
  const key = () => `fixture-${next()}-${Math.random().toString(36).slice(2, 8)}`;
  const invoke: Fixtures['invoke'] = async (fn, action, payload, openid, idempotencyKey) =>
    (await host.invoke(fn, { action, payload, ...(idempotencyKey ? { idempotencyKey } : {}) }, openid)) as never;
  const call = async <T>(fn: FunctionName, action: string, payload: unknown, openid: string, k?: string): Promise<T> =>
    dataOf<T>(await invoke<T>(fn, action, payload, openid, k), `${fn}.${action} as ${openid}`);

  const self: Fixtures = {
    person: (prefix = 'fx') => `${prefix}-${next()}`,
    invoke,
    async pendingRegistration(communityId = 'c-wh') {
      const openid = self.person('applicant');
      const reg = await call<{ id: string }>('checkins', 'register', { communityId, name: '申请人', phone: '13912345678', workUnit: '渭城区财政局', partyBranch: '区财政局机关党支部' }, openid);
      return { id: reg.id, openid };
    },
    async activeMember() {
      const openid = self.person('member');
      host.store.commit(activeVolunteerWrites([openid], FIXED_NOW));
      return { id: registrationId('c-wh', openid), openid };
    },
    async suspendedMember() {
      const m = await self.activeMember();
      await call('checkins', 'suspend', { id: m.id, reason: '长期未参加服务' }, 'demo-secretary');
      return m;
    },
    async pendingRedemption() {
      const m = await self.activeMember();
      await call('checkins', 'adjustPoints', { communityId: 'c-wh', openid: m.openid, amount: 100, reason: '测试积分' }, 'demo-secretary', key());
      const res = await call<{ redemption: { id: string } }>('checkins', 'redeem', { rewardId: 'rw-wh-haircut' }, m.openid, key());
      return { id: res.redemption.id, openid: m.openid };
    },
    async autoClosedSession() {
      const m = await self.activeMember();
      const day = FIXED_NOW - 86_400_000;
      const checkInAt = day - 60 * 60_000; // 08:00 yesterday
      const id = `ses-fixture-${next()}`;
      const session = autoClosedSession({ id, openid: m.openid, registrationId: m.id, checkInAt, closedAt: checkInAt + 12 * 3_600_000 });
      host.store.commit([{ collection: 'checkin_sessions', id, doc: session as unknown as SessionDoc & { _id: string } & Record<string, unknown> }]);
      return { id, openid: m.openid };
    },
    async stationToken(stationId) {
      // One per station and minute (drawing the screen's QR image is slow; the token is what matters).
      const minute = Math.floor(host.clock.now() / 60_000);
      const cached = tokens.get(stationId);
      if (cached?.minute === minute) return cached.token;
      const { token } = await call<{ token: string }>('checkins', 'stationToken', { stationId }, SECRETARY_OF[stationId]);
      tokens.set(stationId, { minute, token });
      return token;
    },
    async order(openid = 'demo-resident', extra = {}) {
      scene ??= (await call<{ scene: string }>('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary')).scene;
      const res = await call<SubmitResult>('orders', 'submit', { scene, category: 'repair', description: '测试：楼道灯坏了需要维修', ...extra }, openid, key());
      return res.order;
    },
    async openVisit() {
      const order = await self.order('demo-resident', { channel: 'proxy', proxyFor: { name: '王奶奶', phone: '13911112222' } });
      await call('orders', 'claim', { id: order.id, version: order.version }, 'demo-grid-worker');
      await call('orders', 'resolve', { id: order.id, note: '已上门更换灯泡' }, 'demo-grid-worker');
      const visit = host.store.find('visits', { orderId: order.id, status: 'open' })[0];
      if (!visit) throw new Error(`no open visit for ${order.id}`);
      return { id: visit._id, orderId: order.id };
    },
  };
  return self;
};
