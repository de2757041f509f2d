import type { OrderDoc } from '../model/order';

/**
 * Whose 验收 a resolution waits for, and what acceptance then means:
 * - `patrol`: what staff found on their rounds is verified by someone else (the community's
 *   secretary or another worker of the grid) and then closes — it is never rated;
 * - `grid`: a street's, department's or the district's resolution is checked on site by the
 *   order's grid worker (兴平: 职能部门响应处置、网格员确认验收双向反馈) and then goes to the resident
 *   for rating like any resolved order; a return goes back to the resolving level with the reason,
 *   and the second return climbs the ladder.
 * null: the resolution goes straight to the resident.
 */
export type AcceptanceKind = 'patrol' | 'grid';

const ABOVE_COMMUNITY: readonly OrderDoc['level'][] = ['street', 'department', 'district'];

export const acceptanceOf = (order: Pick<OrderDoc, 'channel' | 'level' | 'place'>): AcceptanceKind | null => {
  if (order.channel === 'patrol') return 'patrol';
  if (ABOVE_COMMUNITY.includes(order.level) && order.place.gridId) return 'grid';
  return null;
};

/** After this many returns from 验收 the order goes up the ladder instead of back to the same level. */
export const ACCEPTANCE_RETURNS_BEFORE_ESCALATION = 2;

export const ACCEPTANCE_NOTICE: Record<AcceptanceKind, { ask: string; accepted: string; returned: string }> = {
  patrol: { ask: '有巡查上报待您验收', accepted: '您办理的巡查上报已验收通过', returned: '巡查上报验收未通过，请继续办理' },
  grid: { ask: '上级已办结，请到现场核实验收', accepted: '网格员已现场验收通过', returned: '网格员验收未通过，请继续办理' },
};
