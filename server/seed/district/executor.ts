import type { Doc } from '../../store/document-store';

/** What a call answers: the functions' envelope (the generator reads ok / error code and a few ids). */
export interface CallResult {
  ok: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- read loosely: each action answers its own view
  data?: any;
  error?: { code: string; message: string };
}

export type FnName = 'orders' | 'checkins' | 'scoring' | 'org' | 'sweep';

/**
 * Where the simulated year happens: the generator's World (domain use cases over the
 * MemDb, fast) or the real function bundles on a host (slow, the reference). The behaviour
 * model drives either one the same way; test/integration/district-seed.test.ts proves both
 * leave the same documents behind.
 */
export interface Executor {
  now(): number;
  /** Moves the clock to `ms`, firing the sweep at each minute where something fell due on the way. */
  advanceTo(ms: number): Promise<void>;
  call(fn: FnName, action: string, payload: unknown, openid: string, idempotencyKey?: string): Promise<CallResult>;
  /** A stored document as it is now (for the behaviour's decisions; never modified). */
  read(collection: string, id: string): Doc | undefined;
  /** The id an idempotent create gets from this person's key (sha256 of `openid:key`, as the functions derive it). */
  idFor(prefix: string, openid: string, idempotencyKey: string): string;
}

export const MINUTE = 60_000;
export const ceilMinute = (ms: number): number => Math.ceil(ms / MINUTE) * MINUTE;
