import { z } from 'zod';
// Only the Chinese messages: `z.locales` would pull every locale zod ships into each bundle.
import zhCN from 'zod/v4/locales/zh-CN.js';
import { type ActionId, authorize, type OrgTarget } from '../../domain/authz/policy';
import { DEFAULT_MESSAGES, DomainError, type Envelope, fail, ok } from '../../domain/model/envelope';
import type { RoleGrant, UserDoc } from '../../domain/model/roles';
import type { Clock } from '../../domain/ports/clock';
import type { IdGen } from '../../domain/ports/ids';
import { callerOpenid, database, type Db, isTimerTrigger, platformClock, randomIds } from './platform';
import { sdkUserRepo } from './repos/user-repo';
import { type DelegatedRole, delegatedGrants } from '../../domain/org/delegation';
import { auditDecision } from './audit';
import { checkRateLimit } from './rate-limit';
import { complete, release, reserve } from './idempotency';

z.config(zhCN());

/** Everything a use case may touch, injected. */
export interface ActionContext {
  /** The caller's OPENID, or `system:timer` when the platform's timer trigger fired. */
  openid: string;
  /** The caller's name from `users` (居民 for someone we have not met). */
  name: string;
  grants: RoleGrant[];
  db: Db;
  clock: Clock;
  ids: IdGen;
  idempotencyKey?: string;
}

export interface ActionDef<S extends z.ZodType, R> {
  /** The row of the authorization matrix (domain/authz/policy.ts) this action is judged by. */
  policy: ActionId;
  input: S;
  /** Locates the target in the org tree for the scope check; undefined = no org target. */
  target?: (ctx: Omit<ActionContext, 'grants'>, input: z.infer<S>) => Promise<OrgTarget | undefined>;
  /** Answer NOT_FOUND instead of FORBIDDEN, so probing ids tells nothing about what exists. */
  hideForbidden?: boolean;
  run: (ctx: ActionContext, input: z.infer<S>) => Promise<R>;
}

export const defineAction = <S extends z.ZodType, R>(def: ActionDef<S, R>): ActionDef<S, R> => def;

/** Limits that hold for every event, before any action-specific schema. */
export const MAX_ACTION_LENGTH = 64;
export const IDEMPOTENCY_KEY = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, '幂等键只能包含字母、数字、下划线和连字符');

const eventSchema = z.object({
  action: z.string().min(1).max(MAX_ACTION_LENGTH),
  payload: z.unknown().optional(),
  idempotencyKey: IDEMPOTENCY_KEY.optional(),
});

type Issue = { path: PropertyKey[]; message: string };

const invalid = (issues: readonly Issue[]) =>
  fail('INVALID_ARGUMENT', `${DEFAULT_MESSAGES.INVALID_ARGUMENT}：${issues[0]?.message ?? ''}`, {
    fields: issues.slice(0, 20).map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })),
  });

// eslint-style note: the action table holds schemas of different shapes; `any` is the only way to type the map.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ActionTable = Record<string, ActionDef<any, unknown>>;

/**
 * Builds a cloud function's `main`: event → zod validation → caller → authorization
 * → use case → envelope. A refusal is a DomainError; anything else thrown is a bug,
 * logged here and answered as INTERNAL without a stack trace.
 */
export interface MainOptions {
  /** The action a platform timer trigger runs (as the system, no role needed). */
  timerAction?: string;
}

export const SYSTEM_TIMER_CALLER = 'system:timer';

/**
 * Actions that change nothing: an idempotency key sent with one is ignored. Every other action
 * (including any added later) binds its key to its payload (./idempotency.ts).
 */
export const READ_ACTIONS: ReadonlySet<ActionId> = new Set<ActionId>([
  'org.whoami', 'org.tree', 'org.resolveScene', 'org.categories', 'org.qrcode', 'org.handlers', 'org.delegations', 'org.config', 'org.inbox',
  'orders.list', 'orders.get', 'orders.timeline',
  'scoring.scores', 'scoring.ranking', 'scoring.visits', 'scoring.dashboard', 'scoring.evidence', 'scoring.export', 'scoring.reviews', 'scoring.review',
  'checkins.me', 'checkins.registrations', 'checkins.monthlyReport', 'checkins.stations', 'checkins.shifts', 'checkins.duty', 'checkins.stationToken',
  'checkins.stationPoster', 'checkins.sessions', 'checkins.points', 'checkins.rewards', 'checkins.redemptions',
] as ActionId[]);

export const IDEMPOTENCY_CONFLICT = '该请求编号已用于另一项不同的操作，请刷新后重试';
export const IDEMPOTENCY_BUSY = '同一请求正在处理中，请稍后再试';

