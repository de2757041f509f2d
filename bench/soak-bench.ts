/**
 * P9 (issue 14): the soak. The real host (server-dist/main.cjs) runs as a child process on a fresh
 * data dir under .tmp/soak/; simulated people of the demo district work through the HTTP API
 * while the host's clock runs at REDGRID_SOAK_SPEED× (default 20: 20 s per real second), the
 * sweep runs every simulated minute, and the host is killed with SIGKILL and restarted every
 * REDGRID_SOAK_KILL_EVERY_S (60) seconds for REDGRID_SOAK_SECONDS (300). Calls cut off by a kill
 * are sent again with the same key and payload. Then a last sweep, a clean stop, and the store is
 * read and checked (./soak-invariants.ts). One JSON line: value = the number of violations.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentStore } from '../server/store/document-store';
import { Driver } from './soak-driver';
import { freePort, SoakHost, sleep, snapshotBuild } from './soak-host';
import { checkSoakStore } from './soak-invariants';
import { mulberry32, resident, secretary, SECRETARY_OF, sweeper, volunteer, worker, type World } from './soak-people';

const DAY = 86_400_000;
const BEIJING = 8 * 3_600_000;

const envNumber = (name: string, fallback: number, min: number): number => {
  const v = Number(process.env[name] ?? fallback);
  return Number.isFinite(v) && v >= min ? v : fallback;
};

/** The next 08:05 Beijing time at or after `now` (stations open at 08:00). */
export const nextMorning = (now: number): number => {
  const start = Math.floor((now + BEIJING) / DAY) * DAY - BEIJING + (8 * 60 + 5) * 60_000;
  return start >= now ? start : start + DAY;
};

const BUILDINGS: Record<string, string[]> = {
  'c-wh': ['b-wh-1-1', 'b-wh-1-2', 'b-wh-1-3', 'b-wh-2-1', 'b-wh-2-2'],
  'c-ms': ['b-ms-1-1', 'b-ms-1-2', 'b-ms-1-3', 'b-ms-2-1'],
};

export const p9Soak = async (root: string): Promise<Record<string, unknown>[]> => {
  const seconds = envNumber('REDGRID_SOAK_SECONDS', 300, 5);
  const killEvery = envNumber('REDGRID_SOAK_KILL_EVERY_S', 60, 2);
  const speed = envNumber('REDGRID_SOAK_SPEED', 20, 1);
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const runDir = join(root, '.tmp', 'soak', 'build');
  const dataDir = join(root, '.tmp', 'soak', `data-${stamp}`);
  snapshotBuild(root, runDir);

  const sim = new SimClock(speed);
  const host: SoakHost = new SoakHost({
    runDir,
    dataDir,
    port: await freePort(),
    env: { REDGRID_RATE_LIMITS: process.env.REDGRID_RATE_LIMITS ?? '{"scale":1000}' },
    beforeOpen: () => syncClock(),
  });
  /** Moves the host's clock up to the simulated instant (never back: a restarted host starts at the wall clock). */
  const syncClock = async () => {
    const now = await host.clockNow();
    if (sim.now() > now) await host.advanceClock(sim.now() - now);
  };
  try {
    return await soak(host, sim, syncClock, { seconds, killEvery, speed, stamp, dataDir });
  } finally {
    await host.stop();
  }
};

/** The simulated instant: a start on the host clock, then `speed` simulated ms per real ms once running. */
class SimClock {
  private start = 0;
  private t0: number | undefined;
  constructor(readonly speed: number) {}
  now(): number {
    return this.t0 === undefined ? this.start : this.start + (Date.now() - this.t0) * this.speed;
  }
  setStart(ms: number): void {
    this.start = ms;
  }
  /** Starts running now; answers the real start. */
  run(): number {
    this.t0 = Date.now();
    return this.t0;
  }
}

