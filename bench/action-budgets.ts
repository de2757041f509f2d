/**
 * Issue 18: database round trips as a budget. Each budgeted action, its budget in *waves* (sets
 * of database requests in flight together; the definition is `DbStats` in
 * server/store/db-engine.ts), and a scenario that prepares one call of it on a demo host and
 * names the call. p10-actions (bench/action-benches.ts) measures every scenario, p3-submit the
 * first, and test/integration/request-budget.test.ts pins their request counts.
 *
 * A scenario's `prepare` runs at the database RTT the bench chooses for setup (0): it files,
 * claims, resolves… whatever the measured call needs, through the real functions, and answers
 * the one call to measure. Every call is a fresh target, so it can be repeated.
 */
import type { FunctionName, Host } from '../server/host';
import { activeVolunteerWrites } from '../server/seed/checkins-demo';

/* eslint-disable @typescript-eslint/no-explicit-any -- scenarios read loosely typed envelopes */

export type ActionKind = 'mutation' | 'read' | 'sweep';

export interface Call {
  fn: FunctionName;
  event: { action: string; payload?: unknown; idempotencyKey?: string };
  /** The caller; undefined for the sweep's timer trigger. */
  openid?: string;
  /** The timer trigger of `fn` rather than a client call. */
  trigger?: boolean;
}

export interface Scenario {
  /** `fn.action` (and the variant, e.g. `orders.list todo`). */
  id: string;
  kind: ActionKind;
  /** Most waves one call may take (issue 18). */
  budget: number;
  /** Prepares one fresh call (setup through the real functions) and answers it. */
  prepare(world: World): Promise<Call>;
  /** Undoes what would pile up over many samples (e.g. a claimed order counts against the handler's cap). */
  cleanup?(world: World, call: Call, answer: any): Promise<void>;
}

/** The waves budgets of issue 18, as data. */
export const BUDGETS = {
  submit: 6,
  mutation: 4,
  read: 3,
  sweepBatch: 3,
} as const;

export const FIXED_NOW = Date.parse('2026-03-02T09:00:00+08:00');
const STATION = { stationId: 'st-wh', location: { lat: 34.3305, lng: 108.7069, accuracy: 10 } };

/** A demo host and the state the scenarios share: the door scene, a counter for keys and new people. */
export interface World {
  host: Host;
  scene: string;
  next(): number;
  /** Calls and answers the envelope; a refusal throws with the action's name. */
  must(fn: FunctionName, action: string, payload: unknown, openid: string, key?: boolean): Promise<any>;
}

export const makeWorld = async (host: Host, tag = 'b'): Promise<World> => {
  let seq = 0;
  const next = () => ++seq;
  const must: World['must'] = async (fn, action, payload, openid, key = false) => {
    const event = { action, payload, ...(key ? { idempotencyKey: `${tag}-${action}-${String(next()).padStart(6, '0')}` } : {}) };
    const res = (await host.invoke(fn, event, openid)) as any;
    if (!res?.ok) throw new Error(`${fn}.${action} as ${openid} failed: ${JSON.stringify(res?.error)}`);
    return res.data;
  };
  const scene = (await must('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary')).scene as string;
  return { host, scene, next, must };
};

const keyed = (w: World, fn: FunctionName, action: string, payload: unknown, openid: string): Call => ({
  fn,
  event: { action, payload, idempotencyKey: `m-${action}-${String(w.next()).padStart(6, '0')}` },
  openid,
});

const submitted = async (w: World, category = 'repair', extra: Record<string, unknown> = {}, by = 'demo-resident') =>
  (await w.must('orders', 'submit', { scene: w.scene, category, description: `往返测试第${w.next()}号：楼道灯坏了`, ...extra }, by, true)).order as {
    id: string;
    version: number;
  };
const claimed = async (w: World) => {
  const o = await submitted(w);
  return (await w.must('orders', 'claim', { id: o.id, version: o.version }, 'demo-grid-worker', true)) as { id: string; version: number };
};
const resolved = async (w: World, extra: Record<string, unknown> = {}) => {
  const o = await submitted(w, 'repair', extra);
  await w.must('orders', 'claim', { id: o.id, version: o.version }, 'demo-grid-worker', true);
  return (await w.must('orders', 'resolve', { id: o.id, note: '已到现场处理完毕' }, 'demo-grid-worker', true)) as { id: string };
};
/** A claimed order must not stay claimed: the grid worker's cap would refuse the next claims. */
const resolveIt = async (w: World, id: string) => {
  await w.host.invoke('orders', { action: 'resolve', payload: { id, note: '已处理' } }, 'demo-grid-worker');
};
/** A new active volunteer of 文汇社区 (written to the store as the seed does). */
const newVolunteer = (w: World): string => {
  const openid = `bench-vol-${String(w.next()).padStart(6, '0')}`;
  w.host.store.commit(activeVolunteerWrites([openid], w.host.clock.now()));
  return openid;
};
const checkedIn = async (w: World): Promise<string> => {
  const openid = newVolunteer(w);
  const { token } = await w.must('checkins', 'stationToken', { stationId: STATION.stationId }, 'demo-secretary');
  await w.must('checkins', 'checkIn', { stationId: STATION.stationId, token, location: STATION.location, client: 'weapp' }, openid, true);
  return openid;
};

