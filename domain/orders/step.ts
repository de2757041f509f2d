import { DISPATCHER_ROLES } from '../authz/grants';
import { DEFAULT_MESSAGES, DomainError } from '../model/envelope';
import type { OrderDoc, OrderEventType } from '../model/order';
import type { Notification } from '../ports/orders';
import { nextWakeAt, type SlaClock } from '../sla/clocks';
import { type Actor, actingRole, commitStep, makeEvent, type OrdersDeps } from './deps';
import { nextState, type OrderAction } from './lifecycle';
import { isDispatcher, isHandler, type Viewer } from './views';

/**
 * What every step of the loop after submit shares (the steps themselves live in ./steps/, one
 * file per step): the transition table says whether the state allows it, the relationship
 * (filer / handler / eligible claimer / dispatcher) says whether this person may, then one
 * conditional commit of order + event.
 */

export const loadOrder = async (deps: OrdersDeps, id: string): Promise<OrderDoc> => {
  const order = await deps.orders.get(id);
  if (!order) throw new DomainError('NOT_FOUND', DEFAULT_MESSAGES.NOT_FOUND);
  return order;
};

export const refuse = (message: string): never => {
  throw new DomainError('FORBIDDEN', message);
};

export const viewerOf = (actor: Actor): Viewer => ({ openid: actor.openid, grants: actor.grants });

/** Roles preferred as the actor's "as" on a handler's event. */
export const STAFF_PREFERENCE = ['grid_worker', 'secretary', 'department_officer', 'street_admin', 'district_admin', 'volunteer'];

export interface StepOptions {
  /** The row of the transition table; the state after it comes from the table. */
  action: OrderAction;
  /** The timeline event it records. */
  event: OrderEventType;
  patch: Partial<OrderDoc>;
  reason?: string;
  data?: Record<string, unknown>;
  /** The caller's roles in the order they are preferred as the event's "as" (STAFF_PREFERENCE by default). */
  prefer?: readonly string[];
  /** The CONFLICT message when someone else moved the order first. */
  conflictMessage?: string;
}

/** One transition with one event, committed on the version read. */
export const step = async (deps: OrdersDeps, order: OrderDoc, actor: Actor, o: StepOptions): Promise<OrderDoc> => {
  const to = nextState(o.action, order.status);
  const who = { openid: actor.openid, name: actor.name, role: actingRole(actor, order, o.prefer ?? STAFF_PREFERENCE) };
  const extra = { ...(o.reason !== undefined ? { reason: o.reason } : {}), ...(o.data ? { data: o.data } : {}) };
  const event = makeEvent(deps, order, order.version + 1, o.event, who, order.status, to, extra);
  return commitStep(deps, order, { ...o.patch, status: to }, [event], o.conflictMessage);
};

/** Roles preferred as the actor's "as" on a dispatcher's event. */
export const DISPATCHER_PREFERENCE = DISPATCHER_ROLES;

export const toFiler = (order: OrderDoc, type: string, title: string, body: string): Notification[] =>
  [...new Set([order.filedBy, order.residentOpenid].filter((x): x is string => !!x))].map((to) => ({ to, type, title, body, orderId: order._id }));

export const toHandler = (order: OrderDoc, type: string, title: string, body: string): Notification[] =>
  order.handlerOpenid ? [{ to: order.handlerOpenid, type, title, body, orderId: order._id }] : [];

/** The clock fields of a patch after `change` (met / paused / resumed / stopped clocks). */
export const clocksPatch = (order: OrderDoc, change: (clocks: SlaClock[]) => SlaClock[]): Pick<OrderDoc, 'clocks' | 'wakeAt'> => {
  const clocks = change(order.clocks ?? []);
  return { clocks, wakeAt: nextWakeAt(clocks) };
};

export const requireHandler = (order: OrderDoc, actor: Actor) => {
  if (!isHandler(order, viewerOf(actor))) refuse('只有正在办理的人员可以进行此操作');
};

export const requireDispatcher = (order: OrderDoc, actor: Actor) => {
  if (!isDispatcher(order, viewerOf(actor))) refuse('只有本社区书记或上级可以派单审批');
};

