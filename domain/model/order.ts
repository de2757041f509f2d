/** Orders (诉求): the resident's request and everything that happens to it. */
import type { SlaClock } from '../sla/clocks';
import type { OrderKind, OrderLevel, Priority } from './order-kinds';

export { ORDER_KINDS, ORDER_LEVEL_LABELS, ORDER_LEVELS, PRIORITIES, PRIORITY_LABELS } from './order-kinds';
export type { OrderKind, OrderLevel, Priority } from './order-kinds';

export const ORDER_STATES = [
  'submitted',
  'pending_approval',
  'dispatched',
  'claimed',
  'in_progress',
  'verifying',
  'resolved',
  'closed',
  'rejected',
  'cancelled',
  'merged',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

/** State is data; the label a person reads is separate (FixMyStreet's state vs label). */
export const ORDER_STATE_LABELS: Record<OrderState, string> = {
  submitted: '已提交',
  pending_approval: '待审批',
  dispatched: '待接单',
  claimed: '已接单',
  in_progress: '办理中',
  verifying: '待验收',
  resolved: '已办结',
  closed: '已评价',
  rejected: '未受理',
  cancelled: '已撤回',
  merged: '已合并',
};

/** States before anyone has resolved it: still to be approved, dispatched, claimed or handled. */
export const UNRESOLVED_STATES: readonly OrderState[] = ['submitted', 'pending_approval', 'dispatched', 'claimed', 'in_progress'];
/** States in which someone still owes the resident something (including the 验收 of a resolution). */
export const OPEN_STATES: readonly OrderState[] = [...UNRESOLVED_STATES, 'verifying'];
/** States that count against a handler's cap of open orders. */
export const HANDLING_STATES: readonly OrderState[] = ['claimed', 'in_progress'];

/** Whose workload an order is (routing balances on it): its handler's while held, its assignee's while dispatched to a person. */
export const loadHolder = (o: Pick<OrderDoc, 'status' | 'handlerOpenid' | 'assignee'>): string | undefined => {
  if (o.status === 'dispatched') return o.assignee.kind === 'user' ? o.assignee.openid : undefined;
  return HANDLING_STATES.includes(o.status) ? (o.handlerOpenid ?? undefined) : undefined;
};

/**
 * How the order came in: the resident themself, a neighbour or staff filing for someone (proxy),
 * a call staff logged (phone), or what staff found on their own rounds (patrol: never rated by
 * its handler, verified by someone else, never counted in 满意率).
 */
export const CHANNELS = ['self', 'proxy', 'phone', 'patrol'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Where the order is anchored in the org tree (from the QR scene or chosen by staff). */
export interface OrderPlace {
  orgId: string;
  label: string;
  buildingId: string | null;
  gridId: string | null;
  communityId: string;
  streetId: string;
  districtId: string;
}

/**
 * Who holds the order now: one person, or a queue whose members may claim it
 * (community secretary queue, a department, the community wish wall, or a broadcast
 * to named candidates).
 */
export type Assignee =
  | { kind: 'user'; openid: string; name: string; role: string }
  | {
      kind: 'queue';
      queue: 'community' | 'street' | 'department' | 'district' | 'wish_wall' | 'broadcast';
      orgId: string;
      name: string;
      candidates?: string[];
    };

export interface Rating {
  stars: number;
  dims?: { speed?: number; attitude?: number; result?: number };
  tags?: string[];
  comment?: string;
  at: number;
  by: string;
  byProxy: boolean;
  /** Set when the rater changed it (once, within 24 h); firstStars keeps what they gave first. */
  editedAt?: number;
  firstStars?: number;
}

export interface OrderDoc {
  _id: string;
  /** Human reference shown to people, e.g. 20260302-0007. */
  no: string;
  status: OrderState;
  level: OrderLevel;
  version: number;
  category: string;
  kind: OrderKind;
  priority: Priority;
  description: string;
  media: string[];
  place: OrderPlace;
  /** place.orgId and its ancestors: "every order under X" is one indexed query. */
  orgPath: string[];
  channel: Channel;
  /** Who filed it (the resident, the proxy filer or the grid worker who took the call). */
  filedBy: string;
  /** The resident the order is for (= filedBy for self-filed). */
  residentOpenid: string | null;
  proxyFor?: { name: string; phone?: string };
  contactPhone?: string;
  assignee: Assignee;
  /** The person handling it once claimed (kept on the order for load counts and privacy). */
  handlerOpenid: string | null;
  /** Everyone who ever claimed it, at any level (separation of duties: none of them rates, visits or verifies it). */
  handledBy?: string[];
  /** 验收 of a resolution (a patrol order's, or a street's / department's by the grid worker) by someone other than its handler and reporter. */
  verification?: { by: string; at: number; note: string } | null;
  /** Times a resolution was returned at 验收 (the second climbs the ladder). */
  acceptanceReturns?: number;
  /** 区级督办提醒 so far, and when the next one falls due (the top of the ladder reminds with a back-off). */
  topReminders?: number;
  topReminderAt?: number | null;
  awaitingInfo?: { question: string; askedAt: number; askedBy: string } | null;
  rating?: Rating | null;
  reopenCount: number;
  flaggedForSecretary: boolean;
  needsReturnVisit: boolean;
  submittedAt: number;
  updatedAt: number;
  claimedAt?: number | null;
  resolvedAt?: number | null;
  closedAt?: number | null;
  resolution?: { note: string; media: string[]; at: number; by: string } | null;
  idempotencyKey?: string;
  /** SLA: the policy that applies, its promise to the resident, and the clocks (all levels, for history). */
  slaPolicyId?: string | null;
  promise?: string | null;
  clocks?: SlaClock[];
  /** The resident's promise: submission + the policy's resolve time. Keeps running across escalations; indexed. */
  promiseDueAt?: number | null;
  /** Next instant the sweep must look at this order (reminder or breach); indexed. null = nothing due. */
  wakeAt?: number | null;
  /** How many times this order moved up the ladder, and how often handlers handed it back. */
  escalations?: number;
  bounceCount?: number;
  /** Similar open orders found at submit (共性诉求 suggestions for the handler). */
  suggestions?: { id: string; no: string; score: number; sameBuilding: boolean }[];
  /** Merged into this parent (a 共性诉求); the parent lists its children and whom to tell. */
  parentId?: string | null;
  childIds?: string[];
  followers?: string[];
  /**
   * The department that took it on (部门报到), kept once set: its scores follow the order after an
   * officer claims it or it moves on. Indexed (evidence of a department's numbers).
   */
  departmentId?: string | null;
  /** Stars of the latest rating, kept when a low rating reopens the order (scores count it until re-rated). */
  lastStars?: number | null;
  /** The outcome of the latest return visit (回访), counted with the ratings. */
  visitOutcome?: 'satisfied' | 'partly' | 'not_satisfied' | null;
}

export const ORDER_EVENT_TYPES = [
  'submit',
  'route',
  'approve',
  'reject',
  'dispatch',
  'claim',
  'bounce',
  'start',
  'note',
  'request_info',
  'reply',
  'resolve',
  'rate',
  'reopen',
  'cancel',
  'escalate',
  'remind',
  'merge',
  'visit',
  'verify',
  'contact',
] as const;
export type OrderEventType = (typeof ORDER_EVENT_TYPES)[number];

export interface OrderEventDoc {
  _id: string;
  orderId: string;
  /** = the order version this event produced. */
  seq: number;
  at: number;
  type: OrderEventType;
  actor: { openid: string; name: string; role: string };
  from: OrderState | null;
  to: OrderState;
  reason?: string;
  data?: Record<string, unknown>;
}