/** A function's entry point; `actions` lists what it exposes and the matrix row of each (tests walk it). */
export type FunctionMain = ((event: unknown) => Promise<Envelope<unknown>>) & {
  readonly actions: readonly { name: string; policy: ActionId; hideForbidden: boolean }[];
};

export const createMain = (fnName: string, actions: ActionTable, options: MainOptions = {}): FunctionMain =>
  Object.assign(dispatchTo(fnName, actions, options), {
    actions: Object.entries(actions).map(([name, def]) => ({ name, policy: def.policy as ActionId, hideForbidden: def.hideForbidden === true })),
  });

const dispatchTo =
  (fnName: string, actions: ActionTable, options: MainOptions) =>
  async (event: unknown): Promise<Envelope<unknown>> => {
    try {
      if (options.timerAction && isTimerTrigger(event)) {
        const def = actions[options.timerAction];
        const ctx = { openid: SYSTEM_TIMER_CALLER, name: '系统', grants: [], db: database(), clock: platformClock, ids: randomIds };
        return ok(await def.run(ctx, def.input.parse({})));
      }
      const parsedEvent = eventSchema.safeParse(event);
      if (!parsedEvent.success) return invalid(parsedEvent.error.issues);
      const { action, payload, idempotencyKey } = parsedEvent.data;
      const def = Object.prototype.hasOwnProperty.call(actions, action) ? actions[action] : undefined;
      if (!def) return fail('NOT_FOUND', `未知的操作：${fnName}.${action.slice(0, MAX_ACTION_LENGTH)}`);
      const input = def.input.safeParse(payload ?? {});
      if (!input.success) return invalid(input.error.issues);
      const openid = callerOpenid();
      if (!openid) return fail('UNAUTHENTICATED', DEFAULT_MESSAGES.UNAUTHENTICATED);
      const db = database();
      const stored = (await sdkUserRepo(db).get(openid)) as (UserDoc & { delegated?: DelegatedRole[] }) | undefined;
      // Delegations running now add the delegating secretary's grant (委托), like a role of one's own.
      const user = stored && { ...stored, roles: [...stored.roles, ...delegatedGrants(stored.delegated, platformClock.now())] };
      const base = { openid, name: user?.name ?? '居民', db, clock: platformClock, ids: randomIds, idempotencyKey };
      const target = def.target ? await def.target(base, input.data) : undefined;
      const decision = authorize(def.policy, user?.roles ?? [], target, openid);
      if (!decision.allowed) {
        return def.hideForbidden ? fail('NOT_FOUND', DEFAULT_MESSAGES.NOT_FOUND) : fail('FORBIDDEN', DEFAULT_MESSAGES.FORBIDDEN);
      }
      // A key binds its request: the same request replays its answer, another one is a CONFLICT; neither performs anything.
      const keyed = idempotencyKey && !READ_ACTIONS.has(def.policy) ? await reserve(db, { fn: fnName, action, openid, key: idempotencyKey, payload: payload ?? {} }, platformClock.now) : undefined;
      if (keyed?.kind === 'replay') return keyed.answer;
      if (keyed?.kind === 'conflict') return fail('CONFLICT', IDEMPOTENCY_CONFLICT, { digest: keyed.digest });
      if (keyed?.kind === 'busy') return fail('CONFLICT', IDEMPOTENCY_BUSY);
      const reservation = keyed?.kind === 'reserved' ? keyed.id : undefined;
      try {
        // Throttled actions count the call now (after validation and authorization: garbage and refusals cost nothing).
        const throttled = await checkRateLimit(db, def.policy, openid, platformClock.now());
        if (throttled) throw new DomainError('RATE_LIMITED', throttled.message, throttled.details);
        // Use cases see every grant the caller holds (to compute what they may do next); the decision above already admitted them.
        const ctx = { ...base, grants: user?.roles ?? [] };
        const result = await def.run(ctx, input.data);
        await auditDecision(ctx, def.policy, input.data, result);
        const answer = ok(result);
        if (reservation) await complete(db, reservation, answer).catch((error: unknown) => console.error(`[${fnName}] idempotency answer not stored`, error));
        return answer;
      } catch (error) {
        // Performed nothing (or a bug): the key is free again, the next call is judged anew.
        if (reservation) await release(db, reservation);
        throw error;
      }
    } catch (error) {
      if (error instanceof DomainError) return fail(error.code, error.message, error.details);
      console.error(`[${fnName}] internal error`, error);
      return fail('INTERNAL', DEFAULT_MESSAGES.INTERNAL);
    }
  };
