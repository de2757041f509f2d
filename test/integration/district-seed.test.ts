import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/_shared/collections';
import { addCounters, type Counters, zeroCounters } from '../../domain/scoring/contribution';
import { createHost } from '../../server/host';
import { generateDistrict, planDistrict, runPlan } from '../../server/seed/district/generate';
import { HostExecutor } from '../../server/seed/district/host-executor';
import { SCALES } from '../../server/seed/district/scale';
import { type Doc, DocumentStore } from '../../server/store/document-store';
import { FIXED_NOW, FUNCTIONS_DIR, requireBuiltFunctions } from '../helpers/test-host';

/**
 * The generator's fast path (domain use cases over an in-memory store, written in bulk) is
 * proven equal to the real thing: the same ten days of a small district are played through
 * the real function bundles on a host (every submit, claim, rating, visit, 双报到, check-in
 * and every sweep) and through the generator, and the two stores must hold the same
 * documents. Exceptions, each by design: notification ids are random in the functions
 * (compared by content), station keys are random (compared by id), the functions' score
 * deltas are folded later by the sweep (rollups + pending deltas must equal the
 * generator's rollups), and the host's `outbox` (its stand-in for WeChat subscribe
 * messages) is not generated.
 */

const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

const RANDOM_ID_COLLECTIONS = new Set(['notifications', 'audit']);
const SKIPPED = new Set(['outbox', 'score_deltas', 'score_rollups', 'rate_limits', 'idempotency']);

const effectiveRollups = (store: DocumentStore): Map<string, Counters> => {
  const out = new Map<string, Counters>();
  for (const r of store.all('score_rollups')) out.set(r._id, r.counters as Counters);
  for (const d of store.all('score_deltas')) {
    if (d.applied) continue;
    for (const e of d.entries as { key: string; counters: Counters }[]) out.set(e.key, addCounters(out.get(e.key) ?? zeroCounters(), e.counters));
  }
  return out;
};

describe('district generator', () => {
  beforeAll(requireBuiltFunctions);
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('the bulk path leaves exactly the documents the real functions leave (ten days, four communities)', async () => {
    const scale = SCALES.tiny;
    const seed = 'equality';

    // 1. The reference: the real functions on a host, the sweep fired by its timer.
    const hostDir = mkdtempSync(join(tmpdir(), 'redgrid-seed-host-'));
    dirs.push(hostDir);
    const plan = planDistrict(scale, seed, FIXED_NOW);
    const host = createHost({ dataDir: hostDir, functionsDir: FUNCTIONS_DIR, dev: true, seed: 'none', clockStartMs: plan.startMs, sweepEveryMs: 0 });
    host.store.commit(plan.base);
    const viaFunctions = await runPlan(new HostExecutor(host), plan);

    // 2. The generator into another store.
    const bulkDir = mkdtempSync(join(tmpdir(), 'redgrid-seed-bulk-'));
    dirs.push(bulkDir);
    const generated = await generateDistrict(bulkDir, scale, { seed, nowMs: FIXED_NOW, checkpointWrites: 1500 });
    // Read back from disk by the host's own store: the bulk format is the store's.
    const bulk = new DocumentStore({ dataDir: bulkDir, indexes: COLLECTIONS });

    // Same behaviour seen from both sides: the same calls, the same refusals.
    expect(generated.stats).toEqual(viaFunctions);
    expect(viaFunctions.orders.submitted).toBeGreaterThan(100);
    expect(viaFunctions.checkins.sessions).toBeGreaterThan(0);

    const names = new Set([...host.store.collectionNames(), ...bulk.collectionNames()]);
    for (const name of [...names].sort()) {
      if (SKIPPED.has(name)) continue;
      const a = host.store.all(name);
      const b = bulk.all(name);
      if (name === 'secrets') {
        expect(b.map((d) => d._id).sort()).toEqual(a.map((d) => d._id).sort());
        continue;
      }
      const key = (d: Doc) => (RANDOM_ID_COLLECTIONS.has(name) ? canonical({ ...d, _id: undefined }) : canonical(d)).replace(/reg_[0-9a-f]{24}/g, 'reg_<random>'); // registration ids are random on both sides
      const left = a.map(key).sort();
      const right = b.map(key).sort();
      expect({ name, count: right.length }).toEqual({ name, count: left.length });
      const firstDiff = left.findIndex((x, i) => x !== right[i]);
      expect({ name, doc: right[firstDiff] ?? null }).toEqual({ name, doc: left[firstDiff] ?? null });
    }

    const fromFunctions = effectiveRollups(host.store);
    const fromBulk = effectiveRollups(bulk);
    expect(fromBulk.size).toBe(fromFunctions.size);
    for (const [k, c] of fromFunctions) expect({ k, c: fromBulk.get(k) }).toEqual({ k, c });

    await host.close();
    bulk.close();
  }, 300_000);
});
