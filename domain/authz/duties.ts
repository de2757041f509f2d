import { DomainError } from '../model/envelope';
import type { OrderDoc } from '../model/order';

/**
 * Separation of duties — nobody marks their own work.
 *
 * RedGrid's figures (满意率, 按时办结率, service hours, points, the half-year review) judge
 * people. This module names, for every act that produces a mark or a value, whose
 * involvement disqualifies the actor. Use cases ask `requireSeparate(act, actor, parties)`
 * with the parties of the thing acted on; the matrix test checks every act here with the
 * same person on both sides. A refusal is FORBIDDEN with a message that says why.
 */
export const DUTY_ACTS = [
  /** Claim / start / resolve an order one filed, when handling it earns points or counts as one's service. */
  'handle',
  /** Rate (or change the rating of) an order one handled at any level. */
  'rate',
  /** Make the return visit (回访) of an order one handled, or filed as staff for someone else. */
  'visit',
  /** Accept (验收) the work on an order one handled or reported. */
  'verify',
  /** Approve, reject, suspend, reinstate or move one's own 双报到 registration. */
  'decide_registration',
  /** Confirm one's own check-in session. */
  'confirm_session',
  /** Approve or reject one's own redemption. */
  'decide_redemption',
  /** Adjust one's own points. */
  'adjust_points',
  /** Open the station duty screen (the live check-in code) while on that station's rota. */
  'show_duty_code',
  /** Delegate to oneself, or act as a deputy on oneself. */
  'delegate',
] as const;
export type DutyAct = (typeof DUTY_ACTS)[number];

export const DUTY_MESSAGES: Readonly<Record<DutyAct, string>> = {
  handle: '不能办理自己提交的诉求',
  rate: '不能评价自己办理的诉求',
  visit: '不能回访自己办理或代为提交的诉求',
  verify: '不能验收自己办理或上报的诉求',
  decide_registration: '不能审批自己的双报到登记',
  confirm_session: '不能确认自己的签到记录',
  decide_redemption: '不能审批自己的兑换申请',
  adjust_points: '不能调整自己的积分',
  show_duty_code: '值班签到码需由书记或站点管理员出示，不能自己取码签到',
  delegate: '不能委托给自己',
};

type Party = string | null | undefined;

/** True when the actor is one of the parties (the act would let them mark their own work). */
export const conflicts = (actor: string, parties: readonly Party[]): boolean => parties.some((p) => !!p && p === actor);

/** Refuses the act when the actor is one of its parties. */
export const requireSeparate = (act: DutyAct, actor: string, parties: readonly Party[]): void => {
  if (conflicts(actor, parties)) throw new DomainError('FORBIDDEN', DUTY_MESSAGES[act], { duty: act });
};

// ---- The parties of an order -------------------------------------------------------------

/** Kinds whose handling pays points to the handler. */
export const EARNING_KINDS: readonly OrderDoc['kind'][] = ['wish', 'emergency'];

type OrderParties = Pick<OrderDoc, 'filedBy' | 'residentOpenid' | 'channel' | 'kind' | 'handlerOpenid' | 'resolution'> & {
  handledBy?: readonly string[] | null;
};

/** Who asked for it: the filer and the resident it is for. */
export const orderFilers = (order: OrderParties): string[] => [...new Set([order.filedBy, order.residentOpenid].filter((x): x is string => !!x))];

/** Everyone who held it at any level (claimers, the current handler, whoever resolved it). */
export const orderHandlers = (order: OrderParties): string[] =>
  [...new Set([...(order.handledBy ?? []), order.handlerOpenid, order.resolution?.by].filter((x): x is string => !!x))];

/** Staff who filed it for someone else (proxy, phone, hotline) or reported it on patrol. */
export const staffFiler = (order: OrderParties): string[] => (order.channel !== 'self' ? [order.filedBy] : []);

/**
 * The people an act on this order may not be performed by.
 * - handle: the filers, when the order pays points (wish, emergency) or is one's own request
 *   (channel self); a patrol, proxy or phone order its staff filer may handle — it is then
 *   never rated, visited or verified by them.
 * - rate: everyone who handled it.
 * - visit / verify: everyone who handled it and the staff who filed it.
 */
export const orderParties = (act: 'handle' | 'rate' | 'visit' | 'verify', order: OrderParties): string[] => {
  switch (act) {
    case 'handle':
      return order.channel === 'self' || EARNING_KINDS.includes(order.kind) ? orderFilers(order) : [];
    case 'rate':
      return orderHandlers(order);
    case 'visit':
    case 'verify':
      return [...new Set([...orderHandlers(order), ...staffFiler(order)])];
  }
};

/** May this person perform the act on the order (as far as separation of duties goes)? */
export const maySeparately = (act: 'handle' | 'rate' | 'visit' | 'verify', actor: string, order: OrderParties): boolean =>
  !conflicts(actor, orderParties(act, order));

export const requireSeparateOnOrder = (act: 'handle' | 'rate' | 'visit' | 'verify', actor: string, order: OrderParties): void =>
  requireSeparate(act, actor, orderParties(act, order));
