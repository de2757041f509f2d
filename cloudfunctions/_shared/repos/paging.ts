import { dataOf } from './sdk-results';

/** CloudBase returns at most 1000 documents per read: page through until `cap`. */
export const PAGE_SIZE = 1000;

/** The part of an SDK query that paging needs (where/orderBy results all have it). */
interface PageableQuery {
  skip(offset: number): { limit(limit: number): { get(): unknown } };
}

export const readAll = async <T>(query: PageableQuery, cap: number): Promise<T[]> => {
  const out: T[] = [];
  while (out.length < cap) {
    const want = Math.min(PAGE_SIZE, cap - out.length);
    const page = dataOf<T[]>(await query.skip(out.length).limit(want).get());
    out.push(...page);
    if (page.length < want) break;
  }
  return out;
};
