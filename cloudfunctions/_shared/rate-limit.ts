import { z } from 'zod';
import type { ActionId } from '../../domain/authz/policy';
import type { Db } from './platform';
import { dataOf, isNotFound } from './repos/sdk-results';

/**
 * Per-caller rate limits as data: for each throttled action, at most `max` calls per caller in
 * each fixed window of `windowMs` (windows start at Beijing midnight). A call is counted once it
 * has passed validation and authorization, so garbage and refused calls cost nothing and store
 * nothing. Counters live in `rate_limits`, one document per action, caller and window size,
 * moved only by conditional single-document updates (`_.inc` under `count < max`), so concurrent
 * calls never lose an increment and never admit more than `max`.
 *
 * Configuration (`REDGRID_RATE_LIMITS`, a function environment variable on CloudBase, the
 * process environment on the local host):
 *   unset              the production defaults below
 *   off                no limits (nothing counted)
 *   {"scale":100}      every max multiplied (load tests and the test suite)
 *   {"limits":{"orders.submit":[{"max":3,"windowMs":60000}]}}   replaces an action's rows
 */

export interface RateLimit {
  max: number;
  windowMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Generous for a person, tight for a script: a resident files a few orders a day, a grid worker registering calls by phone a few dozen. */
export const RATE_LIMITS: Partial<Record<ActionId, readonly RateLimit[]>> = {
  'orders.submit': [
    { max: 10, windowMs: MINUTE },
    { max: 100, windowMs: DAY },
  ],
  'orders.rate': [
    { max: 20, windowMs: MINUTE },
    { max: 200, windowMs: DAY },
  ],
  'orders.editRating': [
    { max: 10, windowMs: MINUTE },
    { max: 100, windowMs: DAY },
  ],
  'checkins.checkIn': [
    { max: 10, windowMs: MINUTE },
    { max: 60, windowMs: DAY },
  ],
};

const ACTION_LABELS: Partial<Record<ActionId, string>> = {
  'orders.submit': '提交诉求',
  'orders.rate': '评价',
  'orders.editRating': '修改评价',
  'checkins.checkIn': '签到',
};

export const RATE_LIMIT_COLLECTION = 'rate_limits';

/** Beijing is UTC+8 all year: day windows roll over at local midnight. */
const LOCAL_OFFSET_MS = 8 * HOUR;

export const windowStart = (now: number, windowMs: number): number =>
  Math.floor((now + LOCAL_OFFSET_MS) / windowMs) * windowMs - LOCAL_OFFSET_MS;

const windowLabel = (windowMs: number): string =>
  windowMs === MINUTE ? '每分钟' : windowMs === HOUR ? '每小时' : windowMs === DAY ? '每天' : `每${Math.round(windowMs / 1000)}秒`;

const configSchema = z.union([
  z.literal('off'),
  z.strictObject({
    scale: z.number().positive().max(1_000_000).optional(),
    limits: z.record(z.string(), z.array(z.strictObject({ max: z.number().int().min(1), windowMs: z.number().int().min(1000).max(31 * DAY) })).max(4)).optional(),
  }),
]);

/** The rows in force for `action` (empty = not throttled), after the environment's overrides. */
export const limitsFor = (action: ActionId, env: string | undefined = process.env.REDGRID_RATE_LIMITS): readonly RateLimit[] => {
  if (!env) return RATE_LIMITS[action] ?? [];
  let parsed: z.infer<typeof configSchema>;
  try {
    parsed = configSchema.parse(env.trim() === 'off' ? 'off' : JSON.parse(env));
  } catch {
    console.error('[rate-limit] REDGRID_RATE_LIMITS is not valid; using the defaults');
    return RATE_LIMITS[action] ?? [];
  }
  if (parsed === 'off') return [];
  const rows = parsed.limits?.[action] ?? RATE_LIMITS[action] ?? [];
  const scale = parsed.scale ?? 1;
  return rows.map((r) => ({ max: Math.max(1, Math.round(r.max * scale)), windowMs: r.windowMs }));
};

export interface RateLimitDoc {
  _id: string;
  action: string;
  openid: string;
  windowMs: number;
  windowStart: number;
  count: number;
}

export interface Throttled {
  message: string;
  details: { action: string; limit: number; windowMs: number; retryAfterMs: number };
}

const isDuplicate = (error: unknown): boolean => /duplicate/i.test(String((error as { errMsg?: string })?.errMsg ?? (error as Error)?.message ?? ''));

const updated = (res: unknown): number => (res as { stats: { updated: number } }).stats.updated;

/**
 * Takes one call from the window's budget, or says it is spent. Each step is one atomic
 * conditional write; a lost race (a window rolled or the document created meanwhile) retries.
 */
const take = async (db: Db, id: string, base: Omit<RateLimitDoc, '_id' | 'count' | 'windowStart'>, limit: RateLimit, now: number): Promise<number | 'ok'> => {
  const _ = db.command;
  const coll = db.collection(RATE_LIMIT_COLLECTION);
  // The window this call falls in (or, with server clocks a little apart, a later one already started).
  let current = windowStart(now, limit.windowMs);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (updated(await coll.where({ _id: id, windowStart: current, count: _.lt(limit.max) }).update({ data: { count: _.inc(1) } })) === 1) return 'ok';
    let doc: RateLimitDoc | undefined;
    try {
      doc = dataOf<RateLimitDoc>(await coll.doc(id).get());
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    if (!doc) {
      try {
        await coll.add({ data: { _id: id, ...base, windowStart: current, count: 1 } });
        return 'ok';
      } catch (error) {
        if (!isDuplicate(error)) throw error;
        continue; // someone created it first: count against theirs
      }
    }
    if (doc.windowStart > current) {
      current = doc.windowStart;
      continue;
    }
    if (doc.windowStart === current) {
      if (doc.count >= limit.max) return Math.max(1000, current + limit.windowMs - now);
      continue; // it had room after all (a reset raced us)
    }
    // An old window: start this one, unless another call already did.
    if (updated(await coll.where({ _id: id, windowStart: doc.windowStart }).update({ data: { windowStart: current, count: 1 } })) === 1) return 'ok';
  }
  throw new Error(`rate limit ${id}: too much contention`);
};

/** Counts the call; answers why it must wait when a window's budget is spent (nothing else is done then). */
export const checkRateLimit = async (db: Db, action: ActionId, openid: string, now: number): Promise<Throttled | undefined> => {
  for (const limit of limitsFor(action)) {
    const id = `${action}|${openid}|${limit.windowMs}`;
    const result = await take(db, id, { action, openid, windowMs: limit.windowMs }, limit, now);
    if (result === 'ok') continue;
    const wait = Math.ceil(result / 1000);
    const after = wait >= 3600 ? `${Math.ceil(wait / 3600)} 小时` : wait >= 60 ? `${Math.ceil(wait / 60)} 分钟` : `${wait} 秒`;
    return {
      message: `操作太频繁：${windowLabel(limit.windowMs)}最多${ACTION_LABELS[action] ?? '操作'} ${limit.max} 次，请 ${after}后再试`,
      details: { action, limit: limit.max, windowMs: limit.windowMs, retryAfterMs: result },
    };
  }
  return undefined;
};
