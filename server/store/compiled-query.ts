import { Context } from 'mingo/core';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as queryOperators from 'mingo/operators/query';
import { Query } from 'mingo/query';

/**
 * The operators a filter can use (query ones, and expressions and accumulators for `$expr`):
 * a Query built on this context matches exactly as mingo's default one, without merging
 * every operator table into a new context per query.
 */
const QUERY_CONTEXT = Context.init({ query: queryOperators, expression: expressionOperators, accumulator: accumulatorOperators } as Parameters<typeof Context.init>[0]);

const MAX_CACHED = 20_000;

/**
 * The criteria as a cache key, or undefined when it holds anything JSON would not tell apart or
 * give back as it was (a regular expression or a date prints like `{}` or a string, a missing
 * value vanishes, NaN and Infinity print as null).
 */
const keyOf = (criteria: Record<string, unknown>): string | undefined => {
  let plain = true;
  const key = JSON.stringify(criteria, function (this: Record<string, unknown>, k: string, v: unknown) {
    const raw = this[k];
    if (raw === undefined || (typeof raw === 'number' && !Number.isFinite(raw)) || typeof raw === 'function' || typeof raw === 'bigint') plain = false;
    else if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && Object.getPrototypeOf(raw) !== Object.prototype) plain = false;
    return v;
  });
  return plain ? key : undefined;
};

/**
 * Compiled mingo queries by their criteria: the same filters come back often (a person's open
 * orders, a grid's users…), and compiling one costs more than testing a few documents with it.
 */
export class QueryCache {
  private readonly queries = new Map<string, Query>();

  get(criteria: Record<string, unknown>): Query {
    const key = keyOf(criteria);
    if (key === undefined) return new Query(criteria, { context: QUERY_CONTEXT });
    let query = this.queries.get(key);
    if (!query) {
      if (this.queries.size >= MAX_CACHED) this.queries.clear();
      // compiled from its own copy: a caller that changes its criteria later cannot change the cached query
      query = new Query(JSON.parse(key) as Record<string, unknown>, { context: QUERY_CONTEXT });
      this.queries.set(key, query);
    }
    return query;
  }
}
