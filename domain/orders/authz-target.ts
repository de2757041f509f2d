import type { OrgTarget } from '../authz/policy';
import type { OrderDoc } from '../model/order';

/** Where an order sits for the authorization matrix: its place, the queue holding it, and the people tied to it. */
export const targetOf = (order: OrderDoc): OrgTarget => {
  const a = order.assignee;
  const related = [
    order.filedBy,
    order.residentOpenid,
    order.handlerOpenid,
    a.kind === 'user' ? a.openid : null,
    ...(a.kind === 'queue' ? (a.candidates ?? []) : []),
    // Filers of orders merged into this one follow it (共性诉求).
    ...(order.followers ?? []),
  ];
  return {
    orgId: order.place.orgId,
    path: order.orgPath,
    // The department that took it on (报到) keeps sight of it after an officer claims it or it moves on.
    alsoUnder: [...new Set([...(a.kind === 'queue' && a.queue === 'department' ? [a.orgId] : []), ...(order.departmentId ? [order.departmentId] : [])])],
    related: related.filter((x): x is string => !!x),
    openTo: a.kind === 'queue' && a.queue === 'wish_wall' && order.status === 'dispatched' ? ['volunteer'] : [],
  };
};