export const SCENARIOS: Scenario[] = [
  {
    id: 'orders.submit',
    kind: 'mutation',
    budget: BUDGETS.submit,
    prepare: async (w) => keyed(w, 'orders', 'submit', { scene: w.scene, category: 'repair', description: `往返测试第${w.next()}号：楼道灯坏了` }, 'demo-resident'),
  },
  {
    id: 'orders.claim',
    kind: 'mutation',
    budget: BUDGETS.mutation,
    prepare: async (w) => {
      const o = await submitted(w);
      return keyed(w, 'orders', 'claim', { id: o.id, version: o.version }, 'demo-grid-worker');
    },
    cleanup: (w, call) => resolveIt(w, (call.event.payload as { id: string }).id),
  },
  {
    id: 'orders.start',
    kind: 'mutation',
    budget: BUDGETS.mutation,
    prepare: async (w) => keyed(w, 'orders', 'start', { id: (await claimed(w)).id }, 'demo-grid-worker'),
    cleanup: (w, call) => resolveIt(w, (call.event.payload as { id: string }).id),
  },
  {
    id: 'orders.resolve',
    kind: 'mutation',
    budget: BUDGETS.mutation,
    prepare: async (w) => keyed(w, 'orders', 'resolve', { id: (await claimed(w)).id, note: '已到现场处理完毕' }, 'demo-grid-worker'),
  },
  {
    id: 'orders.rate',
    kind: 'mutation',
    budget: BUDGETS.mutation,
    prepare: async (w) => keyed(w, 'orders', 'rate', { id: (await resolved(w)).id, stars: 5 }, 'demo-resident'),
  },
  {
    id: 'orders.approve',
    kind: 'mutation',
    budget: BUDGETS.mutation,
    prepare: async (w) => keyed(w, 'orders', 'approve', { id: (await submitted(w, 'property')).id }, 'demo-secretary'),
  },
  {
    id: 'orders.dispatch',
    kind: 'mutation',
    budget: BUDGETS.mutation,
    prepare: async (w) => {
      const o = await submitted(w, 'property');
      await w.must('orders', 'approve', { id: o.id }, 'demo-secretary', true);
      return keyed(w, 'orders', 'dispatch', { id: o.id, to: { kind: 'user', openid: 'demo-grid-worker' }, reason: '网格员熟悉该楼情况' }, 'demo-secretary');
    },
  },
  {
    id: 'orders.escalate',
    kind: 'mutation',
    budget: BUDGETS.mutation,
    prepare: async (w) => keyed(w, 'orders', 'escalate', { id: (await claimed(w)).id, reason: '需要上级部门协调处理' }, 'demo-grid-worker'),
  },
  {
    id: 'orders.verify',
    kind: 'mutation',
    budget: BUDGETS.mutation,
    prepare: async (w) => {
      // A grid worker's patrol report, handled by them, waits for someone else's 验收.
      const o = await submitted(w, 'safety', { channel: 'patrol' }, 'demo-grid-worker');
      const view = await w.must('orders', 'get', { id: o.id }, 'demo-grid-worker');
      if (view.can?.claim) await w.must('orders', 'claim', { id: o.id, version: view.version }, 'demo-grid-worker', true);
      await w.must('orders', 'resolve', { id: o.id, note: '已清理消防通道' }, 'demo-grid-worker', true);
      return keyed(w, 'orders', 'verify', { id: o.id, outcome: 'accept', note: '现场复核' }, 'demo-secretary');
    },
  },
  {
    id: 'checkins.checkIn',
    kind: 'mutation',
    budget: BUDGETS.mutation,
    prepare: async (w) => {
      const openid = newVolunteer(w);
      const { token } = await w.must('checkins', 'stationToken', { stationId: STATION.stationId }, 'demo-secretary');
      return keyed(w, 'checkins', 'checkIn', { stationId: STATION.stationId, token, location: STATION.location, client: 'weapp' }, openid);
    },
  },
  {
    id: 'checkins.checkOut',
    kind: 'mutation',
    budget: BUDGETS.mutation,
    prepare: async (w) => keyed(w, 'checkins', 'checkOut', { location: STATION.location, client: 'weapp' }, await checkedIn(w)),
  },
  {
    id: 'checkins.redeem',
    kind: 'mutation',
    budget: BUDGETS.mutation,
    prepare: async (w) => {
      const openid = newVolunteer(w);
      await w.must('checkins', 'adjustPoints', { communityId: 'c-wh', openid, amount: 100, reason: '参加社区活动表现突出' }, 'demo-secretary', true);
      return keyed(w, 'checkins', 'redeem', { rewardId: 'rw-wh-haircut' }, openid);
    },
  },
  {
    id: 'checkins.register',
    kind: 'mutation',
    budget: BUDGETS.mutation,
    prepare: async (w) =>
      keyed(w, 'checkins', 'register', { communityId: 'c-wh', name: '新志愿者', workUnit: '渭城区财政局', partyBranch: '区财政局机关党支部' }, `bench-new-${String(w.next()).padStart(6, '0')}`),
  },
  {
    id: 'scoring.recordVisit',
    kind: 'mutation',
    budget: BUDGETS.mutation,
    prepare: async (w) => {
      // A proxy-filed order owes a return visit at resolution; the grid's only worker handled it, so the visit is the secretary's.
      const o = await resolved(w, { channel: 'proxy', proxyFor: { name: '王奶奶' } });
      const visits = (await w.must('scoring', 'visits', { box: 'todo' }, 'demo-secretary')) as { id: string; orderId: string }[];
      const visit = visits.find((v) => v.orderId === o.id);
      if (!visit) throw new Error('scoring.recordVisit: no visit owed for the proxy order');
      return keyed(w, 'scoring', 'recordVisit', { id: visit.id, outcome: 'satisfied', method: 'phone', note: '电话回访，居民表示满意' }, 'demo-secretary');
    },
  },
  { id: 'orders.get', kind: 'read', budget: BUDGETS.read, prepare: async (w) => ({ fn: 'orders', event: { action: 'get', payload: { id: (await submitted(w)).id } }, openid: 'demo-resident' }) },
  { id: 'orders.list todo', kind: 'read', budget: BUDGETS.read, prepare: async () => ({ fn: 'orders', event: { action: 'list', payload: { box: 'todo' } }, openid: 'demo-grid-worker' }) },
  { id: 'orders.list mine', kind: 'read', budget: BUDGETS.read, prepare: async () => ({ fn: 'orders', event: { action: 'list', payload: { box: 'mine' } }, openid: 'demo-resident' }) },
  { id: 'org.whoami', kind: 'read', budget: BUDGETS.read, prepare: async () => ({ fn: 'org', event: { action: 'whoami', payload: {} }, openid: 'demo-resident' }) },
  { id: 'checkins.me', kind: 'read', budget: BUDGETS.read, prepare: async () => ({ fn: 'checkins', event: { action: 'me', payload: {} }, openid: 'demo-volunteer' }) },
  {
    id: 'scoring.dashboard district',
    kind: 'read',
    budget: BUDGETS.read,
    prepare: async () => ({ fn: 'scoring', event: { action: 'dashboard', payload: { orgId: 'd-wc' } }, openid: 'demo-district-admin' }),
  },
  { id: 'scoring.visits', kind: 'read', budget: BUDGETS.read, prepare: async () => ({ fn: 'scoring', event: { action: 'visits', payload: { box: 'todo' } }, openid: 'demo-secretary' }) },
];

