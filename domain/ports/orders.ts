import type { OrderDoc, OrderEventDoc } from '../model/order';
import type { RoutingRule } from '../orders/routing';
import type { SlaPolicy } from '../sla/clocks';
import type { VisitDoc } from '../scoring/follow-up';

/** Persistence of orders and their events. Implementations keep order + event atomic. */
export interface OrderStore {
  get(id: string): Promise<OrderDoc | undefined>;
  /** Inserts the order with its first events; 'exists' when the id is taken (an idempotent retry). */
  create(order: OrderDoc, events: OrderEventDoc[]): Promise<'created' | 'exists'>;
  /**
   * Applies `patch` and appends `events` only if the stored version is still `expectedVersion`;
   * answers 'conflict' when someone else changed the order first.
   */
  commit(id: string, expectedVersion: number, patch: Partial<OrderDoc>, events: OrderEventDoc[]): Promise<'ok' | 'conflict'>;
  events(orderId: string): Promise<OrderEventDoc[]>;
  list(query: OrderListQuery): Promise<OrderDoc[]>;
  /** Open orders of a category in a grid (or community) since an instant: duplicate candidates. */
  similarOpen(where: { gridId: string | null; communityId: string; category: string; since: number }, limit: number): Promise<OrderDoc[]>;
  /** Orders whose SLA wake-up time has come (through the `wakeAt` index: cost ∝ due orders, not open ones). */
  due(now: number, limit: number): Promise<OrderDoc[]>;
  /** Orders a person is handling now (claimed / in progress). */
  countHandling(openid: string): Promise<number>;
}

/** A page of orders: one of the boxes, newest or oldest first, after a cursor. */
export interface OrderListQuery {
  /** Any of these conditions (OR); each maps an indexed field to a value (equality) or an array (one of). */
  anyOf: Record<string, string | number | boolean | readonly (string | number)[]>[];
  /** One state or several (a status chip group). */
  status?: string | readonly string[];
  orgId?: string;
  /** Only open orders whose resident promise fell due at or before this instant. */
  promiseDueBefore?: number;
  /** Submitted within [from, to) (ms): a reporting period. */
  submittedFrom?: number;
  submittedTo?: number;
  order: 'newest' | 'oldest';
  after?: { at: number; id: string };
  limit: number;
}

export interface SlaRepo {
  list(): Promise<SlaPolicy[]>;
}

export interface RuleRepo {
  list(): Promise<RoutingRule[]>;
}

export interface CategoryDoc {
  _id: string;
  name: string;
  kind: 'service' | 'wish' | 'emergency';
  departmentId: string | null;
  sort: number;
}

export interface CategoryRepo {
  list(): Promise<CategoryDoc[]>;
}

/** People lookups the router and the views need. */
export interface PeopleRepo {
  /** Users holding `role` exactly at `orgId`. */
  withRole(role: string, orgId: string): Promise<{ openid: string; name: string; skills: string[]; lastAssignedAt: number }[]>;
  /** Open (dispatched-to or handling) orders per person. */
  openLoads(openids: readonly string[]): Promise<Map<string, number>>;
  names(openids: readonly string[]): Promise<Map<string, string>>;
  markAssigned(openid: string, at: number): Promise<void>;
}

/** Return visits (回访) created by order steps; creating the same visit twice is a no-op. */
export interface VisitRepo {
  create(visit: VisitDoc): Promise<void>;
}

/** What happens elsewhere when an order closes (e.g. points for a fulfilled 微心愿). Must be idempotent. */
export interface ClosedOrderHook {
  orderClosed(order: OrderDoc): Promise<void>;
}

export interface Notification {
  to: string;
  type: string;
  title: string;
  body: string;
  orderId: string | null;
}

/** In-app inbox plus, in production, a WeChat subscribe message (host: an outbox). */
export interface Notifier {
  send(messages: readonly Notification[]): Promise<void>;
}
