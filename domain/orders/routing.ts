import type { Assignee, OrderKind, Priority } from '../model/order';

/**
 * Routing is data (docs/architecture.md): rules are documents, tried in `order`;
 * the first enabled rule whose `match` fits decides the target. Among eligible
 * handlers: skills, then least open load, then round-robin (longest since last
 * assignment). Every decision carries its explanation, stored on the route event.
 */

export const ROUTE_TARGETS = ['grid_worker', 'community_queue', 'department', 'wish_wall', 'emergency_broadcast'] as const;
export type RouteTargetType = (typeof ROUTE_TARGETS)[number];

export interface RoutingRule {
  _id: string;
  name: string;
  order: number;
  enabled: boolean;
  match: {
    categories?: string[];
    kinds?: OrderKind[];
    priorities?: Priority[];
    /** Only orders under this org node. */
    orgId?: string;
    /** Local hours [from, to) in which the rule applies, e.g. [22, 7] for nights. */
    hours?: [number, number];
  };
  target: { type: RouteTargetType; approval?: boolean };
}

export interface RoutableOrder {
  category: string;
  kind: OrderKind;
  priority: Priority;
  orgPath: readonly string[];
  /** Local hour of submission (0–23), computed by the caller in the district's time zone. */
  localHour: number;
}

const inHours = (hour: number, [from, to]: [number, number]) => (from <= to ? hour >= from && hour < to : hour >= from || hour < to);

export const ruleMatches = (rule: RoutingRule, order: RoutableOrder): boolean => {
  const m = rule.match;
  if (!rule.enabled) return false;
  if (m.categories && !m.categories.includes(order.category)) return false;
  if (m.kinds && !m.kinds.includes(order.kind)) return false;
  if (m.priorities && !m.priorities.includes(order.priority)) return false;
  if (m.orgId && !order.orgPath.includes(m.orgId)) return false;
  if (m.hours && !inHours(order.localHour, m.hours)) return false;
  return true;
};

export const matchRule = (rules: readonly RoutingRule[], order: RoutableOrder): RoutingRule | undefined =>
  [...rules].sort((a, b) => a.order - b.order || a._id.localeCompare(b._id)).find((r) => ruleMatches(r, order));

export interface HandlerCandidate {
  openid: string;
  name: string;
  role: string;
  skills: readonly string[];
  /** Orders this person holds that are not finished. */
  openLoad: number;
  /** When this person was last given an order (0 = never). */
  lastAssignedAt: number;
}

/** Skills first, then least open load, then round-robin; answers the choice and why. */
export const chooseHandler = (
  candidates: readonly HandlerCandidate[],
  category: string,
): { chosen: HandlerCandidate; why: string } | undefined => {
  if (candidates.length === 0) return undefined;
  const skilled = candidates.filter((c) => c.skills.includes(category));
  const pool = skilled.length > 0 ? skilled : candidates;
  const sorted = [...pool].sort(
    (a, b) => a.openLoad - b.openLoad || a.lastAssignedAt - b.lastAssignedAt || a.openid.localeCompare(b.openid),
  );
  const chosen = sorted[0];
  const reasons: string[] = [];
  if (skilled.length > 0) reasons.push(`擅长此类（${skilled.length}/${candidates.length}人）`);
  if (pool.length > 1) {
    const tiedOnLoad = pool.filter((c) => c.openLoad === chosen.openLoad).length;
    reasons.push(tiedOnLoad > 1 ? `在办${chosen.openLoad}件，与${tiedOnLoad - 1}人并列，轮到TA` : `在办最少（${chosen.openLoad}件）`);
  }
  return { chosen, why: reasons.length > 0 ? reasons.join('；') : '唯一人选' };
};

/** What the router needs to know about the place and its people to pick a target. */
export interface RoutingContext {
  communityId: string;
  communityName: string;
  gridId: string | null;
  gridWorkers: HandlerCandidate[];
  /** The department answering for the category at district level, if any. */
  department: { id: string; name: string } | null;
  /** Grid workers and on-duty volunteers nearby, for an emergency broadcast. */
  responders: HandlerCandidate[];
}

export interface RoutingDecision {
  ruleId: string;
  ruleName: string;
  assignee: Assignee;
  needsApproval: boolean;
  explanation: string;
  candidates: { openid: string; name: string; openLoad: number }[];
}

