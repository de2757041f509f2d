import { maySeparately } from '../../../domain/authz/duties';
import { HANDLING_STATES, type OrderDoc } from '../../../domain/model/order';
import type { UserDoc } from '../../../domain/model/roles';
import type { SlaClock } from '../../../domain/sla/clocks';
import { visitId, type VisitDoc } from '../../../domain/scoring/follow-up';
import type { Agenda } from './agenda';
import type { Executor } from './executor';
import { description, RATING_COMMENTS_BAD, RATING_COMMENTS_GOOD, RATING_TAGS, resolutionNote, personName } from './names';
import type { OrgTree } from './org-tree';
import type { People } from './people';
import type { Rng } from './random';
import { DAY, duringWork, HOUR } from './timeline';

/**
 * How people handle an order, step by step, through whichever executor: who files it
 * and how, how soon the assignee claims it (most within the SLA, some late — then the
 * sweep escalates it and the next level picks it up), how long it takes, the resident's
 * stars, low ratings reopening, return visits, the odd whistle, cancel or rejection.
 * Every decision reads the order as it is now, so sweep escalations are followed.
 */

const MINUTE = 60_000;

/** Category mix of the field's reports (service categories dominate; few emergencies). */
const CATEGORY_WEIGHTS: [string, number][] = [
  ['repair', 0.27],
  ['environment', 0.19],
  ['property', 0.12],
  ['dispute', 0.07],
  ['elderly', 0.1],
  ['safety', 0.07],
  ['policy', 0.1],
  ['wish', 0.06],
  ['emergency', 0.02],
];

/** Typical minutes from claim to resolution per category (log-normal medians). */
const RESOLVE_MEDIAN_MIN: Record<string, number> = {
  repair: 300,
  environment: 200,
  property: 900,
  dispute: 1300,
  elderly: 240,
  safety: 150,
  policy: 90,
  wish: 1800,
  emergency: 22,
};

export interface OrdersStats {
  submitted: number;
  calls: number;
  refused: Record<string, number>;
}

interface Ctx {
  id: string;
  rng: Rng;
  filer: string;
  /** The resident who may rate (self-filed orders only). */
  rater: string | null;
  category: string;
  /** Set when we claim: who handles it now and when they mean to finish. */
  handler: string | null;
  resolveAt: number;
  claimTries: number;
  visitsDone: Set<string>;
  ratedOnce: boolean;
  /** Bumped whenever the plan for this order changes: older scheduled steps stand down. */
  gen: number;
}

export interface OrdersWorld {
  ex: Executor;
  agenda: Agenda;
  tree: OrgTree;
  people: People;
  /** Approved volunteers per community (filled as 双报到 approvals land). */
  volunteers: Map<string, string[]>;
  endMs: number;
  stats: OrdersStats;
}

const openClock = (order: OrderDoc, kind: SlaClock['kind']): SlaClock | undefined =>
  [...(order.clocks ?? [])].reverse().find((c) => c.kind === kind && c.metAt === null && c.stoppedAt === null && c.breachedAt === null);

const assigneeKey = (o: OrderDoc): string => `${o.level}|${JSON.stringify(o.assignee)}|${o.version}`;

export class OrdersBehaviour {
  private readonly gridWeights: number[];

  constructor(private readonly w: OrdersWorld) {
    let s = 0;
    this.gridWeights = w.tree.grids.map((g) => (s += g.households));
  }

  private at(when: number, run: () => Promise<void>): void {
    if (when <= this.w.endMs) this.w.agenda.add(when, run);
  }

  /**
   * Plans the next step of an order at `when`. If one of its clocks runs out before then,
   * the sweep will move it (escalate); a look just after that instant notices and replans.
   */
  private plan(ctx: Ctx, order: OrderDoc, when: number, run: () => Promise<void>): void {
    const gen = ++ctx.gen;
    this.at(when, async () => {
      if (ctx.gen === gen) await run();
    });
    const breach = (order.clocks ?? [])
      .filter((c) => c.metAt === null && c.stoppedAt === null && c.breachedAt === null && c.pausedAt == null)
      .reduce((min, c) => Math.min(min, c.dueAt), Infinity);
    if (breach < when) {
      const escalations = order.escalations ?? 0;
      this.at(Math.ceil(breach / MINUTE) * MINUTE + MINUTE, async () => {
        if (ctx.gen !== gen) return;
        const current = this.order(ctx.id);
        if (current && (current.escalations ?? 0) !== escalations) {
          ctx.gen++;
          ctx.handler = null;
          await this.react(ctx);
        }
      });
    }
  }

