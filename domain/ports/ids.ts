/** Ids are injected so tests and seeds are reproducible. */
export interface IdGen {
  next(prefix?: string): string;
}

/** Deterministic ids for tests and seeds: prefix + zero-padded counter. */
export const sequentialIds = (start = 1): IdGen => {
  let n = start;
  return {
    next: (prefix = 'id') => `${prefix}${String(n++).padStart(6, '0')}`,
  };
};
