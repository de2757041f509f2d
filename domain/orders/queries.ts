import { DomainError } from '../model/envelope';
import { HANDLING_STATES, OPEN_STATES, type OrderDoc } from '../model/order';
import type { RoleGrant } from '../model/roles';
import type { OrderListQuery } from '../ports/orders';
import { STATUS_GROUPS, type ListInput, type OrderListView, type OrderView, type TimelineEntryView } from './api';
import type { Actor, OrdersDeps } from './deps';
import { loadOrder } from './step';
import { mayVerify, toSummary, toTimelineEntry, toView } from './views';

export const categoryNamer = async (deps: Pick<OrdersDeps, 'categories'>): Promise<(id: string) => string> => {
  const names = new Map((await deps.categories.list()).map((c) => [c._id, c.name]));
  return (id) => names.get(id) ?? id;
};

export const viewOrder = async (deps: OrdersDeps, actor: Actor, order: OrderDoc): Promise<OrderView> => {
  const handler = order.handlerOpenid ? (await deps.people.names([order.handlerOpenid])).get(order.handlerOpenid) ?? null : null;
  return toView(order, actor, await categoryNamer(deps), handler, deps.clock.now());
};

export const getOrder = async (deps: OrdersDeps, actor: Actor, id: string): Promise<OrderView> => viewOrder(deps, actor, await loadOrder(deps, id));

const STAFF = ['grid_worker', 'secretary', 'street_admin', 'department_officer', 'district_admin'];

export const orderTimeline = async (deps: OrdersDeps, actor: Actor, id: string): Promise<TimelineEntryView[]> => {
  const forResident = !actor.grants.some((g) => STAFF.includes(g.role));
  return (await deps.orders.events(id)).sort((a, b) => a.seq - b.seq).map((e) => toTimelineEntry(e, forResident));
};

/** Cursor = base64url("<submittedAt>|<id>") of the last item of the page. */
export const encodeCursor = (order: Pick<OrderDoc, 'submittedAt' | '_id'>): string =>
  btoa(`${order.submittedAt}|${order._id}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export const decodeCursor = (cursor: string | undefined): { at: number; id: string } | undefined => {
  if (!cursor) return undefined;
  let text = '';
  try {
    text = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    text = '';
  }
  const [at, id] = text.split('|');
  if (!/^\d{1,15}$/.test(at ?? '') || !/^[A-Za-z0-9_-]{1,64}$/.test(id ?? '')) {
    throw new DomainError('INVALID_ARGUMENT', '分页参数无效，请刷新列表', { fields: [{ path: 'cursor', message: '无效的分页参数' }] });
  }
  return { at: Number(at), id };
};

/** What lands in a person's 待办: assigned to them, held by them, or in a queue they may claim from. */
const todoConditions = (openid: string, grants: readonly RoleGrant[]): OrderListQuery['anyOf'] => {
  const out: OrderListQuery['anyOf'] = [
    { handlerOpenid: openid, status: [...HANDLING_STATES] },
    { 'assignee.openid': openid, status: 'dispatched' },
    { 'assignee.candidates': openid, status: 'dispatched' },
  ];
  for (const g of grants) {
    if (g.role === 'secretary') {
      out.push({ 'assignee.queue': 'community', 'assignee.orgId': g.orgId, status: 'dispatched' });
      out.push({ 'place.communityId': g.orgId, status: 'pending_approval' });
      out.push({ 'place.communityId': g.orgId, status: 'verifying' });
    }
    if (g.role === 'grid_worker') {
      out.push({ 'assignee.queue': 'community', 'place.gridId': g.orgId, status: 'dispatched' });
      // 待验收: resolutions of this grid waiting for its worker's check on site.
      out.push({ 'place.gridId': g.orgId, status: 'verifying' });
    }
    if (g.role === 'department_officer') out.push({ 'assignee.queue': 'department', 'assignee.orgId': g.orgId, status: 'dispatched' });
    if (g.role === 'volunteer') out.push({ 'assignee.queue': 'wish_wall', 'assignee.orgId': g.orgId, status: 'dispatched' });
    if (g.role === 'street_admin') out.push({ 'assignee.queue': 'street', 'assignee.orgId': g.orgId, status: 'dispatched' });
    if (g.role === 'district_admin') out.push({ 'assignee.queue': 'district', 'assignee.orgId': g.orgId, status: 'dispatched' });
  }
  return out;
};

const ORG_BOX_ROLES = ['grid_worker', 'secretary', 'street_admin', 'district_admin'];

/**
 * The three boxes: 我的诉求 (mine, newest first), 待办 (todo, oldest first) and the
 * org list of a community/street/district (org, newest first). Cursor-paginated.
 */
export const listOrders = async (deps: OrdersDeps, actor: Actor, input: ListInput): Promise<OrderListView> => {
  const limit = input.limit ?? 20;
  const status = input.status && input.status in STATUS_GROUPS ? STATUS_GROUPS[input.status as keyof typeof STATUS_GROUPS] : input.status;
  const after = decodeCursor(input.cursor);
  let query: OrderListQuery;
  if (input.box === 'mine') {
    query = { anyOf: [{ filedBy: actor.openid }, { residentOpenid: actor.openid }], order: 'newest', after, limit, status };
  } else if (input.box === 'todo') {
    query = { anyOf: todoConditions(actor.openid, actor.grants), order: 'oldest', after, limit, status };
  } else if (input.box === 'overdue') {
    const scopes = actor.grants.filter((g) => ORG_BOX_ROLES.includes(g.role));
    if (scopes.length === 0) throw new DomainError('FORBIDDEN', '您没有可查看的辖区');
    query = {
      anyOf: scopes.map((g) => ({ orgPath: g.orgId, status: [...OPEN_STATES] })),
      promiseDueBefore: deps.clock.now(),
      order: 'oldest',
      after,
      limit,
      status,
    };
  } else {
    const scopes = actor.grants.filter((g) => ORG_BOX_ROLES.includes(g.role));
    const orgId = input.orgId ?? scopes[0]?.orgId;
    if (!orgId) throw new DomainError('FORBIDDEN', '您没有可查看的辖区');
    const node = await deps.orgs.get(orgId);
    if (!node) throw new DomainError('NOT_FOUND', '组织不存在');
    if (!scopes.some((g) => g.orgId === node._id || node.path.includes(g.orgId))) throw new DomainError('FORBIDDEN', '不能查看其他辖区的诉求');
    query = { anyOf: [{ orgPath: node._id }], order: 'newest', after, limit, status };
  }
  const page = await deps.orders.list({ ...query, limit: limit + 1 });
  const items = page.slice(0, limit);
  const name = await categoryNamer(deps);
  const now = deps.clock.now();
  // 待办 lists what the caller can act on: a resolution waiting for 验收 is not its handler's to accept.
  const shown = input.box === 'todo' ? items.filter((o) => o.status !== 'verifying' || mayVerify(o, { openid: actor.openid, grants: actor.grants })) : items;
  return { items: shown.map((o) => toSummary(o, name, now)), nextCursor: page.length > limit ? encodeCursor(items[items.length - 1]) : null };
};