  private async call(fn: 'orders' | 'scoring', action: string, payload: unknown, openid: string, key?: string) {
    this.w.stats.calls++;
    const res = await this.w.ex.call(fn, action, payload, openid, key);
    if (!res.ok) {
      const k = `${fn}.${action}:${res.error?.code ?? '?'}`;
      this.w.stats.refused[k] = (this.w.stats.refused[k] ?? 0) + 1;
    }
    return res;
  }

  private order(id: string): OrderDoc | undefined {
    return this.w.ex.read('orders', id) as unknown as OrderDoc | undefined;
  }

  /** Schedules order `i` to be filed at `at`. */
  schedule(i: number, at: number, rng: Rng): void {
    this.at(at, () => this.submit(i, rng));
  }

  private pickGrid(rng: Rng) {
    const r = rng.next() * this.gridWeights[this.gridWeights.length - 1];
    let lo = 0;
    let hi = this.gridWeights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.gridWeights[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return this.w.tree.grids[lo];
  }

  private async submit(i: number, rng: Rng): Promise<void> {
    const { people } = this.w;
    const grid = this.pickGrid(rng);
    const building = rng.weighted(grid.buildings.map((b) => [b, b.households] as const));
    const worker = people.gridWorker.get(grid.id)!;
    const month = new Date(this.w.ex.now() + 8 * HOUR).getUTCMonth();
    const category = rng.weighted(
      CATEGORY_WEIGHTS.map(([c, weight]) => [c, weight * (c === 'repair' && (month >= 10 || month <= 1) ? 1.4 : c === 'environment' && (month === 6 || month === 7) ? 1.3 : 1)] as const),
    );
    const channel = building.users.length === 0 ? 'phone' : rng.weighted([['self', 0.8], ['proxy', 0.12], ['phone', 0.08]] as const);
    const filer = channel === 'self' ? building.users[Math.floor(building.users.length * rng.next() ** 2)] : worker;
    // A resident files for their own home (unit or building); staff pick the building or one of its units.
    const home = channel === 'self' ? (this.w.ex.read('users', filer) as unknown as UserDoc | undefined)?.roles.find((g) => g.role === 'resident')?.orgId : undefined;
    const place = home ?? (building.units.length > 0 && rng.chance(0.6) ? rng.pick(building.units) : building.id);
    const payload: Record<string, unknown> = {
      orgId: place,
      category,
      description: description(rng, category, ''),
      channel,
      ...(channel === 'proxy' ? { proxyFor: { name: `${personName(rng).slice(0, 1)}${rng.pick(['大爷', '阿姨', '奶奶', '爷爷'])}` } } : {}),
      ...((category === 'safety' || category === 'repair') && rng.chance(0.06) ? { priority: 'urgent' } : {}),
    };
    const key = `seed-${i.toString(36).padStart(6, '0')}`;
    const res = await this.call('orders', 'submit', payload, filer, key);
    if (!res.ok) return;
    this.w.stats.submitted++;
    const ctx: Ctx = {
      id: this.w.ex.idFor('ord', filer, key),
      rng,
      filer,
      rater: channel === 'self' ? filer : null,
      category,
      handler: null,
      resolveAt: 0,
      claimTries: 0,
      visitsDone: new Set(),
      ratedOnce: false,
      gen: 0,
    };
    await this.react(ctx);
  }

  /** Looks at the order now and schedules what its people do next. */
  private async react(ctx: Ctx): Promise<void> {
    const order = this.order(ctx.id);
    if (!order) return;
    const now = this.w.ex.now();
    const { rng } = ctx;
    switch (order.status) {
      case 'pending_approval': {
        const secretary = this.w.people.secretary.get(order.place.communityId)!;
        this.plan(ctx, order, duringWork(now + rng.logNormal(40, 0.8) * MINUTE, rng), async () => {
          const current = this.order(ctx.id);
          if (current?.status !== 'pending_approval') return this.react(ctx);
          if (rng.chance(0.04)) await this.call('orders', 'reject', { id: ctx.id, reason: '经核实属于业主自行维修范围，已电话告知' }, secretary);
          else await this.call('orders', 'approve', { id: ctx.id }, secretary);
          return this.react(ctx);
        });
        return;
      }
      case 'dispatched':
        return this.planClaim(ctx, order);
      case 'claimed':
      case 'in_progress':
        if (ctx.handler && order.handlerOpenid === ctx.handler) return this.planWork(ctx, order);
        return;
      case 'resolved':
        return this.planRating(ctx, order);
      case 'closed':
        return this.planVisit(ctx, order);
      default:
        return;
    }
  }

  /** Who picks up an order waiting in `assignee`. */
  private claimerOf(order: OrderDoc, rng: Rng): string | undefined {
    const a = order.assignee;
    const { people } = this.w;
    if (a.kind === 'user') return a.openid;
    switch (a.queue) {
      case 'community':
        return rng.chance(0.5) && order.place.gridId ? people.gridWorker.get(order.place.gridId) : people.secretary.get(a.orgId);
      case 'street':
        return people.streetAdmin.get(a.orgId);
      case 'department':
        return rng.pick(people.officers.get(a.orgId) ?? [people.districtAdmin]);
      case 'district':
        return people.districtAdmin;
      case 'wish_wall': {
        const vols = this.w.volunteers.get(a.orgId) ?? [];
        return vols.length > 0 ? rng.pick(vols) : undefined;
      }
      case 'broadcast':
        return a.candidates && a.candidates.length > 0 ? rng.pick(a.candidates) : undefined;
      default:
        return undefined;
    }
  }

  private planClaim(ctx: Ctx, order: OrderDoc): void {
    const { rng } = ctx;
    const now = this.w.ex.now();
    // A queue must be taken before its dispatch clock runs out, a person must respond before the respond clock.
    const first = [openClock(order, 'dispatch'), openClock(order, 'respond')].filter((c): c is SlaClock => !!c).sort((a, b) => a.dueAt - b.dueAt)[0];
    const respond = first;
    const window = first ? Math.max(MINUTE, first.dueAt - now) : 30 * MINUTE;
    const hour = new Date(now + 8 * HOUR).getUTCHours();
    const night = hour >= 22 || hour < 7;
    const late = rng.chance(order.priority === 'emergency' ? 0.03 : night && order.level !== 'district' ? 0.25 : 0.08);
    const delay = late ? window * (1.05 + rng.next() * 1.5) : window * (0.1 + 0.75 * rng.next());
    const seen = assigneeKey(order);
    const claimer = this.claimerOf(order, rng);
    // The resident withdraws now and then before anyone takes it.
    if (ctx.rater && ctx.claimTries === 0 && !ctx.ratedOnce && order.reopenCount === 0 && order.priority !== 'emergency' && rng.chance(0.012)) {
      this.plan(ctx, order, now + delay * 0.5, async () => {
        if (this.order(ctx.id)?.status === 'dispatched') await this.call('orders', 'cancel', { id: ctx.id, reason: '问题已自行解决' }, ctx.filer);
        return this.react(ctx);
      });
      return;
    }
    if (!claimer) {
      // Nobody can take it here: the sweep moves it up when its clock runs out; look again then.
      if (respond) this.plan(ctx, order, respond.dueAt + 2 * MINUTE, () => this.react(ctx));
      return;
    }
    this.plan(ctx, order, now + delay, async () => {
      const current = this.order(ctx.id);
      if (!current || current.status !== 'dispatched' || assigneeKey(current) !== seen) return this.react(ctx);
      const res = await this.call('orders', 'claim', { id: ctx.id, version: current.version }, claimer);
      if (!res.ok) {
        ctx.claimTries++;
        if (ctx.claimTries <= 6) this.plan(ctx, current, this.w.ex.now() + (ctx.claimTries > 3 ? 6 * HOUR : 40 * MINUTE), () => this.react(ctx));
        return;
      }
      ctx.handler = claimer;
      ctx.claimTries = 0;
      // 及时回复: the handler calls the resident on taking it (now and then not: the reply clock then climbs).
      if (rng.chance(0.95)) await this.call('orders', 'contact', { id: ctx.id, how: 'call', note: '已电话联系居民，约好上门时间' }, claimer);
      const claimed = this.order(ctx.id)!;
      const resolve = openClock(claimed, 'resolve');
      const target = resolve ? resolve.dueAt - this.w.ex.now() : RESOLVE_MEDIAN_MIN[ctx.category] * 3 * MINUTE;
      const typical = rng.logNormal(RESOLVE_MEDIAN_MIN[ctx.category] ?? 240, 0.8) * MINUTE;
      const lateResolve = rng.chance(0.07);
      ctx.resolveAt = this.w.ex.now() + Math.max(5 * MINUTE, lateResolve ? target * (1.05 + rng.next()) : Math.min(typical, target * 0.95));
      return this.react(ctx);
    });
  }

  private planWork(ctx: Ctx, order: OrderDoc): void {
    const { rng } = ctx;
    const now = this.w.ex.now();
    const handler = ctx.handler!;
    if (order.status === 'claimed' && rng.chance(0.7) && ctx.resolveAt - now > 20 * MINUTE) {
      this.plan(ctx, order, now + Math.min((ctx.resolveAt - now) / 3, rng.logNormal(20, 0.6) * MINUTE), async () => {
        const current = this.order(ctx.id);
        if (current?.status === 'claimed' && current.handlerOpenid === handler) await this.call('orders', 'start', { id: ctx.id }, handler);
        return this.react(ctx);
      });
      return;
    }
    const whistle = order.level === 'grid' && ['safety', 'environment', 'property', 'repair'].includes(ctx.category) && rng.chance(0.03);
    const bounce = !whistle && order.level === 'grid' && rng.chance(0.01);
    const when = whistle || bounce ? now + (ctx.resolveAt - now) / 2 : ctx.resolveAt;
    this.plan(ctx, order, when, async () => {
      const current = this.order(ctx.id);
      if (!current || !HANDLING_STATES.includes(current.status) || current.handlerOpenid !== handler) {
        ctx.handler = null;
        return this.react(ctx);
      }
      if (whistle) {
        await this.call('orders', 'escalate', { id: ctx.id, reason: '涉及公共设施和多方权责，网格无法单独解决，申请社区协调' }, handler);
        ctx.handler = null;
      } else if (bounce) {
        await this.call('orders', 'bounce', { id: ctx.id, reason: '不属于本网格范围，请社区重新派单' }, handler);
        ctx.handler = null;
      } else {
        await this.call('orders', 'resolve', { id: ctx.id, note: resolutionNote(rng, ctx.category) }, handler);
      }
      return this.react(ctx);
    });
  }

  private stars(ctx: Ctx, order: OrderDoc): number {
    const troubled = (order.escalations ?? 0) > 0 || order.reopenCount > 0 || (order.promiseDueAt != null && (order.resolvedAt ?? 0) > order.promiseDueAt);
    return ctx.rng.weighted(
      troubled
        ? ([[5, 0.35], [4, 0.25], [3, 0.18], [2, 0.12], [1, 0.1]] as const)
        : ([[5, 0.66], [4, 0.22], [3, 0.07], [2, 0.03], [1, 0.02]] as const),
    );
  }

  private planRating(ctx: Ctx, order: OrderDoc): void {
    const { rng } = ctx;
    const resolvedAt = order.resolvedAt ?? this.w.ex.now();
    const rater = ctx.rater;
    if (rater && rng.chance(0.8)) {
      this.plan(ctx, order, resolvedAt + Math.min(46 * HOUR, rng.logNormal(3, 1.1) * HOUR), async () => {
        const current = this.order(ctx.id);
        if (current?.status !== 'resolved' || current.rating) return this.react(ctx);
        const stars = this.stars(ctx, current);
        const good = stars >= 4;
        const payload: Record<string, unknown> = { id: ctx.id, stars };
        if (rng.chance(0.4)) payload.dims = { speed: Math.min(5, stars + (rng.chance(0.3) ? 0 : 0)), attitude: Math.min(5, stars + (rng.chance(0.5) ? 1 : 0)), result: stars };
        if (good && rng.chance(0.35)) payload.tags = [rng.pick(RATING_TAGS)];
        if (rng.chance(0.2)) payload.comment = rng.pick(good ? RATING_COMMENTS_GOOD : RATING_COMMENTS_BAD);
        await this.call('orders', 'rate', payload, rater);
        ctx.ratedOnce = true;
        if (stars <= 2) ctx.handler = null;
        return this.react(ctx);
      });
      return;
    }
    // Not rated: the sweep closes it 48 h after resolution; come back for the return visit.
    this.plan(ctx, order, resolvedAt + 48 * HOUR + 2 * MINUTE, () => this.react(ctx));
  }

  private planVisit(ctx: Ctx, order: OrderDoc): void {
    const id = visitId(order._id, order.reopenCount);
    if (ctx.visitsDone.has(id)) return;
    const visit = this.w.ex.read('visits', id) as unknown as VisitDoc | undefined;
    if (!visit || visit.status !== 'open') return;
    ctx.visitsDone.add(id);
    const { rng } = ctx;
    if (!rng.chance(0.85)) return; // some visits stay open (and show as overdue)
    this.plan(ctx, order, duringWork(this.w.ex.now() + rng.logNormal(2.5, 0.7) * DAY, rng), async () => {
      // Whoever may make it: the assigned visitor, else the secretary or the grid's worker — never someone who handled the order.
      const now = (this.w.ex.read('orders', order._id) as unknown as OrderDoc | undefined) ?? order;
      const candidates = [visit.assignee, this.w.people.secretary.get(visit.communityId), visit.gridId ? this.w.people.gridWorker.get(visit.gridId) : undefined];
      const who = candidates.find((p): p is string => !!p && maySeparately('visit', p, now));
      if (!who) return this.react(ctx);
      const outcome = rng.weighted([['satisfied', 0.8], ['partly', 0.15], ['not_satisfied', 0.05]] as const);
      const note = outcome === 'not_satisfied' ? '居民反映问题仍未彻底解决' : outcome === 'partly' ? '居民基本满意，提出小建议' : '居民对处理结果满意';
      await this.call('scoring', 'recordVisit', { id, outcome, method: rng.chance(0.7) ? 'phone' : 'door', note }, who);
      if (outcome === 'not_satisfied') ctx.handler = null;
      return this.react(ctx);
    });
  }
}
