import type { Clock } from '../ports/clock';

/**
 * The sweep: one pass over everything that is due (SLA clocks, reminders, forgotten
 * check-ins, overdue return visits). Each capability registers a task; a task must
 * find its work through an index on due time and be idempotent, so two sweeps at once
 * or one run twice never act twice.
 */
export interface SweepTask<Deps> {
  name: string;
  run(deps: Deps, nowMs: number): Promise<{ processed: number }>;
}

export interface SweepReport {
  ranAt: number;
  tasks: { name: string; processed: number; ms: number; error?: string }[];
}

/** Runs every task in order; one failing task is reported and does not stop the others. */
export const runSweep = async <Deps>(tasks: readonly SweepTask<Deps>[], deps: Deps, clock: Clock): Promise<SweepReport> => {
  const ranAt = clock.now();
  const report: SweepReport = { ranAt, tasks: [] };
  for (const task of tasks) {
    const started = clock.now();
    try {
      const { processed } = await task.run(deps, ranAt);
      report.tasks.push({ name: task.name, processed, ms: clock.now() - started });
    } catch (error) {
      report.tasks.push({ name: task.name, processed: 0, ms: clock.now() - started, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return report;
};
