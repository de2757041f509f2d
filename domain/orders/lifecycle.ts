import { DomainError } from '../model/envelope';
import { HANDLING_STATES, ORDER_STATE_LABELS, type OrderState, UNRESOLVED_STATES } from '../model/order';

/**
 * The order lifecycle as an explicit transition table: for every action, the states it
 * may start from and the state it leads to. Nothing else moves an order.
 * `stay` = the action records an event but keeps the state (notes, questions, replies).
 */
export const ORDER_ACTIONS = [
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
  'contact',
  'resolve',
  'resolve_to_verify',
  'verify_close',
  'verify_accept',
  'verify_return',
  'rate_close',
  'rate_reopen',
  'rate_edit',
  'rate_edit_reopen',
  'cancel',
  'escalate',
  'merge_into',
  'absorb',
  'close_unrated',
  'reopen_visit',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

type Target = OrderState | 'stay';

interface Transition {
  from: readonly OrderState[];
  to: Target;
}

const ACTIVE = UNRESOLVED_STATES;

export const TRANSITIONS: Readonly<Record<OrderAction, Transition>> = {
  /** The router's decision right after submit: straight to a handler or to the secretary for approval. */
  route: { from: ['submitted'], to: 'dispatched' },
  approve: { from: ['pending_approval'], to: 'dispatched' },
  reject: { from: ['submitted', 'pending_approval', 'dispatched'], to: 'rejected' },
  /** Manual (re-)dispatch by the secretary. */
  dispatch: { from: ['submitted', 'pending_approval', 'dispatched'], to: 'dispatched' },
  claim: { from: ['dispatched'], to: 'claimed' },
  /** 退单: the handler hands it back to the dispatcher with a reason. */
  bounce: { from: HANDLING_STATES, to: 'dispatched' },
  start: { from: ['claimed'], to: 'in_progress' },
  note: { from: [...ACTIVE, 'verifying'], to: 'stay' },
  request_info: { from: HANDLING_STATES, to: 'stay' },
  reply: { from: HANDLING_STATES, to: 'stay' },
  /** The handler gets back to the resident (a reply, a call, arrival on site): meets the reply clock. */
  contact: { from: HANDLING_STATES, to: 'stay' },
  resolve: { from: HANDLING_STATES, to: 'resolved' },
  /** A resolution that waits for someone else's 验收 (see ./acceptance.ts). */
  resolve_to_verify: { from: HANDLING_STATES, to: 'verifying' },
  /** 验收通过 of a patrol order: it closes (it is never rated). */
  verify_close: { from: ['verifying'], to: 'closed' },
  /** 网格员确认验收 of a street's / department's resolution: now the resident rates it. */
  verify_accept: { from: ['verifying'], to: 'resolved' },
  /** 验收退回: back to its handler with a reason. */
  verify_return: { from: ['verifying'], to: 'in_progress' },
  /** Rated ≥3 stars: the loop is closed. */
  rate_close: { from: ['resolved'], to: 'closed' },
  /** Rated ≤2 stars: back to a handler at the same level, flagged to the secretary. */
  rate_reopen: { from: ['resolved'], to: 'dispatched' },
  /** The rater changes a closing rating (once, within 24 h) and it stays ≥3 stars. */
  rate_edit: { from: ['closed'], to: 'stay' },
  /** …or lowers it to ≤2 stars: reopened like a first low rating. */
  rate_edit_reopen: { from: ['closed'], to: 'dispatched' },
  /** The resident withdraws before anyone has claimed it. */
  cancel: { from: ['submitted', 'pending_approval', 'dispatched'], to: 'cancelled' },
  /** 吹哨: up one level of the ladder, to be claimed afresh there (报到). */
  escalate: { from: ACTIVE, to: 'dispatched' },
  /** 共性诉求: this order is merged into a parent and follows it from now on. */
  merge_into: { from: ACTIVE, to: 'merged' },
  /** The parent takes in merged children (stays where it is). */
  absorb: { from: ACTIVE, to: 'stay' },
  /** No rating 48 h after resolution: the loop closes as unrated and a return visit is due. */
  close_unrated: { from: ['resolved'], to: 'closed' },
  /** A return visit found the resident not satisfied: back to a handler. */
  reopen_visit: { from: ['resolved', 'closed'], to: 'dispatched' },
};

/** Special case of `route`: a rule that requires the secretary's approval first. */
export const ROUTE_TO_APPROVAL: OrderState = 'pending_approval';

export const canApply = (action: OrderAction, state: OrderState): boolean => TRANSITIONS[action].from.includes(state);

/** The state after `action`, or FAILED_PRECONDITION naming the current state. */
export const nextState = (action: OrderAction, state: OrderState): OrderState => {
  const t = TRANSITIONS[action];
  if (!t.from.includes(state)) {
    throw new DomainError('FAILED_PRECONDITION', `诉求当前为“${ORDER_STATE_LABELS[state]}”，不能进行此操作`, {
      state,
      action,
      allowedFrom: [...t.from],
    });
  }
  return t.to === 'stay' ? state : t.to;
};

export const isTerminal = (state: OrderState): boolean =>
  !Object.values(TRANSITIONS).some((t) => t.from.includes(state));
