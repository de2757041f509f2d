import { maySeparately, orderParties } from '../authz/duties';
import { dispatchesFor, holds, isCommunityStaffAt } from '../authz/grants';
import { ROLE_LABELS, type Role, type RoleGrant } from '../model/roles';
import { CLOCK_LABELS, headlineClock } from '../sla/clocks';
import {
  HANDLING_STATES,
  OPEN_STATES,
  ORDER_LEVEL_LABELS,
  ORDER_STATE_LABELS,
  type OrderDoc,
  type OrderEventDoc,
  type OrderEventType,
} from '../model/order';
import type { OrderAbilities, OrderSummaryView, OrderView, TimelineEntryView } from './api';
import { canApply } from './lifecycle';
import { mayEditRating, ratingEditableUntil } from '../scoring/follow-up';

export interface Viewer {
  openid: string;
  grants: readonly RoleGrant[];
}

/** 13800000001 → 138****0001 */
export const maskPhone = (phone: string | undefined | null): string | null =>
  phone ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : null;


export const isFiler = (order: OrderDoc, viewer: Viewer): boolean =>
  order.filedBy === viewer.openid || order.residentOpenid === viewer.openid;

export const isHandler = (order: OrderDoc, viewer: Viewer): boolean =>
  order.handlerOpenid === viewer.openid && HANDLING_STATES.includes(order.status);

/** Secretary of the order's community, or street / district admin above it. */
export const isDispatcher = (order: OrderDoc, viewer: Viewer): boolean =>
  dispatchesFor(viewer, order.place);

/** May the viewer take the order from its current assignee (a person or a queue)? */
export const mayClaim = (order: OrderDoc, viewer: Viewer): boolean => {
  const a = order.assignee;
  if (a.kind === 'user') return a.openid === viewer.openid;
  switch (a.queue) {
    case 'community':
      return holds(viewer, 'secretary', a.orgId) || holds(viewer, 'grid_worker', order.place.gridId);
    case 'department':
      return holds(viewer, 'department_officer', a.orgId);
    case 'wish_wall':
      return holds(viewer, 'volunteer', a.orgId);
    case 'broadcast':
      return (a.candidates ?? []).includes(viewer.openid);
    case 'street':
      return holds(viewer, 'street_admin', a.orgId);
    case 'district':
      return holds(viewer, 'district_admin', a.orgId);
    default:
      return false;
  }
};

/** May this person accept or return the order's resolution (the secretary of its community, or a worker of its grid, neither its handler nor reporter)? */
export const mayVerify = (order: OrderDoc, viewer: Viewer): boolean =>
  order.status === 'verifying' &&
  isCommunityStaffAt(viewer, order.place) &&
  !orderParties('verify', order).includes(viewer.openid);

/** What the viewer may do now; `now` decides time-boxed abilities (changing a rating within 24 h). */
export const abilities = (order: OrderDoc, viewer: Viewer, now?: number): OrderAbilities => {
  const filer = isFiler(order, viewer);
  const handler = isHandler(order, viewer);
  const dispatcher = isDispatcher(order, viewer);
  const can = (action: Parameters<typeof canApply>[0]) => canApply(action, order.status);
  return {
    claim: can('claim') && mayClaim(order, viewer) && maySeparately('handle', viewer.openid, order),
    bounce: can('bounce') && handler,
    start: can('start') && handler,
    resolve: can('resolve') && handler,
    requestInfo: can('request_info') && handler && !order.awaitingInfo,
    reply: can('reply') && filer && !!order.awaitingInfo,
    addNote: can('note') && (handler || dispatcher),
    rate: can('rate_close') && filer && !order.rating && maySeparately('rate', viewer.openid, order),
    editRating: now !== undefined && mayEditRating(order, viewer, now) && maySeparately('rate', viewer.openid, order),
    cancel: can('cancel') && filer,
    approve: can('approve') && dispatcher,
    reject: can('reject') && dispatcher,
    dispatch: can('dispatch') && dispatcher,
    verify: mayVerify(order, viewer),
    contact: can('contact') && handler,
  };
};

const headline = (order: OrderDoc) => (OPEN_STATES.includes(order.status) ? headlineClock(order.clocks ?? []) : null);

export const toSummary = (order: OrderDoc, categoryName: (id: string) => string, now: number): OrderSummaryView => ({
  id: order._id,
  no: order.no,
  status: order.status,
  statusLabel: ORDER_STATE_LABELS[order.status],
  level: order.level,
  category: order.category,
  categoryName: categoryName(order.category),
  kind: order.kind,
  priority: order.priority,
  excerpt: order.description.length > 60 ? `${order.description.slice(0, 60)}…` : order.description,
  placeLabel: order.place.label,
  assigneeName: order.assignee.name,
  submittedAt: order.submittedAt,
  updatedAt: order.updatedAt,
  awaitingInfo: !!order.awaitingInfo,
  flaggedForSecretary: order.flaggedForSecretary,
  version: order.version,
  levelLabel: ORDER_LEVEL_LABELS[order.level],
  dueAt: headline(order)?.dueAt ?? null,
  overdue: OPEN_STATES.includes(order.status) && ((headline(order)?.dueAt ?? Infinity) <= now || (order.promiseDueAt ?? Infinity) <= now),
  promiseDueAt: order.promiseDueAt ?? null,
  escalations: order.escalations ?? 0,
});

