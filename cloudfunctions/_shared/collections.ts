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
    'handledBy',
    'assignee.openid',
    'assignee.orgId',
    'assignee.candidates',
    'place.communityId',
    'place.gridId',
    'orgPath',
    'submittedAt',
    'wakeAt',
    'promiseDueAt',
    'departmentId',
  ],
  order_events: ['orderId'],
  score_deltas: ['applied', 'nodes'],
  score_rollups: ['node'],
  visits: ['status', 'assignee', 'communityId', 'gridId', 'dueAt', 'createdAt'],
  /** 半年一评议: frozen snapshots and the street's comments beside them. */
  reviews: ['districtId'],
  review_comments: ['reviewId'],
  notifications: ['to'],
  outbox: [] as string[],
  audit: ['target'],
  delegations: ['deputyOpenid', 'communityId'],
  /** Per-station check-in keys (created on first use by the checkins function). */
  secrets: [] as string[],
  // Volunteer check-ins and points (issue 6).
  checkin_registrations: ['openid', 'communityId', 'status'],
  checkin_shifts: ['stationId', 'start'],
  checkin_rosters: [] as string[],
  checkin_sessions: ['openid', 'communityId', 'month', 'status', 'closesAt'],
  checkin_open: [] as string[],
  checkin_registration_keys: [] as string[],
  ledger_tx: ['accounts', 'communityId', 'month'],
  ledger_balances: [] as string[],
  points_rules: ['enabled'],
  rewards: ['communityId'],
  redemptions: ['openid', 'communityId', 'status'],
  /** Every 三单 service a member handled to closure (one per order), counted toward the monthly target. */
  order_services: ['openid', 'communityId', 'month'],
  /**
   * Per-caller rate-limit counters (cloudfunctions/_shared/rate-limit.ts). Every read and write
   * names the primary key `<action>|<openid>|<windowMs>`, so `_id` is the only index it needs;
   * one document per caller, action and window size, reused window after window.
   */
  rate_limits: [] as string[],
  /**
   * Idempotency keys and the answer each gave (cloudfunctions/_shared/idempotency.ts): read and
   * written by primary key `idem_<hash of function, caller, key>` only.
   */
  idempotency: [] as string[],
  /** Who uploaded which photo on the local host (server/upload-records.ts), by primary key `upl_<hash>`. */
  uploads: [] as string[],
  /** Per-person daily upload counters on the local host, by primary key `<openid>|<day start>`. */
  upload_quotas: [] as string[],
} as const satisfies Record<string, readonly string[]>;

export type CollectionName = keyof typeof COLLECTIONS;

/**
 * Bookkeeping about calls rather than data (rate-limit counters, idempotency keys and their
 * answers, upload counters): the host's store digest,
 * which tests compare to prove "nothing changed", leaves them out unless asked.
 */
export const COUNTER_COLLECTIONS: readonly CollectionName[] = ['rate_limits', 'idempotency', 'upload_quotas'];
