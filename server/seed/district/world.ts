import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import { checkIn, checkOut } from '../../../domain/checkins/sessions';
import { autoCloseDue, confirmSession } from '../../../domain/checkins/session-confirm';
import { dutyScreenToken } from '../../../domain/checkins/duty-screen';
import { sessionView } from '../../../domain/checkins/session-rules';
import { decideRegistration, register, registrationView } from '../../../domain/checkins/registration';
import { planShifts, signUp } from '../../../domain/checkins/shifts';
import * as checkinsApi from '../../../domain/checkins/api';
import { type CheckinsDeps, loadCommunity, managesCommunity } from '../../../domain/checkins/deps';
import { localContentCheck } from '../../../domain/model/content';
import { DomainError } from '../../../domain/model/envelope';
import type { OrderDoc } from '../../../domain/model/order';
import type { RoleGrant, UserDoc } from '../../../domain/model/roles';
import * as ordersApi from '../../../domain/orders/api';
import { DEFAULT_HANDLER_CAP, type OrdersDeps } from '../../../domain/orders/deps';
import { rateOrder } from '../../../domain/orders/rating';
import { viewOrder } from '../../../domain/orders/queries';
import { approveOrder, bounceOrder, cancelOrder, claimOrder, contactResident, escalateByHand, rejectOrder, resolveOrder, startOrder } from '../../../domain/orders/steps';
import { submitOrder } from '../../../domain/orders/submit';
import { recordVisitOutcome, requireVisitor } from '../../../domain/orders/visits';
import { sweepSla } from '../../../domain/orders/sla-sweep';
import { approveRedemption, creditCompletedOrder, redeem, redemptionView } from '../../../domain/points/rewards';
import { recordOrderService } from '../../../domain/checkins/order-services';
import { recordVisitInput } from '../../../domain/scoring/api';
import { DEFAULT_SAMPLE_PERCENT } from '../../../domain/scoring/follow-up';
import { runSweep, type SweepTask } from '../../../domain/sweep/run-sweep';
import type { Doc } from '../../store/document-store';
import { type CallResult, ceilMinute, type Executor, type FnName, MINUTE } from './executor';
import { copyOf, type MemDb } from './mem-db';
import { MinHeap } from './min-heap';
import type { Rng } from './random';
import { memCheckinsDeps } from './world-checkins';
import { isAudited, writeAudit } from './world-audit';
import { memConfig, memNotifier, memOrderStore, memOrgRepo, memPeopleRepo, memVisitRepo, seededIds } from './world-orders';

type Actor = { openid: string; name: string; grants: RoleGrant[] };

/** Each list read once and handed out as fresh copies (the functions read them per call; nothing here changes them). */
const cachedConfig = (config: ReturnType<typeof memConfig>): ReturnType<typeof memConfig> => {
  const once = <T>(load: () => Promise<T>) => {
    let value: Promise<T> | undefined;
    return async () => copyOf(await (value ??= load()));
  };
  return { rules: { list: once(config.rules.list) }, categories: { list: once(config.categories.list) }, sla: { list: once(config.sla.list) } };
};
/** A handler answers what the function would (for audited decisions: the view the audit entry reads) and the parsed input. */
type Handler = (w: World, actor: Actor, payload: unknown, key: string | undefined) => Promise<unknown>;
/** The parsed input of the call in progress (the audit entry records it). */
let lastInput: unknown;

/** Parses like the function does (zod: trims, defaults), answering INVALID_ARGUMENT on bad input. */
const parse = <S extends z.ZodType>(schema: S, payload: unknown): z.infer<S> => {
  const res = schema.safeParse(payload ?? {});
  if (!res.success) throw new DomainError('INVALID_ARGUMENT', res.error.issues[0]?.message ?? '参数不正确');
  lastInput = res.data;
  return res.data;
};

