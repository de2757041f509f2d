import { COLLECTIONS } from '../../../cloudfunctions/_shared/collections';
import type { DocumentStore, Write } from '../../store/document-store';
import { baseWrites } from './base';
import type { Executor } from './executor';
import { MemDb } from './mem-db';
import { buildOrgTree, type OrgTree } from './org-tree';
import { buildPeople, type People } from './people';
import { createRng } from './random';
import type { Scale } from './scale';
import { simulate, type SimulationStats } from './simulate';
import { DAY } from './timeline';
import { World } from './world';

export interface DistrictPlan {
  scale: Scale;
  seed: string;
  startMs: number;
  endMs: number;
  tree: OrgTree;
  people: People;
  base: Write[];
}

export type Phase = 'simulate' | 'write';
export type Progress = (phase: Phase, done: number, total: number) => void;

export const DEFAULT_SEED = 'weicheng-2026';

/** The district before anything happens: org tree, people, configuration (pure; same seed → same plan). */
export const planDistrict = (scale: Scale, seed: string, nowMs: number): DistrictPlan => {
  const rng = createRng(`${seed}:plan`);
  const tree = buildOrgTree(scale, rng.fork('tree'));
  const startMs = nowMs - scale.days * DAY;
  const people = buildPeople(scale, tree, rng.fork('people'), startMs);
  return { scale, seed, startMs, endMs: nowMs, tree, people, base: baseWrites(tree, people, nowMs) };
};

/** Plays the plan's period through `ex` (the World, or the real functions on a host). */
export const runPlan = (ex: Executor, plan: DistrictPlan, onProgress?: Progress): Promise<SimulationStats> =>
  simulate(
    ex,
    { scale: plan.scale, tree: plan.tree, people: plan.people, rng: createRng(`${plan.seed}:simulate`), startMs: plan.startMs, endMs: plan.endMs },
    onProgress && ((done, total) => onProgress('simulate', done, total)),
  );

export interface GenerateResult {
  plan: DistrictPlan;
  stats: SimulationStats;
  documents: number;
  sweeps: number;
  ms: { simulate: number; write: number };
}

/**
 * Generates the district into `store` (which should be empty): the base documents, then
 * the period played by the World, then everything written in large batches.
 */
export const generateDistrict = async (store: DocumentStore, scale: Scale, options: { seed?: string; nowMs: number; onProgress?: Progress }): Promise<GenerateResult> => {
  const plan = planDistrict(scale, options.seed ?? DEFAULT_SEED, options.nowMs);
  const db = new MemDb(COLLECTIONS);
  for (const w of plan.base) if (w.doc) db.put(w.collection, w.doc);
  const world = new World(db, plan.startMs, createRng(`${plan.seed}:world`), `scene-key-${plan.seed}`);
  const t0 = performance.now();
  const stats = await runPlan(world, plan, options.onProgress);
  const t1 = performance.now();
  const total = db.pendingWrites;
  let done = 0;
  for (const name of Object.keys(COLLECTIONS)) store.ensureCollection(name);
  const documents = db.flushTo(store, 5000, (n) => options.onProgress?.('write', (done += n), total));
  return { plan, stats, documents, sweeps: world.sweeps, ms: { simulate: t1 - t0, write: performance.now() - t1 } };
};
