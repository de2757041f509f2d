import type { OrderDoc, OrderEventDoc, OrderEventType, OrderState } from '../model/order';
import type { ContentCheck } from '../model/content';
import type { RoleGrant } from '../model/roles';
import type { Clock } from '../ports/clock';
import type { IdGen } from '../ports/ids';
import type { CategoryRepo, ClosedOrderHook, Notification, Notifier, OrderStore, PeopleRepo, RuleRepo, SlaRepo, VisitRepo } from '../ports/orders';
import type { OrgRepo } from '../ports/repos';
import type { Signer } from '../qr/scene';
import { CONTENT_REFUSED } from '../model/content';
import { DomainError } from '../model/envelope';

/** Everything the order use cases need, injected (in-memory fakes in unit tests, SDK adapters in functions). */
export interface OrdersDeps {
  orders: OrderStore;
  rules: RuleRepo;
  sla: SlaRepo;
  categories: CategoryRepo;
  orgs: OrgRepo;
  people: PeopleRepo;
  notifier: Notifier;
  closed: ClosedOrderHook;
  visits: VisitRepo;
  content: ContentCheck;
  /** Share of satisfied-and-rated orders that still get a sample return visit. */
  visitSamplePercent: number;
  clock: Clock;
  ids: IdGen;
  sign: Signer;
  /** How many claimed / in-progress orders one handler may hold. */
  handlerCap: number;
}

export interface Actor {
  openid: string;
  name: string;
  grants: readonly RoleGrant[];
}

export const DEFAULT_HANDLER_CAP = 20;

/** The role an actor acts in on this order: the most specific grant that covers it. */
export const actingRole = (actor: Actor, order: Pick<OrderDoc, 'orgPath'> | null, prefer: readonly string[] = []): string => {
  const covering = actor.grants.filter((g) => !order || order.orgPath.includes(g.orgId));
  const preferred = covering.find((g) => prefer.includes(g.role)) ?? actor.grants.find((g) => prefer.includes(g.role));
  return (preferred ?? covering[0] ?? actor.grants[0])?.role ?? 'resident';
};

export const makeEvent = (
  deps: Pick<OrdersDeps, 'ids' | 'clock'>,
  order: Pick<OrderDoc, '_id'>,
  seq: number,
  type: OrderEventType,
  actor: { openid: string; name: string; role: string },
  from: OrderState | null,
  to: OrderState,
  extra: { reason?: string; data?: Record<string, unknown> } = {},
): OrderEventDoc => ({
  _id: `${order._id}-e${String(seq).padStart(3, '0')}`,
  orderId: order._id,
  seq,
  at: deps.clock.now(),
  type,
  actor,
  from,
  to,
  ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
  ...(extra.data !== undefined ? { data: extra.data } : {}),
});

export const SYSTEM_ACTOR = { openid: 'system', name: '系统', role: 'system' };

/** Refuses text that the content check flags (INVALID_ARGUMENT on the field, so the form shows it). */
export const requireCleanText = async (deps: Pick<OrdersDeps, 'content'>, actor: { openid: string }, field: string, text: string | undefined): Promise<void> => {
  if (!text) return;
  if ((await deps.content.check(text, actor.openid)) === 'risky') {
    throw new DomainError('INVALID_ARGUMENT', CONTENT_REFUSED, { fields: [{ path: field, message: CONTENT_REFUSED }] });
  }
};

/**
 * Commits one step of an order: the new fields plus one or more events, conditional on the
 * version read. Someone faster → CONFLICT. Returns the order as stored after the step.
 */
export const commitStep = async (
  deps: OrdersDeps,
  order: OrderDoc,
  patch: Partial<OrderDoc>,
  events: OrderEventDoc[],
  conflictMessage = '诉求刚刚有了变化，请刷新后重试',
): Promise<OrderDoc> => {
  const next: Partial<OrderDoc> = { updatedAt: deps.clock.now(), ...patch, version: order.version + events.length };
  const outcome = await deps.orders.commit(order._id, order.version, next, events);
  if (outcome === 'conflict') throw new DomainError('CONFLICT', conflictMessage);
  return { ...order, ...next };
};

export const notifyAll = (deps: OrdersDeps, messages: Notification[]): Promise<void> =>
  messages.length > 0 ? deps.notifier.send(messages.filter((m, i, all) => all.findIndex((x) => x.to === m.to && x.type === m.type) === i)) : Promise.resolve();
