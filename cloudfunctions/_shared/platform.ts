import { createHash, randomBytes } from 'node:crypto';
import cloud from 'wx-server-sdk';
import type { Clock } from '../../domain/ports/clock';
import type { IdGen } from '../../domain/ports/ids';
import { hostHooks } from './host-hooks';

let initialised = false;

/** The wx-server-sdk instance, initialised once per cold start. */
export const sdk = (): typeof cloud => {
  if (!initialised) {
    cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });
    initialised = true;
  }
  return cloud;
};

export type Db = ReturnType<typeof cloud.database>;

/**
 * What a transaction body may do (the SDK's transaction object, typed to the calls we make):
 * read, set, update or remove a document by id, and add a document.
 */
export type TxDoc = {
  get(): Promise<unknown>;
  set(a: unknown): Promise<unknown>;
  update(a: unknown): Promise<unknown>;
  remove(): Promise<unknown>;
};
export type Tx = { collection(name: string): { doc(id: string): TxDoc; add(a: unknown): Promise<unknown> } };

export const database = (): Db => sdk().database();

/** Wall clock on CloudBase; the host's movable clock on the local host. */
export const platformClock: Clock = {
  now: () => hostHooks()?.now() ?? Date.now(),
};

/** 24 hex chars of randomness with a readable prefix, e.g. `ord_3f9a…`. */
export const randomIds: IdGen = {
  next: (prefix = 'id') => `${prefix}_${randomBytes(12).toString('hex')}`,
  fromKey: (prefix, key) => `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`,
};

/** True only when the platform itself fired the function from its timer trigger. */
export const isTimerTrigger = (event: unknown): boolean => {
  const context = sdk().getWXContext() as { SOURCE?: string; OPENID?: string };
  return (
    typeof event === 'object' &&
    event !== null &&
    (event as { Type?: unknown }).Type === 'Timer' &&
    context.SOURCE === 'wx_trigger' &&
    !context.OPENID
  );
};

/** The caller's OPENID as the platform vouches for it (never taken from the payload). */
export const callerOpenid = (): string | undefined => {
  const context = sdk().getWXContext() as { OPENID?: string };
  return typeof context.OPENID === 'string' && context.OPENID.length > 0 ? context.OPENID : undefined;
};