/**
 * The sweep with `due` orders past their clocks: a run first folds whatever earlier calls left
 * (so the measured run sees only these), then `due` copies of a fresh order with their clocks an
 * hour overdue are written straight to the store, as P4 does.
 */
export const sweepScenario = (due: number): Scenario => ({
  id: `sweep.run N=${due}`,
  kind: 'sweep',
  budget: BUDGETS.sweepBatch,
  prepare: async (w) => {
    const o = await submitted(w);
    await w.host.trigger('sweep');
    const template = w.host.store.get('orders', o.id) as unknown as Record<string, unknown> & { clocks: { dueAt: number; remindAt: number }[] };
    const shift = -3_600_000;
    const batch = Array.from({ length: due }, (_, i) => {
      const clocks = template.clocks.map((c) => ({ ...c, dueAt: c.dueAt + shift, remindAt: c.remindAt + shift }));
      const id = `${o.id}-due-${i}`;
      return { collection: 'orders', id, doc: { ...template, _id: id, clocks, wakeAt: Math.min(...clocks.map((c) => c.remindAt)) } };
    });
    w.host.store.commit(batch);
    w.host.clock.advance(1);
    return { fn: 'sweep', event: { action: 'run' }, trigger: true };
  },
});

/**
 * One measured call at an injected database round trip of `rttMs` (the setup runs at 0): the
 * answer, its database requests and waves (the engine's counter) and its latency.
 */
export const measureOnce = async (w: World, scenario: Scenario, rttMs = 0): Promise<{ requests: number; waves: number; ms: number; answer: any }> => {
  w.host.dbLatency.rttMs = 0;
  const call = await scenario.prepare(w);
  w.host.dbLatency.rttMs = rttMs;
  const t0 = performance.now();
  let answer: any;
  let db: { requests: number; waves: number };
  if (call.trigger) {
    answer = await w.host.trigger(call.fn);
    db = w.host.lastDbStats() ?? { requests: 0, waves: 0 };
  } else {
    const res = await w.host.invokeMeasured(call.fn, call.event, call.openid);
    answer = res.result;
    db = res.db;
  }
  const ms = performance.now() - t0;
  w.host.dbLatency.rttMs = 0;
  if (!answer?.ok) throw new Error(`${scenario.id} failed: ${JSON.stringify(answer?.error)}`);
  if (scenario.cleanup) await scenario.cleanup(w, call, answer);
  return { ...db, ms, answer };
};