const soak = async (
  host: SoakHost,
  sim: SimClock,
  syncClock: () => Promise<void>,
  { seconds, killEvery, speed, stamp, dataDir }: { seconds: number; killEvery: number; speed: number; stamp: string; dataDir: string },
): Promise<Record<string, unknown>[]> => {
  await host.start();
  const wall = Date.now();
  const hostNow = await host.clockNow();
  sim.setStart(nextMorning(hostNow));
  await host.advanceClock(sim.now() - hostNow);
  let t0 = Number.MAX_SAFE_INTEGER;
  const endAt = () => t0 + seconds * 1000;
  const driver = new Driver(host, stamp, () => endAt() + 120_000);
  const world: World = {
    driver,
    running: () => Date.now() < endAt(),
    simNow: () => sim.now(),
    scenes: {},
    rand: mulberry32(Number(process.env.REDGRID_SOAK_SEED ?? 20260302)),
    thinkMs: [150, 900],
  };

  // The door QR of a few buildings per community (what residents scan to file).
  for (const [communityId, buildings] of Object.entries(BUILDINGS)) {
    world.scenes[communityId] = [];
    for (const orgId of buildings) {
      const res = await driver.read('org', 'qrcode', { orgId }, SECRETARY_OF[communityId]);
      if (!res?.ok) throw new Error(`org.qrcode ${orgId}: ${JSON.stringify(res)}`);
      world.scenes[communityId].push(res.data.scene);
    }
  }

  const members: Record<string, Set<string>> = { 'c-wh': new Set(), 'c-ms': new Set() };
  const onActive = (communityId: string) => (openid: string) => members[communityId].add(openid);
  t0 = sim.run();
  const setupS = (t0 - wall) / 1000;

  const clockKeeper = (async () => {
    while (world.running()) {
      if (host.up) await syncClock().catch(() => undefined);
      await sleep(250);
    }
  })();
  const killer = (async () => {
    for (let k = 1; t0 + k * killEvery * 1000 < endAt(); k++) {
      await sleep(Math.max(0, t0 + k * killEvery * 1000 - Date.now()));
      await host.killAndRestart();
    }
  })();
  const communities = ['c-wh', 'c-ms'];
  const people: Promise<void>[] = [
    resident(world, 'demo-resident', 'c-wh'),
    resident(world, 'demo-resident-2', 'c-ms'),
    ...Array.from({ length: 6 }, (_, i) => resident(world, `soak-r-${i + 1}`, communities[i % 2])),
    worker(world, 'demo-grid-worker', 'c-wh'),
    worker(world, 'demo-grid-worker-2', 'c-ms'),
    worker(world, 'demo-department'),
    worker(world, 'demo-street-admin'),
    worker(world, 'demo-district-admin'),
    secretary(world, 'demo-secretary', 'c-wh', () => [...members['c-wh']]),
    secretary(world, 'demo-secretary-2', 'c-ms', () => [...members['c-ms']]),
    volunteer(world, 'demo-volunteer', 'c-wh', onActive('c-wh'), true),
    ...Array.from({ length: 6 }, (_, i) => volunteer(world, `soak-v-${i + 1}`, communities[i % 2], onActive(communities[i % 2]))),
    sweeper(world, 60_000 / speed),
  ];
  await Promise.all([...people, killer, clockKeeper]);
  const durationS = (Date.now() - t0) / 1000;

  // A last sweep folds what is left (the check counts unfolded deltas too), then a clean stop.
  await syncClock().catch(() => undefined);
  await driver.read('sweep', 'run', {}, 'demo-district-admin');
  await host.stop();

  const store = new DocumentStore({ dataDir });
  let check;
  try {
    check = checkSoakStore(store, driver.acks);
  } finally {
    store.close();
  }
  const violations = check.violations;
  const s = driver.stats;
  const expectedKills = Math.max(0, Math.ceil(seconds / killEvery) - 1);
  const pass = violations.length === 0 && host.kills >= expectedKills && s.acknowledged.orderSteps > 0;
  if (pass && process.env.REDGRID_SOAK_KEEP !== '1') rmSync(dataDir, { recursive: true, force: true });
  const byCount = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).sort((a, b) => b[1] - a[1]));
  return [
    {
      bench: 'p9-soak',
      value: violations.length,
      unit: 'count',
      goal: '0 violations',
      pass,
      durationS: Number(durationS.toFixed(1)),
      speed,
      simulatedMinutes: Math.round((durationS * speed) / 60),
      kills: host.kills,
      killEveryS: killEvery,
      downS: Number((host.downMs / 1000).toFixed(1)),
      setupS: Number(setupS.toFixed(1)),
      acknowledged: s.acknowledged,
      calls: s.calls,
      ok: s.ok,
      mutations: s.mutations,
      resent: s.resent,
      replayed: s.replayed,
      abandoned: s.abandoned,
      refusedByCode: byCount(s.refusedByCode),
      topRefusals: Object.fromEntries(Object.entries(byCount(s.refusedByAction)).slice(0, 8)),
      orders: check.counts.orders,
      events: check.counts.events,
      ledgerTx: check.counts.ledgerTx,
      balances: check.counts.balances,
      rollupKeys: check.counts.rollupKeys,
      pendingDeltas: check.counts.pendingDeltas,
      ackedChecked: check.counts.ackedChecked,
      violationsByKind: violations.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v.kind]: (acc[v.kind] ?? 0) + 1 }), {}),
      violations: violations.slice(0, 8).map((v) => `${v.kind}: ${v.message}`),
      ...(pass ? {} : { dataDir, hostLog: host.lastLines().split('\n').slice(-8) }),
    },
  ];
};