/** The actions the behaviour model uses, each doing what its cloud function does around the use case. */
const HANDLERS: Record<string, Handler> = {
  'orders.submit': async (w, a, p, key) => (await submitOrder(w.ordersDeps(), a, parse(ordersApi.submitInput, p), key)).order._id,
  'orders.claim': async (w, a, p) => {
    const i = parse(ordersApi.claimInput, p);
    return (await claimOrder(w.ordersDeps(), a, i.id, i.version))._id;
  },
  'orders.start': async (w, a, p) => (await startOrder(w.ordersDeps(), a, parse(ordersApi.idInput, p).id))._id,
  'orders.contact': async (w, a, p) => {
    const input = parse(ordersApi.contactInput, p);
    return (await contactResident(w.ordersDeps(), a, input.id, input.how, input.note))._id;
  },
  'orders.resolve': async (w, a, p) => {
    const i = parse(ordersApi.resolveInput, p);
    return (await resolveOrder(w.ordersDeps(), a, i.id, i.note, i.media ?? []))._id;
  },
  'orders.rate': async (w, a, p) => (await rateOrder(w.ordersDeps(), a, parse(ordersApi.rateInput, p)))._id,
  'orders.approve': async (w, a, p) => {
    const deps = w.ordersDeps();
    return viewOrder(deps, a, await approveOrder(deps, a, parse(ordersApi.idInput, p).id));
  },
  'orders.reject': async (w, a, p) => {
    const i = parse(ordersApi.reasonInput, p);
    const deps = w.ordersDeps();
    return viewOrder(deps, a, await rejectOrder(deps, a, i.id, i.reason));
  },
  'orders.cancel': async (w, a, p) => {
    const i = parse(ordersApi.cancelInput, p);
    return (await cancelOrder(w.ordersDeps(), a, i.id, i.reason))._id;
  },
  'orders.bounce': async (w, a, p) => {
    const i = parse(ordersApi.reasonInput, p);
    return (await bounceOrder(w.ordersDeps(), a, i.id, i.reason))._id;
  },
  'orders.escalate': async (w, a, p) => {
    const i = parse(ordersApi.reasonInput, p);
    const deps = w.ordersDeps();
    return viewOrder(deps, a, await escalateByHand(deps, a, i.id, i.reason));
  },
  'scoring.recordVisit': async (w, a, p) => {
    const input = parse(recordVisitInput, p);
    const repo = memVisitRepo(w.db);
    const visit = await repo.get(input.id);
    if (!visit) throw new DomainError('NOT_FOUND', '回访任务不存在');
    requireVisitor(visit, a);
    const deps = w.ordersDeps();
    const order = await deps.orders.get(visit.orderId);
    if (!order) throw new DomainError('NOT_FOUND', '诉求不存在');
    if (!(await repo.finish(visit._id, { outcome: input.outcome, method: input.method, note: input.note, doneAt: w.now(), doneBy: a.openid }))) {
      throw new DomainError('CONFLICT', '这条回访刚刚已被记录');
    }
    const updated = await recordVisitOutcome(deps, a, visit, order, input.outcome, input.note);
    return { visitId: visit._id, order: await viewOrder(deps, a, updated) };
  },
  'checkins.register': async (w, a, p) => (await register(w.checkinsDeps(), a, parse(checkinsApi.registerInput, p)))._id,
  'checkins.approve': async (w, a, p) => {
    const deps = w.checkinsDeps();
    const reg = await decideRegistration(deps, a, parse(checkinsApi.idInput, p).id, 'approve');
    return registrationView(reg, a, (await deps.orgs.get(reg.communityId)) ?? null);
  },
  'checkins.reject': async (w, a, p) => {
    const i = parse(checkinsApi.idReasonInput, p);
    const deps = w.checkinsDeps();
    const reg = await decideRegistration(deps, a, i.id, 'reject', i.reason);
    return registrationView(reg, a, (await deps.orgs.get(reg.communityId)) ?? null);
  },
  'checkins.stationToken': async (w, a, p) => ({ token: (await dutyScreenToken(w.checkinsDeps(), a, parse(checkinsApi.stationIdInput, p).stationId)).token.token }),
  'checkins.checkIn': async (w, a, p, key) => (await checkIn(w.checkinsDeps(), a, parse(checkinsApi.checkInInput, p), key)).session._id,
  'checkins.checkOut': async (w, a, p, key) => (await checkOut(w.checkinsDeps(), a, key, parse(checkinsApi.checkOutInput, p))).session._id,
  'checkins.confirmSession': async (w, a, p) => {
    const i = parse(checkinsApi.confirmSessionInput, p);
    const deps = w.checkinsDeps();
    const s = await confirmSession(deps, a, i.id, i.minutes);
    return sessionView(s, managesCommunity(a, await loadCommunity(deps, s.communityId)));
  },
  'checkins.planShifts': async (w, _a, p) => {
    const i = parse(checkinsApi.planShiftsInput, p);
    await planShifts(w.checkinsDeps(), i.stationId, i.weekOf, i.slots, i.weekdays);
    return i.stationId;
  },
  'checkins.signUp': async (w, a, p) => (await signUp(w.checkinsDeps(), a, parse(checkinsApi.shiftIdInput, p).shiftId)).shift._id,
  'checkins.redeem': async (w, a, p, key) => (await redeem(w.checkinsDeps(), a, parse(checkinsApi.redeemInput, p).rewardId, key)).redemption._id,
  'checkins.approveRedemption': async (w, a, p) => redemptionView(await approveRedemption(w.checkinsDeps(), a, parse(checkinsApi.idInput, p).id), true),
};

/**
 * The generator's executor: the real domain use cases over the MemDb with an injected
 * clock and seeded ids. Calls skip the authorization matrix (the behaviour model only
 * does what each person may do; the equality test runs the same calls through the
 * functions, where a refusal would show as a difference).
 */
export class World implements Executor {
  private clockMs: number;
  private lastSweep = -Infinity;
  private readonly wake = new MinHeap();
  private readonly closes = new MinHeap();
  private readonly ids;
  private readonly keys: Rng;
  private readonly sign;
  readonly clock = { now: () => this.clockMs };
  /** Sweeps fired so far. */
  sweeps = 0;

