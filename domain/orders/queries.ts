import { DomainError } from '../model/envelope';
import { HANDLING_STATES, OPEN_STATES, UNRESOLVED_STATES, type OrderDoc } from '../model/order';
import { headlineClock } from '../sla/clocks';
import type { RoleGrant } from '../model/roles';
import type { OrderListQuery } from '../ports/orders';
import { STATUS_GROUPS, type ListInput, type OrderListView, type OrderSummaryView, type OrderView, type TimelineEntryView } from './api';
import type { Actor, OrdersDeps } from './deps';
import { loadOrder } from './step';
import { abilities, toSummary, toTimelineEntry, toView } from './views';

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

type Condition = OrderListQuery['anyOf'][number];

const ABOVE: Record<string, readonly OrderDoc['level'][]> = {
  grid_worker: ['community', 'street', 'department', 'district'],
  secretary: ['street', 'department', 'district'],
  street_admin: ['department', 'district'],
  department_officer: ['district'],
};

/**
 * What lands in a person's 待办: assigned to them, held by them, or in a queue they may claim from
 * at their own level (an order their level sent up the ladder is no longer theirs: see `leftConditions`).
 */
const todoConditions = (openid: string, grants: readonly RoleGrant[]): OrderListQuery['anyOf'] => {
  const out: OrderListQuery['anyOf'] = [
    { handlerOpenid: openid, status: [...HANDLING_STATES] },
    { 'assignee.openid': openid, status: 'dispatched' },
    { 'assignee.candidates': openid, status: 'dispatched' },
  ];
  for (const g of grants) {
    if (g.role === 'secretary') {
      out.push({ 'assignee.queue': 'community', 'assignee.orgId': g.orgId, status: 'dispatched', level: ['grid', 'community'] });
      out.push({ 'place.communityId': g.orgId, status: 'pending_approval' });
      out.push({ 'place.communityId': g.orgId, status: 'verifying' });
    }
    if (g.role === 'grid_worker') {
      // The community queue at grid level (routing had no one person for it); once the grid
      // whistles it up to the community it is the secretary's, not the worker's, to take.
      out.push({ 'assignee.queue': 'community', 'place.gridId': g.orgId, status: 'dispatched', level: 'grid' });
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

/**
 * 已上报: unresolved orders that left the caller — their area's orders now with a level above
 * theirs (whistled up by them, or by the sweep), and orders they once held that are now
 * someone else's (bounced, re-dispatched, escalated).
 */
const leftConditions = (openid: string, grants: readonly RoleGrant[]): OrderListQuery['anyOf'] => {
  const open = [...UNRESOLVED_STATES];
  const out: OrderListQuery['anyOf'] = [{ handledBy: openid, status: open }];
  for (const g of grants) {
    const above = ABOVE[g.role];
    if (!above) continue;
    if (g.role === 'grid_worker') out.push({ 'place.gridId': g.orgId, level: [...above], status: open });
    if (g.role === 'secretary') out.push({ 'place.communityId': g.orgId, level: [...above], status: open });
    if (g.role === 'street_admin') out.push({ orgPath: g.orgId, level: [...above], status: open });
    if (g.role === 'department_officer') out.push({ departmentId: g.orgId, level: [...above], status: open });
  }
  return out;
};

/** The field at a dotted path of a document. */
const at = (doc: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), doc);

/** Does the order meet one list condition (equality, one-of, or an array field containing the value)? */
const meets = (order: OrderDoc, condition: Condition): boolean =>
  Object.entries(condition).every(([path, want]) => {
    const have = at(order, path);
    const wants = Array.isArray(want) ? (want as readonly unknown[]) : [want];
    return Array.isArray(have) ? have.some((h) => wants.includes(h)) : wants.includes(have);
  });

/** Can the caller do something with this order right now (take it, handle it, approve, dispatch or verify it)? */
const actionable = (order: OrderDoc, actor: Actor): boolean => {
  const can = abilities(order, { openid: actor.openid, grants: actor.grants });
  return can.claim || can.start || can.resolve || can.bounce || can.verify || can.approve || can.dispatch;
};

const ORG_BOX_ROLES = ['grid_worker', 'secretary', 'street_admin', 'district_admin'];

/** How many store pages one 待办 page may read to fill itself when orders the caller cannot act on are skipped. */
const TODO_ROUNDS = 4;
/** 已上报 on the first 待办 page: the most recently changed ones. */
const LEFT_LIMIT = 20;

/** The list card: the summary plus which clock its countdown is (接单 / 办结 …) and the stars once rated. */
const summarize = (o: OrderDoc, name: (id: string) => string, now: number): OrderSummaryView => {
  const head = OPEN_STATES.includes(o.status) ? headlineClock(o.clocks ?? []) : null;
  return { ...toSummary(o, name, now), dueKind: head?.kind ?? null, stars: o.rating?.stars ?? null };
};

/**
 * The three boxes: 我的诉求 (mine, newest first), 待办 (todo, oldest first) and the
 * org list of a community/street/district (org, newest first). Cursor-paginated.
 * 待办 lists only what the caller can act on now; its first page also carries `left` (已上报).
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
  const todo = input.box === 'todo';
  const keep = (o: OrderDoc): boolean => !todo || actionable(o, actor);
  // Skipped orders (in a todo query but not the caller's to act on) must not shorten or end a page
  // early: read on from the last order looked at, a bounded number of store pages.
  const shown: OrderDoc[] = [];
  let cursorAt = after;
  let nextCursor: string | null = null;
  for (let round = 0; round < (todo ? TODO_ROUNDS : 1); round++) {
    const page = await deps.orders.list({ ...query, after: cursorAt, limit: limit + 1 });
    const raw = page.slice(0, limit);
    let looked = 0;
    for (const o of raw) {
      looked++;
      if (keep(o)) shown.push(o);
      if (shown.length === limit) break;
    }
    const last = raw[looked - 1];
    const more = looked < raw.length || page.length > limit;
    nextCursor = more && last ? encodeCursor(last) : null;
    if (!more || !last || shown.length === limit) break;
    cursorAt = { at: last.submittedAt, id: last._id };
  }
  const name = await categoryNamer(deps);
  const now = deps.clock.now();
  const view: OrderListView = { items: shown.map((o) => summarize(o, name, now)), nextCursor };
  if (todo && !input.cursor && !input.status) {
    const mine = todoConditions(actor.openid, actor.grants);
    const left = (await deps.orders.list({ anyOf: leftConditions(actor.openid, actor.grants), order: 'newest', limit: LEFT_LIMIT * 2 }))
      .filter((o) => !(mine.some((c) => meets(o, c)) && actionable(o, actor)) && o.handlerOpenid !== actor.openid)
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .slice(0, LEFT_LIMIT);
    view.left = left.map((o) => summarize(o, name, now));
  }
  return view;
};
