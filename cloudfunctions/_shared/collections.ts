/**
 * Database collections and their indexes, as code. The local host builds its
 * secondary indexes from this table; the deploy script declares the same ones
 * on CloudBase. Every query the functions run must be backed by one of these.
 */
export const COLLECTIONS = {
  users: [] as string[],
  orgs: ['path', 'depth', 'type', 'parentId'],
  categories: [] as string[],
  stations: ['communityId'],
} as const satisfies Record<string, readonly string[]>;

export type CollectionName = keyof typeof COLLECTIONS;
