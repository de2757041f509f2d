/**
 * Issue 18: each budgeted action's database requests, from the engine's counter (not a timing),
 * on a warm call of the scenario bench/action-budgets.ts describes. A change that adds a request
 * to one of them fails here with the action's name and its new count. When you cut requests,
 * lower the pin to the new count (bench/README.md has the table, `npm run bench -- p10-actions`
 * the waves).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { makeWorld, measureOnce, SCENARIOS, sweepScenario, type World } from '../../bench/action-budgets';
import { callContext } from '../../server/sdk-bridge';
import { startTestHost, type TestHost } from '../helpers/test-host';

/** Most requests a warm call may make, recorded 2026-12-07 (before issue 18's round-trip work). */
const MAX_REQUESTS: Record<string, number> = {
  'orders.submit': 24,
  'orders.claim': 15,
  'orders.start': 11,
  'orders.resolve': 18,
  'orders.rate': 17,
  'orders.approve': 14,
  'orders.dispatch': 18,
  'orders.escalate': 17,
  'orders.verify': 16,
  'checkins.checkIn': 22,
  'checkins.checkOut': 14,
  'checkins.redeem': 21,
  'checkins.register': 15,
  'scoring.recordVisit': 15,
  'orders.get': 4,
  // The first 待办 page also reads its 已上报 section.
  'orders.list todo': 4,
  'orders.list mine': 3,
  'org.whoami': 4,
  'checkins.me': 11,
  'scoring.dashboard district': 12,
  'scoring.visits': 3,
  'sweep.run N=1': 28,
  'sweep.run N=50': 1155,
};

describe('database requests per action (issue 18)', () => {
  let host: TestHost;
  let world: World;

  beforeAll(async () => {
    host = startTestHost({ dbLatency: { rttMs: 0, jitterMs: 0 } });
    world = await makeWorld(host, 'rb');
  });
  afterAll(() => host.destroy());

  it('every budgeted action has a pin, and no warm call makes more requests than its pin', async () => {
    const scenarios = [...SCENARIOS, sweepScenario(1), sweepScenario(50)];
    expect(scenarios.map((s) => s.id).sort()).toEqual(Object.keys(MAX_REQUESTS).sort());
    const over: string[] = [];
    for (const scenario of scenarios) {
      await measureOnce(world, scenario); // cold: first-call work (a person's first counter, a first fold) is not what users feel each time
      const { requests, waves } = await measureOnce(world, scenario);
      expect(waves).toBeLessThanOrEqual(requests);
      if (requests > MAX_REQUESTS[scenario.id]) over.push(`${scenario.id}: ${requests} requests (pinned ≤ ${MAX_REQUESTS[scenario.id]})`);
    }
    expect(over).toEqual([]);
  }, 60_000);

  it('a wave is the requests in flight together: a Promise.all of three reads is one wave, three awaited reads are three', async () => {
    const db = host.sdk().database();
    const read = (id: string) => db.collection('orgs').doc(id).get();
    // host.runAs gives the SDK a call context with its own meter; read it back through the context.
    const counted = async (body: () => Promise<unknown>) =>
      host.runAs('demo-resident', async () => {
        await body();
        const meter = callContext.getStore()?.db;
        return { requests: meter?.requests, waves: meter?.waves };
      });
    expect(await counted(() => Promise.all(['d-wc', 'c-wh', 'b-wh-1-1'].map(read)))).toEqual({ requests: 3, waves: 1 });
    expect(
      await counted(async () => {
        for (const id of ['d-wc', 'c-wh', 'b-wh-1-1']) await read(id);
      }),
    ).toEqual({ requests: 3, waves: 3 });
  });

  it('counts what the injected round trip delays, and dev mode answers the counts in X-RedGrid-Db', async () => {
    const port = await host.listen(0);
    host.dbLatency.rttMs = 10;
    try {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/api/cloud/org`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-dev-openid': 'demo-resident' },
        body: JSON.stringify({ action: 'whoami', payload: {} }),
      });
      const ms = performance.now() - t0;
      expect(((await res.json()) as { result: { ok: boolean } }).result.ok).toBe(true);
      const stats = host.lastDbStats()!;
      expect(res.headers.get('x-redgrid-db')).toBe(`requests=${stats.requests}; waves=${stats.waves}`);
      expect(ms).toBeGreaterThanOrEqual(stats.waves * 10 - 1);
    } finally {
      host.dbLatency.rttMs = 0;
    }
  });

  it('one call context per process, so hosts bundled apart (the benches) share it', () => {
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('redgrid.callContext')]).toBe(callContext);
    expect(callContext).toBeInstanceOf(AsyncLocalStorage);
  });
});