const communityQueue = (ctx: RoutingContext): Assignee => ({
  kind: 'queue',
  queue: 'community',
  orgId: ctx.communityId,
  name: `${ctx.communityName}社区派单`,
});

/** Turns the matched rule into a concrete assignee, falling back to the community queue. */
export const decideRoute = (rule: RoutingRule, order: RoutableOrder, ctx: RoutingContext): RoutingDecision => {
  const base = { ruleId: rule._id, ruleName: rule.name, needsApproval: rule.target.approval === true };
  const listed = (cs: readonly HandlerCandidate[]) => cs.map((c) => ({ openid: c.openid, name: c.name, openLoad: c.openLoad }));
  switch (rule.target.type) {
    case 'grid_worker': {
      const pick = chooseHandler(ctx.gridWorkers, order.category);
      if (!pick) {
        return { ...base, assignee: communityQueue(ctx), candidates: [], explanation: `规则“${rule.name}”：本网格暂无网格员，转社区派单` };
      }
      return {
        ...base,
        assignee: { kind: 'user', openid: pick.chosen.openid, name: pick.chosen.name, role: pick.chosen.role },
        candidates: listed(ctx.gridWorkers),
        explanation: `规则“${rule.name}”：派给网格员${pick.chosen.name}（${pick.why}）`,
      };
    }
    case 'department':
      if (!ctx.department) {
        return { ...base, assignee: communityQueue(ctx), candidates: [], explanation: `规则“${rule.name}”：该类别未指定职能部门，转社区派单` };
      }
      return {
        ...base,
        assignee: { kind: 'queue', queue: 'department', orgId: ctx.department.id, name: ctx.department.name },
        candidates: [],
        explanation: `规则“${rule.name}”：按类别派给${ctx.department.name}`,
      };
    case 'wish_wall':
      return {
        ...base,
        assignee: { kind: 'queue', queue: 'wish_wall', orgId: ctx.communityId, name: `${ctx.communityName}心愿墙` },
        candidates: [],
        explanation: `规则“${rule.name}”：发布到${ctx.communityName}心愿墙，报到党员认领`,
      };
    case 'emergency_broadcast': {
      if (ctx.responders.length === 0) {
        return { ...base, assignee: communityQueue(ctx), candidates: [], explanation: `规则“${rule.name}”：附近暂无在岗人员，转社区立即处置` };
      }
      return {
        ...base,
        assignee: {
          kind: 'queue',
          queue: 'broadcast',
          orgId: ctx.gridId ?? ctx.communityId,
          name: '紧急呼叫（附近在岗人员）',
          candidates: ctx.responders.map((r) => r.openid),
        },
        candidates: listed(ctx.responders),
        explanation: `规则“${rule.name}”：紧急广播给${ctx.responders.length}名附近在岗人员，先接先办`,
      };
    }
    case 'community_queue':
    default:
      return { ...base, assignee: communityQueue(ctx), candidates: [], explanation: `规则“${rule.name}”：进入社区派单队列，由社区书记派单` };
  }
};

/** The built-in rules a new district starts with (editable data, seeded once). */
export const DEFAULT_ROUTING_RULES: RoutingRule[] = [
  { _id: 'rule-emergency', name: '紧急求助广播', order: 10, enabled: true, match: { kinds: ['emergency'] }, target: { type: 'emergency_broadcast' } },
  { _id: 'rule-emergency-priority', name: '特急诉求广播', order: 11, enabled: true, match: { priorities: ['emergency'] }, target: { type: 'emergency_broadcast' } },
  { _id: 'rule-wish', name: '微心愿上心愿墙', order: 20, enabled: true, match: { kinds: ['wish'] }, target: { type: 'wish_wall' } },
  { _id: 'rule-property', name: '物业服务需书记审批', order: 30, enabled: true, match: { categories: ['property'] }, target: { type: 'community_queue', approval: true } },
  { _id: 'rule-dispute', name: '矛盾纠纷由社区调解', order: 40, enabled: true, match: { categories: ['dispute', 'policy'] }, target: { type: 'community_queue' } },
  { _id: 'rule-default', name: '小事不出网格', order: 1000, enabled: true, match: {}, target: { type: 'grid_worker' } },
];
