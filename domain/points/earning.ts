import type { OrderKind } from '../model/order';

/**
 * Earning rules are data (`points_rules`): points per block of confirmed service time
 * at a station, and points per completed order of a kind (a 微心愿 fulfilled). A rule
 * of a community overrides the district-wide default (communityId null).
 */

export type EarningRule =
  | { _id: string; kind: 'service_minutes'; communityId: string | null; perMinutes: number; points: number; enabled: boolean; label: string }
  | { _id: string; kind: 'order_closed'; communityId: string | null; orderKind: OrderKind; points: number; enabled: boolean; label: string };

export const DEFAULT_EARNING_RULES: EarningRule[] = [
  { _id: 'pr-service-minutes', kind: 'service_minutes', communityId: null, perMinutes: 30, points: 10, enabled: true, label: '驿站服务每30分钟10分' },
  { _id: 'pr-wish', kind: 'order_closed', communityId: null, orderKind: 'wish', points: 20, enabled: true, label: '完成一个微心愿20分' },
  { _id: 'pr-emergency', kind: 'order_closed', communityId: null, orderKind: 'emergency', points: 30, enabled: true, label: '参与紧急求助30分' },
];

const pick = <K extends EarningRule['kind']>(
  rules: readonly EarningRule[],
  kind: K,
  communityId: string,
  match: (r: Extract<EarningRule, { kind: K }>) => boolean = () => true,
): Extract<EarningRule, { kind: K }> | undefined => {
  const candidates = rules.filter((r): r is Extract<EarningRule, { kind: K }> => r.kind === kind && r.enabled).filter(match);
  return candidates.find((r) => r.communityId === communityId) ?? candidates.find((r) => r.communityId === null);
};

/** Points for confirmed minutes of service: whole blocks only (59 minutes at 10/30 min = 10). */
export const pointsForMinutes = (rules: readonly EarningRule[], communityId: string, minutes: number): number => {
  const rule = pick(rules, 'service_minutes', communityId);
  if (!rule || rule.perMinutes <= 0 || minutes <= 0) return 0;
  return Math.floor(minutes / rule.perMinutes) * rule.points;
};

/** The part of an order that earning looks at. */
export interface CompletedOrder {
  _id: string;
  kind: OrderKind;
  status: string;
  handlerOpenid: string | null;
  place: { communityId: string };
}

/**
 * Points the handler of a closed order earns by the rules (0 when no rule applies or the
 * order is not closed). Pure; `creditCompletedOrder` (domain/points/redemption.ts) posts them.
 */
export const pointsForCompletedOrder = (rules: readonly EarningRule[], order: CompletedOrder): number => {
  if (order.status !== 'closed' || !order.handlerOpenid) return 0;
  const rule = pick(rules, 'order_closed', order.place.communityId, (r) => r.orderKind === order.kind);
  return rule ? Math.max(0, Math.floor(rule.points)) : 0;
};
