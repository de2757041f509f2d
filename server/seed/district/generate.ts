import { COLLECTIONS } from '../../../cloudfunctions/_shared/collections';
import type { Write } from '../../store/document-store';
import { BulkWriter } from './bulk-writer';
import { baseWrites } from './base';
import type { Executor } from './executor';
import { asStored, MemDb } from './mem-db';
import { buildOrgTree, type OrgTree } from './org-tree';
import { buildPeople, type People } from './people';
import { createRng } from './random';
import type { Scale } from './scale';
import { simulate, type SimulationStats } from './simulate';
import { DAY } from './timeline';
import { World } from './world';
import { writeRollups } from './world-orders';

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
export const runPlan = (ex: Executor, plan: DistrictPlan, onProgress?: Progress, checkpoint?: () => void): Promise<SimulationStats> =>
  simulate(
    ex,
    { scale: plan.scale, tree: plan.tree, people: plan.people, rng: createRng(`${plan.seed}:simulate`), startMs: plan.startMs, endMs: plan.endMs },
    onProgress && ((done, total) => onProgress('simulate', done, total)),
    checkpoint,
  );

export interface GenerateResult {
  plan: DistrictPlan;
  stats: SimulationStats;
  documents: number;
  sweeps: number;
  ms: { simulate: number; write: number };
}

/** Append-only collections the simulation never reads back: written out and dropped from memory as it goes. */
const WRITE_ONLY = new Set(['notifications', 'order_events', 'audit', 'score_rollups']);
/** Documents kept waiting before a checkpoint writes them out. */
const CHECKPOINT_WRITES = 150_000;

/**
 * Generates the district into the (empty) store in `dataDir`: the base documents, then the
 * period played by the World, handed out in large batches as it goes to a writer thread (the
 * host's store format, see bulk-writer.ts) — memory holds what the simulation still reads,
 * not a year, and the writing runs on the second core. `ms.write` is the time the writing
 * cost the main thread plus what was left to write when the simulation ended.
 */
export const generateDistrict = async (
  dataDir: string,
  scale: Scale,
  options: { seed?: string; nowMs: number; onProgress?: Progress; /** Documents waiting before they are written out (tests use few, to exercise it). */ checkpointWrites?: number },
): Promise<GenerateResult> => {
  const plan = planDistrict(scale, options.seed ?? DEFAULT_SEED, options.nowMs);
  const writer = new BulkWriter(dataDir, COLLECTIONS);
  try {
    const db = new MemDb(COLLECTIONS);
    for (const w of plan.base) if (w.doc) db.put(w.collection, asStored(w.doc));
    const world = new World(db, plan.startMs, createRng(`${plan.seed}:world`), `scene-key-${plan.seed}`);
    const t0 = performance.now();
    let handOffMs = 0;
    const flush = () => {
      const t = performance.now();
      writeRollups(db);
      db.flushTo(writer, 10_000, WRITE_ONLY);
      handOffMs += performance.now() - t;
    };
    const stats = await runPlan(world, plan, options.onProgress, () => {
      if (db.pendingWrites >= (options.checkpointWrites ?? CHECKPOINT_WRITES)) flush();
    });
    flush();
    const simulateMs = performance.now() - t0 - handOffMs;
    // What the writer still has to put in: its progress from here on is the write phase's.
    const t1 = performance.now();
    const total = writer.backlog;
    let done = 0;
    options.onProgress?.('write', 0, total);
    writer.onWritten = (rows) => options.onProgress?.('write', (done += rows), total);
    await writer.close();
    return { plan, stats, documents: writer.written, sweeps: world.sweeps, ms: { simulate: simulateMs, write: handOffMs + (performance.now() - t1) } };
  } catch (error) {
    await writer.abort();
    throw error;
  }
};
