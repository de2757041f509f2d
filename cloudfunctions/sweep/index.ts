import { z } from 'zod';
import { runSweep, type SweepTask } from '../../domain/sweep/run-sweep';
import { sweepSla } from '../../domain/orders/sla-sweep';
import { type ActionContext, createMain, defineAction } from '../_shared/dispatch';
import { ordersDeps } from '../_shared/orders-deps';
import { sdkScoreRepo } from '../_shared/repos/score-repo';
import { autoCloseDue } from '../../domain/checkins/session-confirm';
import { sdkCheckinsDeps } from '../_shared/repos/checkin-deps';

/** Score deltas folded per sweep (the rest wait a minute; dashboards read unfolded ones too). */
const SCORE_FOLD_BATCH = 1000;

/**
 * The sweep tasks, in order. SLA escalation and reminders (order routing, part 2),
 * auto-closing forgotten check-ins (volunteer check-ins) and overdue return visits
 * (satisfaction scoring) register here as they land.
 */
const TASKS: readonly SweepTask<ActionContext>[] = [
  { name: 'sla', run: async (ctx, now) => sweepSla(await ordersDeps(ctx), now) },
  { name: 'scores.fold', run: async (ctx) => ({ processed: await sdkScoreRepo(ctx.db).fold(SCORE_FOLD_BATCH) }) },
  { name: 'checkins.autoClose', run: async (ctx, now) => ({ processed: await autoCloseDue(sdkCheckinsDeps(ctx.db, ctx.clock, ctx.ids), now) }) },
];

const actions = {
  run: defineAction({
    policy: 'sweep.run',
    input: z.strictObject({}),
    run: (ctx) => runSweep(TASKS, ctx, ctx.clock),
  }),
};

/** Fired every minute by the timer trigger in config.json, or by a district admin. */
export const main = createMain('sweep', actions, { timerAction: 'run' });
