/**
 * P4–P7 (bench/README.md; P3 is in bench/action-benches.ts), bundled by bench/run.mjs with esbuild and run in one process.
 * Everything goes through the real function bundles and the real wx-server-sdk on the host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createHost, type Host } from '../server/host';
import { activeVolunteerWrites } from '../server/seed/checkins-demo';

type Line = Record<string, unknown>;
type Envelope = { ok: boolean; data?: any; error?: { code: string } }; // eslint-disable-line @typescript-eslint/no-explicit-any -- bench reads loosely typed envelopes

const FIXED_NOW = Date.parse('2026-03-02T09:00:00+08:00');

const freshHost = (functionsDir: string): { host: Host; dir: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'redgrid-bench-'));
  return { host: createHost({ dataDir: dir, functionsDir, dev: true, seed: 'demo', clockStartMs: FIXED_NOW, sweepEveryMs: 0 }), dir };
};

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const round = (x: number) => Number(x.toFixed(3));

const sceneFor = async (host: Host) => {
  const qr = (await host.invoke('org', { action: 'qrcode', payload: { orgId: 'b-wh-1-1' } }, 'demo-secretary')) as Envelope;
  return qr.data.scene as string;
};

/** P7: N concurrent claims of one order → exactly one winner; total time. Also a single claim's latency over HTTP. */
export const p7Claims = async (functionsDir: string, n = 1000): Promise<Line[]> => {
  const { host, dir } = freshHost(functionsDir);
  try {
    const scene = await sceneFor(host);
    const submitted = (await host.invoke('orders', { action: 'submit', idempotencyKey: 'bench-p7-0001', payload: { scene, category: 'repair', description: '并发接单测试：楼道灯坏了' } }, 'demo-resident')) as Envelope;
    const { id, version } = submitted.data.order;
    const t0 = performance.now();
    const results = (await Promise.all(
      Array.from({ length: n }, () => host.invoke('orders', { action: 'claim', payload: { id, version } }, 'demo-grid-worker')),
    )) as Envelope[];
    const totalMs = performance.now() - t0;
    const winners = results.filter((r) => r.ok).length;
    const conflicts = results.filter((r) => !r.ok && r.error?.code === 'CONFLICT').length;

    const port = await host.listen(0);
    const claimMs: number[] = [];
    for (let i = 0; i < 50; i++) {
      const s = (await host.invoke('orders', { action: 'submit', idempotencyKey: `bench-p7-http-${String(i).padStart(4, '0')}`, payload: { scene, category: 'repair', description: `接单延迟测试第${i}号` } }, 'demo-resident')) as Envelope;
      const t1 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/api/cloud/orders`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dev-openid': 'demo-grid-worker' },
        body: JSON.stringify({ action: 'claim', payload: { id: s.data.order.id, version: s.data.order.version } }),
      });
      const body = (await res.json()) as { result: Envelope };
      claimMs.push(performance.now() - t1);
      if (!body.result.ok) throw new Error(`claim failed: ${JSON.stringify(body.result.error)}`);
      await host.invoke('orders', { action: 'resolve', payload: { id: s.data.order.id, note: '已处理' } }, 'demo-grid-worker');
    }
    return [
      {
        bench: 'p7-claims',
        value: winners,
        unit: 'count',
        goal: `${n} concurrent claims → exactly 1 winner`,
        pass: winners === 1 && conflicts === n - 1,
        conflicts,
        totalMs: round(totalMs),
        httpClaimP50Ms: round(percentile(claimMs, 50)),
        httpClaimP99Ms: round(percentile(claimMs, 99)),
      },
    ];
  } finally {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * P4: the sweep with the same 100 due clocks among 1k and among 100k open orders
 * (side by side; the `wakeAt` index makes the cost follow the due orders, goal ≤ 2×).
 */
export const p4Sweep = async (functionsDir: string, sizes: [number, number] = [1_000, 100_000], dueCount = 100): Promise<Line[]> => {
  const timeFor = async (openOrders: number) => {
    const { host, dir } = freshHost(functionsDir);
    try {
      const scene = await sceneFor(host);
      const made = (await host.invoke('orders', { action: 'submit', idempotencyKey: 'bench-p4-template', payload: { scene, category: 'repair', description: '清扫测试模板：楼道灯坏了' } }, 'demo-resident')) as Envelope;
      const template = host.store.get('orders', made.data.order.id) as unknown as Record<string, unknown> & { clocks: { dueAt: number; remindAt: number }[] };
      const now = FIXED_NOW;
      const batch: { collection: string; id: string; doc: { _id: string } & Record<string, unknown> }[] = [];
      for (let i = 0; i < openOrders; i++) {
        const due = i < dueCount;
        const shift = due ? -3_600_000 : 30 * 86_400_000;
        const clocks = template.clocks.map((c) => ({ ...c, dueAt: c.dueAt + shift, remindAt: c.remindAt + shift }));
        const id = `bench-o-${i}`;
        batch.push({ collection: 'orders', id, doc: { ...template, _id: id, clocks, wakeAt: Math.min(...clocks.map((c) => c.remindAt)), version: 2 } });
        if (batch.length === 5000) host.store.commit(batch.splice(0));
      }
      if (batch.length) host.store.commit(batch.splice(0));
      host.clock.advance(1);
      const t0 = performance.now();
      const res = (await host.trigger('sweep')) as Envelope;
      const ms = performance.now() - t0;
      const task = res.data.tasks.find((t: { name: string }) => t.name === 'sla');
      return { ms, processed: task.processed as number, now };
    } finally {
      await host.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  await timeFor(sizes[0]); // warm-up: JIT and module caches, so the first measured run is not penalised
  const small = await timeFor(sizes[0]);
  const large = await timeFor(sizes[1]);
  const ratio = large.ms / small.ms;
  return [
    {
      bench: 'p4-sweep',
      value: round(ratio),
      unit: 'ratio',
      goal: `sweep time at ${sizes[1]} vs ${sizes[0]} open orders with ${dueCount} due ≤ 2`,
      pass: ratio <= 2 && small.processed === dueCount && large.processed === dueCount,
      smallMs: round(small.ms),
      largeMs: round(large.ms),
      processedSmall: small.processed,
      processedLarge: large.processed,
    },
  ];
};

/** P6: a burst of N check-ins by different volunteers at one station: lost = 0, latency p50/p99. */
export const p6CheckinBurst = async (functionsDir: string, n = 2000): Promise<Line[]> => {
  const { host, dir } = freshHost(functionsDir);
  try {
    const ids = Array.from({ length: n }, (_, i) => `bench-vol-${String(i).padStart(5, '0')}`);
    const writes = activeVolunteerWrites(ids, FIXED_NOW);
    for (let i = 0; i < writes.length; i += 5000) host.store.commit(writes.slice(i, i + 5000));
    const tokenRes = (await host.invoke('checkins', { action: 'stationToken', payload: { stationId: 'st-wh' } }, 'demo-secretary')) as Envelope;
    const token = tokenRes.data.token as string;
    const latencies: number[] = [];
    const t0 = performance.now();
    const results = (await Promise.all(
      ids.map(async (openid) => {
        const t = performance.now();
        const res = (await host.invoke('checkins', { action: 'checkIn', payload: { stationId: 'st-wh', token, location: { lat: 34.3305, lng: 108.7069, accuracy: 10 } } }, openid)) as Envelope;
        latencies.push(performance.now() - t);
        return res;
      }),
    )) as Envelope[];
    const totalMs = performance.now() - t0;
    const succeeded = results.filter((r) => r.ok).length;
    const sessions = host.store.find('checkin_sessions', { status: 'open' }).length;
    const lost = succeeded - sessions;
    return [
      {
        bench: 'p6-checkin-burst',
        value: lost,
        unit: 'count',
        goal: `${n} concurrent check-ins: lost = 0, every one recorded once`,
        pass: lost === 0 && succeeded === n && sessions === n,
        succeeded,
        sessions,
        totalMs: round(totalMs),
        p50Ms: round(percentile(latencies, 50)),
        p99Ms: round(percentile(latencies, 99)),
      },
    ];
  } finally {
    await host.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * The district store P5 reads: generated by `npm run seed`'s generator at district scale
 * (57 communities, a year of ~67k orders with their rollups), kept under .tmp/district-<stamp>
 * (shared with the district browser test) and copied to a scratch dir the host may write to.
 */
const districtStore = async (): Promise<{ dir: string; generatedMs: number | null; cleanup: () => void }> => {
  const root = join(__dirname, '..', '..');
  const { cachedDistrict, copyStore } = await import('../server/seed/district/cached');
  const cached = await cachedDistrict(root, { nowMs: FIXED_NOW });
  const dir = mkdtempSync(join(tmpdir(), 'redgrid-p5-'));
  copyStore(cached.dir, dir);
  return { dir, generatedMs: cached.generatedMs, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
};

/**
 * P5: the district dashboard (scoring.scores over a year, read from rollups) vs a naive full
 * aggregate over the same orders through the SDK (goal ≤ 0.1×), on the generated district:
 * its orders and rollups came through the same domain use cases the functions run (the
 * generator's bulk path is proven equal to the functions in test/integration/district-seed.test.ts).
 */
export const p5Dashboard = async (functionsDir: string): Promise<Line[]> => {
  const { dir, generatedMs, cleanup } = await districtStore();
  const host = createHost({ dataDir: dir, functionsDir, dev: true, seed: 'none', clockStartMs: FIXED_NOW, sweepEveryMs: 0 });
  try {
    const yearStart = Date.parse('2025-03-02T00:00:00+08:00');
    const payload = { orgId: 'd-wc', from: '2025-03-02', to: '2026-03-02' };
    const dashboardMs: number[] = [];
    const naiveMs: number[] = [];
    let dashboard: Envelope | undefined;
    let naiveCount = 0;
    const cloud = host.runAs.bind(host);
    for (let run = 0; run < 3; run++) {
      let t = performance.now();
      dashboard = (await host.invoke('scoring', { action: 'scores', payload }, 'demo-district-admin')) as Envelope;
      dashboardMs.push(performance.now() - t);
      t = performance.now();
      naiveCount = await cloud('demo-district-admin', async () => {
        // The naive way: aggregate every order of the district in the period, every time.
        const sdk = createRequire(join(functionsDir, '_resolve.js'))('wx-server-sdk');
        sdk.init({ env: 'local' });
        const db = sdk.database();
        const $ = db.command.aggregate;
        const res = await db
          .collection('orders')
          .aggregate()
          .match({ orgPath: 'd-wc', submittedAt: db.command.gte(yearStart), status: db.command.nin(['cancelled', 'merged']) })
          .group({ _id: null, count: $.sum(1), stars: $.sum('$rating.stars'), satisfied: $.sum($.cond([$.gte(['$rating.stars', 4]), 1, 0])) })
          .end();
        return (res.list[0]?.count as number) ?? 0;
      });
      naiveMs.push(performance.now() - t);
    }
    const d = percentile(dashboardMs, 50);
    const naive = percentile(naiveMs, 50);
    const ratio = d / naive;
    return [
      {
        bench: 'p5-dashboard',
        value: round(ratio),
        unit: 'ratio',
        goal: 'district dashboard / naive full aggregate ≤ 0.1',
        pass: ratio <= 0.1 && dashboard?.ok === true && dashboard.data.count === naiveCount,
        dashboardMs: round(d),
        naiveMs: round(naive),
        orders: naiveCount,
        dashboardCount: dashboard?.data?.count,
        storeOrders: host.store.size('orders'),
        generatedMs: generatedMs === null ? 'cached' : round(generatedMs),
      },
    ];
  } finally {
    await host.close();
    cleanup();
  }
};
