/** Ids are injected so tests and seeds are reproducible. */
export interface IdGen {
  next(prefix?: string): string;
  /** The same id for the same (prefix, key): how an idempotency key makes a retry land on one document. */
  fromKey(prefix: string, key: string): string;
}

/** Deterministic ids for tests and seeds: prefix + zero-padded counter. */
export const sequentialIds = (start = 1): IdGen => {
  let n = start;
  return {
    next: (prefix = 'id') => `${prefix}${String(n++).padStart(6, '0')}`,
    fromKey: (prefix, key) => `${prefix}_${key.replace(/[^A-Za-z0-9_-]/g, '_')}`,
  };
};
