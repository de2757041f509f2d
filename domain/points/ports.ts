/**
 * The persistence port of check-ins and points: documents by collection, a small
 * query language (equality, one-of, ranges) that the adapter maps onto indexed
 * wx-server-sdk queries, and a unit of work whose reads and writes commit together
 * or not at all (CloudBase transactions: document operations only, optimistic, retried
 * on conflict — so `work` may run more than once and must have no other side effects).
 *
 * Adapters: cloudfunctions/_shared/repos/checkin-documents.ts (SDK) and an in-memory
 * fake for unit tests (test/unit/domain/checkins-fakes.ts).
 */

export type Scalar = string | number | boolean | null;

export type Condition =
  | Scalar
  | { in: readonly Scalar[] }
  | { gt?: number; gte?: number; lt?: number; lte?: number }
  | { ne: Scalar };

/** Every field must match (AND). A field naming an array matches when any element does. */
export type Where = Record<string, Condition>;

export interface FindOptions {
  orderBy?: readonly (readonly [field: string, direction: 'asc' | 'desc'])[];
  limit: number;
  offset?: number;
}

export interface WithId {
  _id: string;
}

/** Reads and writes inside one transaction. */
export interface DocTx {
  get<T extends WithId>(collection: string, id: string): Promise<T | undefined>;
  /** Fails the transaction (CONFLICT) if the id exists. */
  insert(collection: string, doc: WithId & Record<string, unknown>): Promise<void>;
  /** Sets the given top-level fields (whole values, not merged). */
  update(collection: string, id: string, fields: Record<string, unknown>): Promise<void>;
  /** Creates or replaces the whole document. */
  put(collection: string, doc: WithId & Record<string, unknown>): Promise<void>;
  remove(collection: string, id: string): Promise<void>;
}

export interface Documents {
  get<T extends WithId>(collection: string, id: string): Promise<T | undefined>;
  find<T extends WithId>(collection: string, where: Where, options: FindOptions): Promise<T[]>;
  count(collection: string, where: Where): Promise<number>;
  /** Runs `work` as one transaction; a DomainError thrown inside aborts it and comes out unchanged. */
  transact<T>(work: (tx: DocTx) => Promise<T>): Promise<T>;
}

/** The collections of check-ins and points (declared with their indexes in cloudfunctions/_shared/collections.ts). */
export const C = {
  registrations: 'checkin_registrations',
  stations: 'stations',
  shifts: 'checkin_shifts',
  rosters: 'checkin_rosters',
  sessions: 'checkin_sessions',
  open: 'checkin_open',
  users: 'users',
  ledgerTx: 'ledger_tx',
  balances: 'ledger_balances',
  rules: 'points_rules',
  rewards: 'rewards',
  redemptions: 'redemptions',
  /** One per order a registered member handled to closure (domain/checkins/order-services.ts). */
  orderServices: 'order_services',
} as const;
