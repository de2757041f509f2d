import { createHmac } from 'node:crypto';
import { localContentCheck } from '../../domain/model/content';
import type { OrderDoc, OrderEventDoc } from '../../domain/model/order';
import type { OrdersDeps } from '../../domain/orders/deps';
import { DEFAULT_ROUTING_RULES } from '../../domain/orders/routing';
import { fixedClock } from '../../domain/ports/clock';
import { sequentialIds } from '../../domain/ports/ids';
import type { Notification } from '../../domain/ports/orders';
import type { VisitDoc } from '../../domain/scoring/follow-up';
import { SLA_TEMPLATES } from '../../domain/sla/clocks';
import { buildDemoOrgs, DEMO_CATEGORIES, DEMO_PEOPLE } from '../../server/seed/demo';
import { fakeOrgRepo } from './fake-repos';
import { encodeScene } from '../../domain/qr/scene';
import { submitOrder } from '../../domain/orders/submit';

/**
 * The order use cases' ports in memory, over the demo district, with a fixed clock:
 * unit tests of the order rules without the SDK or the host.
 */
export const fakeOrdersDeps = (startMs: number) => {
  const orders = new Map<string, OrderDoc>();
  const events: OrderEventDoc[] = [];
  const sent: Notification[] = [];
  const visits = new Map<string, VisitDoc>();
  const clock = fixedClock(startMs);
  const people = DEMO_PEOPLE.map((p) => ({ openid: p.openid, name: p.name, roles: p.roles, skills: p.skills ?? [], lastAssignedAt: 0 }));
  const deps: OrdersDeps = {
    orders: {
      get: async (id) => orders.get(id),
      async create(order, evs) {
        if (orders.has(order._id)) return 'exists';
        orders.set(order._id, structuredClone(order));
        events.push(...evs);
        return 'created';
      },
      async commit(id, expected, patch, evs) {
        const current = orders.get(id);
        if (!current || current.version !== expected) return 'conflict';
        orders.set(id, { ...current, ...structuredClone(patch) });
        events.push(...evs);
        return 'ok';
      },
      events: async (orderId) => events.filter((e) => e.orderId === orderId),
      list: async () => [...orders.values()],
      countHandling: async (openid) => [...orders.values()].filter((o) => o.handlerOpenid === openid && ['claimed', 'in_progress'].includes(o.status)).length,
      due: async (now) => [...orders.values()].filter((o) => o.wakeAt != null && o.wakeAt <= now),
      similarOpen: async (where) => [...orders.values()].filter((o) => o.place.gridId === where.gridId && o.category === where.category && o.submittedAt >= where.since),
    },
    rules: { list: async () => DEFAULT_ROUTING_RULES },
    sla: { list: async () => SLA_TEMPLATES },
    categories: { list: async () => DEMO_CATEGORIES.map((c, i) => ({ _id: c.id, name: c.name, kind: c.kind, departmentId: c.departmentId, sort: i })) },
    orgs: fakeOrgRepo(buildDemoOrgs()),
    people: {
      withRole: async (role, orgId) => people.filter((p) => p.roles.some((g) => g.role === role && g.orgId === orgId)),
      openLoads: async () => new Map(),
      names: async (ids) => new Map(people.filter((p) => ids.includes(p.openid)).map((p) => [p.openid, p.name])),
      markAssigned: async () => undefined,
    },
    notifier: { send: async (m) => void sent.push(...m) },
    closed: { orderClosed: async () => undefined },
    visits: { create: async (v) => void (visits.has(v._id) || visits.set(v._id, v)) },
    visitSamplePercent: 0,
    content: localContentCheck,
    clock,
    ids: sequentialIds(),
    sign: (text) => createHmac('sha256', 'unit-test-secret-key').update(text).digest('base64url'),
    handlerCap: 20,
  };
  const actor = (openid: string) => {
    const p = DEMO_PEOPLE.find((x) => x.openid === openid);
    return { openid, name: p?.name ?? '居民', grants: p?.roles ?? [] };
  };
  return { deps, clock, orders, events, sent, visits, actor };
};

/** The fakes plus a `submit` from the door of 1号楼 (b-wh-1-1), each with a fresh idempotency key. */
export const fakeOrdersWorld = (startMs: number) => {
  const f = fakeOrdersDeps(startMs);
  const scene = encodeScene({ kind: 'building', id: 'b-wh-1-1' }, f.deps.sign);
  let n = 0;
  const submit = async (input: { category: string; description?: string }, who = 'demo-resident') =>
    (await submitOrder(f.deps, f.actor(who), { scene, description: input.description ?? `单元测试诉求 ${++n}`, category: input.category }, `unit-key-${String(++n).padStart(4, '0')}`)).order;
  return { ...f, submit };
};