  constructor(
    readonly db: MemDb,
    startMs: number,
    rng: Rng,
    private readonly sceneKey: string,
  ) {
    this.clockMs = startMs;
    this.ids = seededIds(rng.fork('ids'));
    this.keys = rng.fork('keys');
    this.sign = (text: string) => createHmac('sha256', sceneKey).update(text).digest('base64url');
    db.onWrite = (collection, id, doc) => {
      if (collection === 'orders' && doc && typeof doc.wakeAt === 'number') this.wake.push(doc.wakeAt, id);
      if (collection === 'checkin_sessions' && doc && doc.status === 'open') this.closes.push(doc.closesAt as number, id);
    };
  }

  now(): number {
    return this.clockMs;
  }

  /** Routing rules, categories and SLA policies: configuration no step of the simulation changes, read once. */
  private config?: ReturnType<typeof memConfig>;

  ordersDeps(): OrdersDeps {
    const db = this.db;
    const config = (this.config ??= cachedConfig(memConfig(db)));
    return {
      orders: memOrderStore(db),
      rules: config.rules,
      sla: config.sla,
      categories: config.categories,
      orgs: memOrgRepo(db),
      people: memPeopleRepo(db),
      notifier: memNotifier(db, this.ids, this.clock.now),
      closed: {
        orderClosed: async (order) => {
          const credit = await creditCompletedOrder(this.checkinsDeps(), order);
          await recordOrderService(this.checkinsDeps(), order, credit?.points ?? 0);
        },
      },
      visits: memVisitRepo(db),
      content: localContentCheck,
      visitSamplePercent: Number(process.env.REDGRID_VISIT_SAMPLE_PERCENT ?? DEFAULT_SAMPLE_PERCENT),
      clock: this.clock,
      ids: this.ids,
      sign: this.sign,
      handlerCap: Number(process.env.REDGRID_HANDLER_CAP ?? DEFAULT_HANDLER_CAP),
    };
  }

  checkinsDeps(): CheckinsDeps {
    return memCheckinsDeps(this.db, this.clock, this.ids, this.keys, this.sceneKey);
  }

  private actor(openid: string): Actor {
    const user = this.db.get('users', openid) as unknown as UserDoc | undefined;
    return { openid, name: user?.name ?? '居民', grants: structuredClone(user?.roles ?? []) };
  }

  async call(fn: FnName, action: string, payload: unknown, openid: string, idempotencyKey?: string): Promise<CallResult> {
    const handler = HANDLERS[`${fn}.${action}`];
    if (!handler) throw new Error(`the generator has no handler for ${fn}.${action}`);
    try {
      lastInput = undefined;
      const data = await handler(this, this.actor(openid), payload, idempotencyKey);
      const action_ = `${fn}.${action}`;
      if (isAudited(action_)) writeAudit(this.db, this.ids, this.clockMs, openid, action_, lastInput, data);
      return { ok: true, data };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error: { code: error.code, message: error.message } };
      throw error;
    }
  }

  read(collection: string, id: string): Doc | undefined {
    return this.db.get(collection, id);
  }

  idFor(prefix: string, openid: string, idempotencyKey: string): string {
    return this.ids.fromKey(prefix, `${openid}:${idempotencyKey}`);
  }

  /** The sweep function's tasks, in its order (the score fold has nothing to do: rollups are folded at once). */
  async sweep(): Promise<void> {
    const tasks: SweepTask<World>[] = [
      { name: 'sla', run: async (w, now) => sweepSla(w.ordersDeps(), now) },
      { name: 'scores.fold', run: async () => ({ processed: 0 }) },
      { name: 'checkins.autoClose', run: async (w, now) => ({ processed: await autoCloseDue(w.checkinsDeps(), now) }) },
    ];
    const report = await runSweep(tasks, this, this.clock);
    const failed = report.tasks.find((t) => t.error);
    if (failed) throw new Error(`sweep task ${failed.name} failed: ${failed.error}`);
    this.sweeps++;
  }

  /** The earliest instant something waits for the sweep (an order's wakeAt, an open session's closing time). */
  nextDue(): number | undefined {
    for (;;) {
      const top = this.wake.peek();
      if (!top) break;
      const doc = this.db.get('orders', top[1]) as unknown as OrderDoc | undefined;
      if (doc && doc.wakeAt === top[0]) break;
      this.wake.pop();
    }
    for (;;) {
      const top = this.closes.peek();
      if (!top) break;
      const doc = this.db.get('checkin_sessions', top[1]);
      if (doc && doc.status === 'open' && doc.closesAt === top[0]) break;
      this.closes.pop();
    }
    const a = this.wake.peek()?.[0];
    const b = this.closes.peek()?.[0];
    if (a === undefined) return b;
    if (b === undefined) return a;
    return Math.min(a, b);
  }

  async advanceTo(ms: number): Promise<void> {
    for (;;) {
      const due = this.nextDue();
      if (due === undefined) break;
      const tick = Math.max(ceilMinute(due), ceilMinute(this.clockMs), this.lastSweep + MINUTE);
      if (tick > ms) break;
      this.clockMs = tick;
      this.lastSweep = tick;
      await this.sweep();
    }
    if (ms > this.clockMs) this.clockMs = ms;
  }
}
