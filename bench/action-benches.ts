/**
 * P3 and P10 (issue 18, bench/README.md "Round trips"): the database round trips on each budgeted
 * action's critical path, through the real function bundles and the real wx-server-sdk on the host.
 *
 * Two measures of the waves (sets of requests in flight together; `DbStats` in
 * server/store/db-engine.ts) of one call:
 * - the counter: the engine counts each invocation's requests and waves (pass/fail is on this);
 * - the latency: (p50 at an injected RTT of 20 ms − p50 at RTT 0) / 20 over warm calls, samples
 *   at the two RTTs alternating on one host so machine noise hits both alike. It should agree
 *   with the counter (a little above: each injected wait overshoots by a timer tick).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost, type Host } from '../server/host';
import { FIXED_NOW, makeWorld, measureOnce, SCENARIOS, type Scenario, sweepScenario, type World } from './action-budgets';

type Line = Record<string, unknown>;

export const RTT_MS = 20;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

const withWorld = async <T>(functionsDir: string, run: (w: World) => Promise<T>): Promise<T> => {
  const dir = mkdtempSync(join(tmpdir(), 'redgrid-bench-'));
  const host: Host = createHost({ dataDir: dir, functionsDir, dev: true, seed: 'demo', clockStartMs: FIXED_NOW, sweepEveryMs: 0, dbLatency: { rttMs: 0, jitterMs: 0 } });
  try {
    return await run(await makeWorld(host, 'p10'));
  } finally {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

export interface ActionMeasure {
  id: string;
  kind: Scenario['kind'];
  budget: number;
  /** The engine's counter, median over the samples (warm calls). */
  requests: number;
  waves: number;
  /** (p50 at RTT 20 − p50 at RTT 0) / 20, one decimal. */
  measuredWaves: number;
  p50AtRtt0Ms: number;
  p50AtRtt20Ms: number;
  samples: number;
}

/** One warm-up call, then `samples` calls at RTT 0 and as many at RTT 20, alternating. */
export const measureAction = async (w: World, scenario: Scenario, samples: number): Promise<ActionMeasure> => {
  await measureOnce(w, scenario, 0);
  const at0: number[] = [];
  const at20: number[] = [];
  const requests: number[] = [];
  const waves: number[] = [];
  for (let i = 0; i < samples; i++) {
    for (const rtt of [0, RTT_MS]) {
      const m = await measureOnce(w, scenario, rtt);
      (rtt === 0 ? at0 : at20).push(m.ms);
      requests.push(m.requests);
      waves.push(m.waves);
    }
  }
  const p0 = median(at0);
  const p20 = median(at20);
  return {
    id: scenario.id,
    kind: scenario.kind,
    budget: scenario.budget,
    requests: median(requests),
    waves: median(waves),
    measuredWaves: round((p20 - p0) / RTT_MS, 1),
    p50AtRtt0Ms: round(p0),
    p50AtRtt20Ms: round(p20),
    samples,
  };
};

/** P3: orders.submit's waves (goal ≤ 6), by the counter and by latency at RTT 0 and 20 ms. */
export const p3Submit = async (functionsDir: string, samples = 15): Promise<Line[]> =>
  withWorld(functionsDir, async (w) => {
    const m = await measureAction(w, SCENARIOS[0], samples);
    return [
      {
        bench: 'p3-submit',
        value: m.waves,
        unit: 'count',
        goal: `≤ ${m.budget}`,
        pass: m.waves <= m.budget,
        requests: m.requests,
        measuredWaves: m.measuredWaves,
        p50AtRtt0Ms: m.p50AtRtt0Ms,
        p50AtRtt20Ms: m.p50AtRtt20Ms,
        samples,
      },
    ];
  });

/**
 * P10: every budgeted action (and the sweep with 1 and 50 due orders) with its requests, waves
 * and budget; `value` is the worst waves / budget (goal ≤ 1).
 */
export const p10Actions = async (functionsDir: string, samples = 5): Promise<Line[]> =>
  withWorld(functionsDir, async (w) => {
    const actions: ActionMeasure[] = [];
    for (const scenario of SCENARIOS) actions.push(await measureAction(w, scenario, samples));
    // The sweep: at RTT 20 a long chain is slow (a wave per due order today), so fewer samples.
    actions.push(await measureAction(w, sweepScenario(1), 3));
    actions.push(await measureAction(w, sweepScenario(50), 1));
    const ratio = (a: ActionMeasure) => a.waves / a.budget;
    const worst = actions.reduce((a, b) => (ratio(b) > ratio(a) ? b : a));
    const over = actions.filter((a) => ratio(a) > 1);
    return [
      {
        bench: 'p10-actions',
        value: round(ratio(worst), 2),
        unit: 'ratio',
        goal: 'waves / budget ≤ 1 for every action',
        pass: over.length === 0,
        worst: worst.id,
        over: over.length,
        of: actions.length,
        rttMs: RTT_MS,
        actions: actions.map((a) => ({ id: a.id, requests: a.requests, waves: a.waves, measuredWaves: a.measuredWaves, budget: a.budget })),
      },
    ];
  });
