import { z } from 'zod';
import {
  CHANNELS,
  ORDER_KINDS,
  OPEN_STATES,
  ORDER_STATES,
  PRIORITIES,
  type Channel,
  type OrderEventType,
  type OrderKind,
  type OrderLevel,
  type OrderState,
  type Priority,
} from '../model/order';
import { ORDER_MEDIA_MAX, ORDER_TEXT_LIMITS, type OrderTextField } from './limits';
import { MOBILE_PHONE, MOBILE_PHONE_MESSAGE } from '../model/phone';
import { FILE_ID as SHARED_FILE_ID } from '../model/media';
import { text as sharedText } from '../model/text';

/**
 * The `orders` function's contract: payload schemas (validated by the function, typed
 * for the app) and the views it answers with. Every string has a length limit; ids
 * have a charset that keeps operator injection out.
 */

export const ID = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, '编号格式不正确');
export const CATEGORY_ID = z.string().min(1).max(32).regex(/^[a-z][a-z0-9_]*$/, '分类格式不正确');
/** A mainland mobile number. */
export const PHONE = z.string().regex(MOBILE_PHONE, MOBILE_PHONE_MESSAGE);
/** An uploaded file: a CloudBase fileID or a file stored by the local host (shape only; ownership is the function's check). */
export const FILE_ID = SHARED_FILE_ID;
export const MAX_MEDIA = ORDER_MEDIA_MAX;

/** Free text from people: the shared text schema (trimmed, bounded, nothing hidden). */
export const text = sharedText;

/** A free-text field with the limits of ./limits.ts. */
const limited = (field: OrderTextField) => text(ORDER_TEXT_LIMITS[field].min, ORDER_TEXT_LIMITS[field].max);

export const SCENE = z.string().min(1).max(32);

export const submitInput = z
  .strictObject({
    scene: SCENE.optional(),
    orgId: ID.optional(),
    category: CATEGORY_ID,
    description: limited('description'),
    kind: z.enum(ORDER_KINDS).optional(),
    priority: z.enum(PRIORITIES).optional(),
    channel: z.enum(CHANNELS).optional(),
    contactPhone: PHONE.optional(),
    proxyFor: z.strictObject({ name: limited('proxyName'), phone: PHONE.optional() }).optional(),
    media: z.array(FILE_ID).max(MAX_MEDIA, `最多${MAX_MEDIA}张照片`).optional(),
  })
  .refine((v) => (v.scene === undefined) !== (v.orgId === undefined), { message: '请扫描楼栋二维码或选择地点（二选一）', path: ['scene'] })
  .refine((v) => v.channel !== 'proxy' || v.proxyFor !== undefined, { message: '代办需要填写被代办居民的称呼', path: ['proxyFor'] });
export type SubmitInput = z.input<typeof submitInput>;

export const idInput = z.strictObject({ id: ID });
export const claimInput = z.strictObject({ id: ID, version: z.number().int().min(1).max(1_000_000) });
export const reasonInput = z.strictObject({ id: ID, reason: limited('reason') });
export const cancelInput = z.strictObject({ id: ID, reason: limited('cancelReason').optional() });
export const resolveInput = z.strictObject({
  id: ID,
  note: limited('resolveNote'),
  media: z.array(FILE_ID).max(MAX_MEDIA, `最多${MAX_MEDIA}张照片`).optional(),
});
export const noteInput = z.strictObject({ id: ID, note: limited('note') });
export const requestInfoInput = z.strictObject({ id: ID, question: limited('question') });
export const CONTACT_HOW = ['reply', 'call', 'arrive'] as const;
/** 联系居民: a reply, a call logged or arrival on site, with what was said or found. */
export const contactInput = z.strictObject({ id: ID, how: z.enum(CONTACT_HOW), note: limited('note') });
export const replyInput = z.strictObject({ id: ID, answer: limited('answer') });
const STAR = z.number().int().min(1).max(5);
export const rateInput = z.strictObject({
  id: ID,
  stars: STAR,
  dims: z.strictObject({ speed: STAR.optional(), attitude: STAR.optional(), result: STAR.optional() }).optional(),
  tags: z.array(limited('ratingTag')).max(5).optional(),
  comment: limited('ratingComment').optional(),
});
export const dispatchInput = z.strictObject({
  id: ID,
  to: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('user'), openid: ID }),
    z.strictObject({ kind: z.literal('queue'), queue: z.enum(['community', 'department', 'wish_wall']), orgId: ID }),
  ]),
  reason: limited('reason'),
});
export const mergeInput = z.strictObject({
  id: ID,
  childIds: z.array(ID).min(1).max(20),
  reason: limited('reason'),
});

export const VERIFY_OUTCOMES = ['accept', 'return'] as const;
/** 验收: accept (a note is optional) or return to the handler (a reason is required). */
export const verifyInput = z
  .strictObject({ id: ID, outcome: z.enum(VERIFY_OUTCOMES), note: limited('verifyNote').optional() })
  .refine((v) => v.outcome === 'accept' || (v.note ?? '').length >= ORDER_TEXT_LIMITS.verifyNote.returnMin, {
    message: `退回需要说明原因（至少${ORDER_TEXT_LIMITS.verifyNote.returnMin}个字）`,
    path: ['note'],
  });

