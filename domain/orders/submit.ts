import { DomainError } from '../model/envelope';
import { formatBeijing, localHour } from '../time/beijing';
import type { OrgNode } from '../model/org';
import { resolvePlace } from '../org/place';
import type { Assignee, OrderDoc, OrderLevel, OrderPlace, Priority } from '../model/order';
import { nextWakeAt } from '../sla/clocks';
import { DUPLICATE_WINDOW_MS, suggestDuplicates } from './duplicates';
import { departmentOf, freshClocks, peopleOf, policyFor } from './escalation';
import type { Notification } from '../ports/orders';
import { decodeScene } from '../qr/scene';
import type { SubmitInput } from './api';
import { type Actor, actingRole, makeEvent, notifyAll, type OrdersDeps, requireCleanText, SYSTEM_ACTOR } from './deps';
import { decideRoute, type HandlerCandidate, matchRule, type RoutingContext, type RoutingDecision } from './routing';

export const INVALID_SCENE_MESSAGE = '二维码无效或已被篡改，请扫描楼栋门口的二维码';

/** The building/unit a scene points at; forged, edited or unknown scenes are refused. */
export const nodeFromScene = async (deps: Pick<OrdersDeps, 'orgs' | 'sign'>, scene: string): Promise<OrgNode> => {
  const decoded = decodeScene(scene, deps.sign);
  if (!decoded.ok || (decoded.scene.kind !== 'building' && decoded.scene.kind !== 'unit')) {
    throw new DomainError('INVALID_ARGUMENT', INVALID_SCENE_MESSAGE, { fields: [{ path: 'scene', message: INVALID_SCENE_MESSAGE }] });
  }
  const node = await deps.orgs.get(decoded.scene.id);
  if (!node || node.type !== decoded.scene.kind) throw new DomainError('NOT_FOUND', INVALID_SCENE_MESSAGE);
  return node;
};

const STAFF_FOR_PHONE = ['grid_worker', 'secretary'];

const coversPlace = (actor: Actor, node: OrgNode, roles: readonly string[]) =>
  actor.grants.some((g) => roles.includes(g.role) && (g.orgId === node._id || node.path.includes(g.orgId)));

/** Staff whose own scope covers a place: what they file there for themselves is what they found on patrol. */
const PATROL_STAFF = ['grid_worker', 'secretary', 'street_admin', 'district_admin'];

/**
 * The order's channel. Staff filing "for themselves" inside the area they look after are
 * reporting what they found (巡查上报): recorded as patrol, never as a resident's own request,
 * so they cannot rate it or count it in 满意率.
 */
const channelOf = (actor: Actor, node: OrgNode, input: Pick<SubmitInput, 'channel' | 'proxyFor'>): OrderDoc['channel'] => {
  const channel = input.channel ?? (input.proxyFor ? 'proxy' : 'self');
  return channel === 'self' && coversPlace(actor, node, PATROL_STAFF) ? 'patrol' : channel;
};

/** The people the router may pick from, with their current load. */
const routingContext = async (deps: OrdersDeps, place: OrderPlace, category: string): Promise<RoutingContext> => {
  const [community] = await deps.orgs.getMany([place.communityId]);
  const categories = await deps.categories.list();
  const departmentId = categories.find((c) => c._id === category)?.departmentId ?? null;
  const [department] = departmentId ? await deps.orgs.getMany([departmentId]) : [];
  const gridPeople = place.gridId ? await deps.people.withRole('grid_worker', place.gridId) : [];
  const volunteers = await deps.people.withRole('volunteer', place.communityId);
  const loads = await deps.people.openLoads([...gridPeople, ...volunteers].map((p) => p.openid));
  const asCandidate = (role: string) => (p: { openid: string; name: string; skills: string[]; lastAssignedAt: number }): HandlerCandidate => ({
    ...p,
    role,
    openLoad: loads.get(p.openid) ?? 0,
  });
  const gridWorkers = gridPeople.map(asCandidate('grid_worker'));
  return {
    communityId: place.communityId,
    communityName: (community?.name ?? '').replace(/社区$/, ''),
    gridId: place.gridId,
    gridWorkers,
    department: department ? { id: department._id, name: department.name } : null,
    responders: [...gridWorkers, ...volunteers.map(asCandidate('volunteer'))],
  };
};

/** Runs the routing rules for an order (used at submit, and again on reopen). */
export const routeOrder = async (
  deps: OrdersDeps,
  order: Pick<OrderDoc, 'category' | 'kind' | 'priority' | 'orgPath' | 'place' | 'submittedAt'>,
): Promise<RoutingDecision> => {
  const routable = { ...order, localHour: localHour(order.submittedAt) };
  const rule = matchRule(await deps.rules.list(), routable);
  if (!rule) throw new DomainError('FAILED_PRECONDITION', '系统未配置派单规则，请联系区级管理员');
  return decideRoute(rule, routable, await routingContext(deps, order.place, order.category));
};

/** Who hears about a newly assigned order. */
export const assignmentNotices = async (deps: OrdersDeps, order: OrderDoc, assignee: Assignee, approval: boolean): Promise<Notification[]> => {
  const title = approval ? '有诉求待您审批' : order.priority === 'emergency' ? '紧急求助，请立即响应' : '您有新的派单';
  const body = `${order.place.label}：${order.description.slice(0, 40)}`;
  const recipients = approval ? (await deps.people.withRole('secretary', order.place.communityId)).map((p) => p.openid) : await peopleOf(deps, assignee);
  return recipients.map((to) => ({ to, type: approval ? 'approval' : 'assigned', title, body, orderId: order._id }));
};

/**
 * 群众点单: creates the order from a QR scene (or an org the caller covers), routes it at
 * once (派单) and stores order + submit + route events together. The same idempotency
 * key from the same person lands on the same order.
 */
