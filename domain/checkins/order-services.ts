import type { OrderKind } from '../model/order-kinds';
import { C } from '../points/ports';
import { localMonth } from '../time/beijing';
import type { CheckinsDeps } from './deps';
import { findRegistration } from './registration';

/**
 * Every 三单 service counts (群众点单+网格派单+报到党员接单+反馈评价): an order a registered member
 * handled to closure is one service toward 本月已服务 x/2 and the monthly report — once per order
 * (a reopened order closed again still counts once), with the order as its evidence, booked in
 * the month it closed. Nobody counts while their registration there is not active.
 */
export interface OrderServiceDoc {
  _id: string;
  openid: string;
  communityId: string;
  orderId: string;
  orderNo: string;
  kind: OrderKind;
  at: number;
  month: string;
  /** Points the order paid (wishes and emergencies), 0 otherwise. */
  points: number;
}

export const orderServiceId = (orderId: string): string => `svc-order-${orderId}`;

export interface ClosedOrder {
  _id: string;
  no?: string;
  kind: OrderKind;
  status: string;
  handlerOpenid: string | null;
  resolution?: { by: string } | null;
  /** Who holds it and as what: only an order handled as a 报到党员 (volunteer) is a 双报到 service. */
  assignee?: { kind: string; role?: string };
  place: { communityId: string };
}

export const recordOrderService = async (deps: Pick<CheckinsDeps, 'docs' | 'clock'>, order: ClosedOrder, points: number): Promise<OrderServiceDoc | null> => {
  const handler = order.resolution?.by ?? order.handlerOpenid;
  if (order.status !== 'closed' || !handler) return null;
  // Staff handling orders is their job, not a volunteer service (and costs no read to find out).
  if (order.assignee && (order.assignee.kind !== 'user' || order.assignee.role !== 'volunteer')) return null;
  const reg = await findRegistration(deps, order.place.communityId, handler);
  if (!reg || reg.status !== 'active') return null;
  const now = deps.clock.now();
  const doc: OrderServiceDoc = {
    _id: orderServiceId(order._id),
    openid: handler,
    communityId: order.place.communityId,
    orderId: order._id,
    orderNo: order.no ?? '',
    kind: order.kind,
    at: now,
    month: localMonth(now),
    points,
  };
  return deps.docs.transact(async (tx) => {
    const existing = await tx.get<OrderServiceDoc>(C.orderServices, doc._id);
    if (existing) return existing;
    await tx.insert(C.orderServices, { ...doc });
    return doc;
  });
};