/** The order as this viewer may see it: phones masked unless filer or current handler. */
export const toView = (
  order: OrderDoc,
  viewer: Viewer,
  categoryName: (id: string) => string,
  handlerName: string | null,
  now: number,
): OrderView => {
  const seesPhones = isFiler(order, viewer) || isHandler(order, viewer);
  const phone = (p: string | undefined) => (seesPhones ? (p ?? null) : maskPhone(p));
  return {
    ...toSummary(order, categoryName, now),
    description: order.description,
    media: order.media,
    place: { orgId: order.place.orgId, label: order.place.label, gridId: order.place.gridId, communityId: order.place.communityId },
    channel: order.channel,
    contactPhone: phone(order.contactPhone),
    proxyFor: order.proxyFor ? { name: order.proxyFor.name, phone: phone(order.proxyFor.phone) } : null,
    assignee:
      order.assignee.kind === 'user'
        ? { kind: 'user', name: order.assignee.name }
        : { kind: 'queue', name: order.assignee.name, queue: order.assignee.queue },
    handlerName,
    awaitingInfoQuestion: order.awaitingInfo?.question ?? null,
    rating: order.rating
      ? {
          stars: order.rating.stars,
          dims: order.rating.dims as Record<string, number> | undefined,
          tags: order.rating.tags,
          comment: order.rating.comment,
          at: order.rating.at,
          byProxy: order.rating.byProxy,
          editedAt: order.rating.editedAt ?? null,
          firstStars: order.rating.firstStars ?? null,
          editableUntil: mayEditRating(order, viewer, now) ? ratingEditableUntil(order) : null,
        }
      : null,
    resolution: order.resolution ? { note: order.resolution.note, media: order.resolution.media, at: order.resolution.at } : null,
    reopenCount: order.reopenCount,
    needsReturnVisit: order.needsReturnVisit,
    claimedAt: order.claimedAt ?? null,
    resolvedAt: order.resolvedAt ?? null,
    closedAt: order.closedAt ?? null,
    promise: order.promise ?? null,
    clocks: (order.clocks ?? []).map((c) => ({
      kind: c.kind,
      label: CLOCK_LABELS[c.kind],
      level: c.level,
      dueAt: c.dueAt,
      metAt: c.metAt,
      breachedAt: c.breachedAt,
      stoppedAt: c.stoppedAt,
      paused: c.pausedAt !== null,
    })),
    suggestions: isDispatcher(order, viewer) || isHandler(order, viewer) || mayClaim(order, viewer) ? (order.suggestions ?? []) : [],
    parentId: order.parentId ?? null,
    childCount: order.childIds?.length ?? 0,
    can: {
      ...abilities(order, viewer, now),
      merge: canApply('absorb', order.status) && isDispatcher(order, viewer) && (order.suggestions ?? []).length > 0,
      escalate: canApply('escalate', order.status) && (isHandler(order, viewer) || isDispatcher(order, viewer) || mayClaim(order, viewer)) && order.level !== 'district',
    },
  };
};

const VERBS: Record<OrderEventType, string> = {
  submit: '提交了诉求',
  route: '系统派单',
  approve: '审批通过',
  reject: '不予受理',
  dispatch: '改派',
  claim: '接单',
  bounce: '退单',
  start: '开始办理',
  note: '添加了说明',
  request_info: '向居民询问',
  reply: '回复了询问',
  resolve: '办结',
  rate: '评价',
  reopen: '重新派单',
  cancel: '撤回了诉求',
  escalate: '吹哨上报',
  remind: '提醒即将超时',
  merge: '合并为共性诉求',
  visit: '完成回访',
  verify: '验收',
  contact: '联系了居民',
};

export const roleLabel = (role: string): string => ROLE_LABELS[role as Role] ?? (role === 'system' ? '系统' : role);

/**
 * One timeline line. Staff read the router's full explanation; a resident reads where it went
 * ("已派给 赵敏"), not which rule matched.
 */
export const toTimelineEntry = (event: OrderEventDoc, forResident = false): TimelineEntryView => {
  const who = event.actor.role === 'system' ? '系统' : `${event.actor.name}（${roleLabel(event.actor.role)}）`;
  const detail = typeof event.data?.summary === 'string' ? `：${event.data.summary}` : '';
  const routed = forResident && typeof event.data?.assignee === 'string' ? `已派给 ${event.data.assignee}` : `${VERBS.route}${detail}`;
  return {
    seq: event.seq,
    at: event.at,
    type: event.type,
    label: event.type === 'route' ? routed : `${who}${VERBS[event.type]}${detail}`,
    actorName: event.actor.name,
    from: event.from,
    to: event.to,
    reason: event.reason ?? null,
  };
};