export const submitOrder = async (
  deps: OrdersDeps,
  actor: Actor,
  input: SubmitInput,
  idempotencyKey: string | undefined,
): Promise<{ order: OrderDoc; replayed: boolean }> => {
  const node = input.scene !== undefined ? await nodeFromScene(deps, input.scene) : await deps.orgs.get(input.orgId ?? '');
  if (!node) throw new DomainError('NOT_FOUND', '地点不存在');
  if (node.type !== 'building' && node.type !== 'unit' && node.type !== 'grid') {
    throw new DomainError('INVALID_ARGUMENT', '请选择具体的楼栋或单元', { fields: [{ path: 'orgId', message: '请选择具体的楼栋或单元' }] });
  }
  if (input.scene === undefined && !coversPlace(actor, node, ['resident', 'grid_worker', 'secretary', 'street_admin', 'district_admin'])) {
    throw new DomainError('FORBIDDEN', '请扫描该楼栋门口的二维码后再提交');
  }
  const channel = channelOf(actor, node, input);
  if (channel === 'phone' && !coversPlace(actor, node, STAFF_FOR_PHONE)) {
    throw new DomainError('FORBIDDEN', '电话登记只能由本社区网格员或书记录入');
  }
  if (channel === 'patrol' && !coversPlace(actor, node, PATROL_STAFF)) {
    throw new DomainError('FORBIDDEN', '巡查上报只能由负责该地点的工作人员提交');
  }
  await requireCleanText(deps, actor, 'description', input.description);
  const category = (await deps.categories.list()).find((c) => c._id === input.category);
  if (!category) throw new DomainError('INVALID_ARGUMENT', '请选择诉求类别', { fields: [{ path: 'category', message: '没有这个类别' }] });

  const now = deps.clock.now();
  // A retry with the same key lands on the same id: the insert below answers 'exists' and the
  // stored order is returned (no read before it: a fresh submit, the common case, saves a round trip).
  const id = idempotencyKey ? deps.ids.fromKey('ord', `${actor.openid}:${idempotencyKey}`) : deps.ids.next('ord');
  const kind = category.kind;
  const priority: Priority = kind === 'emergency' ? 'emergency' : (input.priority ?? 'normal');
  const { place } = await resolvePlace(deps.orgs, node);
  const orgPath = [...node.path, node._id];
  const decision = await routeOrder(deps, { category: category._id, kind, priority, orgPath, place, submittedAt: now });
  const status = decision.needsApproval ? 'pending_approval' : 'dispatched';
  const a = decision.assignee;
  const level: OrderLevel =
    a.kind === 'queue' && a.queue === 'department' ? 'department' : place.gridId && (a.kind === 'user' || a.queue === 'broadcast') ? 'grid' : 'community';
  const policy = await policyFor(deps, { category: category._id, kind, priority, orgPath });
  const clocks = freshClocks(policy, level, decision.needsApproval ? { ...a, kind: 'queue', queue: 'community', orgId: place.communityId, name: '' } : a, now);
  const order: OrderDoc = {
    _id: id,
    no: `${formatBeijing(now, 'YYYYMMDD')}-${id.slice(-4).toUpperCase()}`,
    status,
    level,
    version: 2,
    category: category._id,
    kind,
    priority,
    description: input.description,
    media: input.media ?? [],
    place,
    orgPath,
    channel,
    filedBy: actor.openid,
    residentOpenid: channel === 'self' ? actor.openid : null,
    ...(input.proxyFor ? { proxyFor: input.proxyFor } : {}),
    ...(input.contactPhone ? { contactPhone: input.contactPhone } : {}),
    assignee: decision.assignee,
    ...departmentOf(decision.assignee),
    handlerOpenid: null,
    awaitingInfo: null,
    rating: null,
    reopenCount: 0,
    flaggedForSecretary: false,
    needsReturnVisit: channel === 'proxy' || channel === 'phone',
    submittedAt: now,
    updatedAt: now,
    ...(idempotencyKey ? { idempotencyKey } : {}),
    slaPolicyId: policy?._id ?? null,
    promise: policy?.promise ?? null,
    clocks,
    wakeAt: nextWakeAt(clocks),
    promiseDueAt: clocks.find((c) => c.kind === 'resolve')?.dueAt ?? null,
    escalations: 0,
    bounceCount: 0,
  };
  const similar = await deps.orders.similarOpen(
    { gridId: place.gridId, communityId: place.communityId, category: category._id, since: now - DUPLICATE_WINDOW_MS },
    50,
  );
  const suggestions = suggestDuplicates(order, similar);
  if (suggestions.length > 0) order.suggestions = suggestions;
  const who = { openid: actor.openid, name: actor.name, role: actingRole(actor, order, channel === 'phone' ? STAFF_FOR_PHONE : channel === 'patrol' ? PATROL_STAFF : ['resident']) };
  const events = [
    makeEvent(deps, order, 1, 'submit', who, null, 'submitted', { data: { channel, category: category._id } }),
    makeEvent(deps, order, 2, 'route', SYSTEM_ACTOR, 'submitted', status, {
      data: { summary: decision.explanation, ruleId: decision.ruleId, assignee: decision.assignee.name, candidates: decision.candidates },
    }),
  ];
  if ((await deps.orders.create(order, events)) === 'exists') {
    const existing = await deps.orders.get(id);
    if (existing) return { order: existing, replayed: true };
  }
  if (decision.assignee.kind === 'user') await deps.people.markAssigned(decision.assignee.openid, now);
  await notifyAll(deps, await assignmentNotices(deps, order, decision.assignee, decision.needsApproval));
  return { order, replayed: false };
};
