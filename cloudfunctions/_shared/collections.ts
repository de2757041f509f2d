/**
 * Database collections and their indexes, as code. The local host builds its
 * secondary indexes from this table; the deploy script declares the same ones
 * on CloudBase. Every query the functions run must be backed by one of these.
 */
export const COLLECTIONS = {
  users: ['roles.orgId'],
  orgs: ['path', 'depth', 'type', 'parentId'],
  categories: [] as string[],
  routing_rules: ['enabled'],
  sla_policies: [] as string[],
  stations: ['communityId'],
  orders: [
    'status',
    'filedBy',
    'residentOpenid',
    'handlerOpenid',
    'assignee.openid',
    'assignee.orgId',
    'assignee.candidates',
    'place.communityId',
    'place.gridId',
    'orgPath',
    'submittedAt',
    'wakeAt',
    'promiseDueAt',
  ],
  order_events: ['orderId'],
  notifications: ['to'],
  outbox: [] as string[],
  secrets: [] as string[],
} as const satisfies Record<string, readonly string[]>;

export type CollectionName = keyof typeof COLLECTIONS;