export const approveManyInput = z.strictObject({ ids: z.array(ID).min(1).max(50) });

export interface ApproveManyResult {
  approved: string[];
  failed: { id: string; code: string; message: string }[];
}

export const LIST_BOXES = ['mine', 'todo', 'org', 'overdue'] as const;
/** Status chips of the lists: one state, or a group of states. */
export const STATUS_GROUPS = {
  active: OPEN_STATES,
  to_rate: ['resolved'],
  done: ['closed', 'rejected', 'cancelled', 'merged'],
} as const satisfies Record<string, readonly OrderState[]>;

export const listInput = z.strictObject({
  box: z.enum(LIST_BOXES),
  status: z.union([z.enum(ORDER_STATES), z.enum(['active', 'to_rate', 'done'])]).optional(),
  orgId: ID.optional(),
  cursor: z.string().max(200).regex(/^[A-Za-z0-9_-]*$/).optional(),
  limit: z.number().int().min(1).max(50).optional(),
});
export type ListInput = z.input<typeof listInput>;

/** What the viewer may do with the order right now (computed on the server). */
export interface OrderAbilities {
  claim: boolean;
  bounce: boolean;
  start: boolean;
  resolve: boolean;
  requestInfo: boolean;
  reply: boolean;
  addNote: boolean;
  rate: boolean;
  /** The rater may still change the rating (once, within 24 h). */
  editRating: boolean;
  cancel: boolean;
  approve: boolean;
  reject: boolean;
  dispatch: boolean;
  /** 验收 (accept or return) a patrol order's resolution. */
  verify: boolean;
  /** 联系居民 (meets the reply clock). */
  contact: boolean;
}

export interface OrderSummaryView {
  id: string;
  no: string;
  status: OrderState;
  statusLabel: string;
  level: OrderLevel;
  category: string;
  categoryName: string;
  kind: OrderKind;
  priority: Priority;
  /** First 60 characters. */
  excerpt: string;
  placeLabel: string;
  assigneeName: string;
  submittedAt: number;
  updatedAt: number;
  awaitingInfo: boolean;
  flaggedForSecretary: boolean;
  version: number;
  levelLabel: string;
  /** When the clock that matters now falls due (null = no promise running). */
  dueAt: number | null;
  /** Past that time and still open. */
  overdue: boolean;
  /** The resident's promise deadline (submission + the policy's resolve time); null when none. */
  promiseDueAt: number | null;
  /** Times the order moved up the ladder. */
  escalations: number;
  /** Which clock `dueAt` is (接单 / 办结 …): lists only; the order view has every clock. */
  dueKind?: ClockView['kind'] | null;
  /** The resident's stars once rated (null = not rated): lists only. */
  stars?: number | null;
}

export interface ClockView {
  kind: 'dispatch' | 'respond' | 'reply' | 'resolve';
  label: string;
  level: OrderLevel;
  dueAt: number;
  metAt: number | null;
  breachedAt: number | null;
  /** Stopped without being met or breached (the order moved to another level). */
  stoppedAt: number | null;
  paused: boolean;
}

export interface OrderView extends OrderSummaryView {
  description: string;
  media: string[];
  place: { orgId: string; label: string; gridId: string | null; communityId: string };
  channel: Channel;
  /** Masked (138****0001) unless the viewer is the filer or the current handler. */
  contactPhone: string | null;
  proxyFor: { name: string; phone: string | null } | null;
  assignee: { kind: 'user' | 'queue'; name: string; queue?: string };
  handlerName: string | null;
  awaitingInfoQuestion: string | null;
  rating: {
    stars: number;
    dims?: Record<string, number>;
    tags?: string[];
    comment?: string;
    at: number;
    byProxy: boolean;
    /** When the rater changed it, and what they gave first. */
    editedAt: number | null;
    firstStars: number | null;
    /** Until when the rater may still change it (null = no longer). */
    editableUntil: number | null;
  } | null;
  resolution: { note: string; media: string[]; at: number } | null;
  reopenCount: number;
  needsReturnVisit: boolean;
  claimedAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  /** The resident-facing promise of the SLA policy, e.g. "24小时内解决". */
  promise: string | null;
  clocks: ClockView[];
  /** Similar open orders (共性诉求 candidates), shown to staff only. */
  suggestions: { id: string; no: string; score: number; sameBuilding: boolean }[];
  /** For a merged order: the parent it now follows. */
  parentId: string | null;
  /** For a parent: how many orders were merged into it. */
  childCount: number;
  can: OrderAbilities & { escalate: boolean; merge: boolean };
}

export interface TimelineEntryView {
  seq: number;
  at: number;
  type: OrderEventType;
  /** Chinese sentence for the timeline, e.g. "赵敏（网格员）接单". */
  label: string;
  actorName: string;
  from: OrderState | null;
  to: OrderState;
  reason: string | null;
}

export interface OrderListView {
  items: OrderSummaryView[];
  /** Pass back as `cursor` for the next page; null at the end. */
  nextCursor: string | null;
  /** 待办's first page only: 已上报, unresolved orders that left the caller (sent up the ladder, now someone else's); no actions. */
  left?: OrderSummaryView[];
}

export interface SubmitResult {
  order: OrderView;
  /** True when the idempotency key had already created this order (a retry). */
  replayed: boolean;
}
