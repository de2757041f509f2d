import type { OrderDoc } from '../model/order';
import { VISIT_REASON_LABELS, type VisitDoc, type VisitReason } from './follow-up';

export const VISIT_METHOD_LABELS = { phone: '电话', door: '上门' } as const;

/**
 * A return-visit task as its visitor sees it: what was asked, what was done, how the
 * resident rated it, and whom to call. The phone is in it because this person must call:
 * the list only ever holds visits the caller may record (their own, their grid's, their
 * community's as secretary).
 */
export interface VisitTaskView {
  id: string;
  orderId: string;
  orderNo: string;
  reason: VisitReason;
  reasonLabel: string;
  placeLabel: string;
  createdAt: number;
  dueAt: number;
  overdue: boolean;
  order: {
    categoryName: string;
    excerpt: string;
    resolutionNote: string | null;
    resolvedAt: number | null;
    handlerName: string | null;
    stars: number | null;
  } | null;
  contact: { name: string; phone: string | null; byProxy: boolean } | null;
}

export interface VisitContext {
  categoryName: (id: string) => string;
  /** Names and phones of the people on the order (filer, resident, handler). */
  people: ReadonlyMap<string, { name: string; phone?: string }>;
  now: number;
}

const excerpt = (s: string): string => (s.length > 80 ? `${s.slice(0, 80)}…` : s);

export const toVisitTask = (visit: VisitDoc, order: OrderDoc | undefined, ctx: VisitContext): VisitTaskView => {
  const handler = order ? (order.resolution?.by ?? order.handlerOpenid) : null;
  const resident = order?.residentOpenid ? ctx.people.get(order.residentOpenid) : undefined;
  const contact = !order
    ? null
    : order.proxyFor
      ? { name: order.proxyFor.name, phone: order.proxyFor.phone ?? order.contactPhone ?? null, byProxy: true }
      : { name: resident?.name ?? '居民', phone: order.contactPhone ?? resident?.phone ?? null, byProxy: false };
  return {
    id: visit._id,
    orderId: visit.orderId,
    orderNo: visit.orderNo,
    reason: visit.reason,
    reasonLabel: VISIT_REASON_LABELS[visit.reason],
    placeLabel: visit.placeLabel,
    createdAt: visit.createdAt,
    dueAt: visit.dueAt,
    overdue: visit.status === 'open' && visit.dueAt <= ctx.now,
    order: order
      ? {
          categoryName: ctx.categoryName(order.category),
          excerpt: excerpt(order.description),
          resolutionNote: order.resolution?.note ?? null,
          resolvedAt: order.resolution?.at ?? null,
          handlerName: handler ? (ctx.people.get(handler)?.name ?? null) : null,
          stars: order.rating?.stars ?? order.lastStars ?? null,
        }
      : null,
    contact,
  };
};
