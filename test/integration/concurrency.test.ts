import { ledgerBurst, submitBurst } from '../../bench/concurrency-benches';
import { fixtures } from '../helpers/fixtures';
import { startTestHost, TEST_RATE_LIMITS, type TestHost } from '../helpers/test-host';

/**
 * Concurrency through the real functions (reduced counts; `npm run bench -- p8-concurrency`
 * runs 1,000 submits with 100 keys and 400 ledger operations): idempotent submits make one order
 * per key; concurrent ledger operations never break the zero-sum invariant or overdraw; the
 * rate limiter neither loses a count nor admits one call too many.
 */

type Res = { ok: boolean; data?: unknown; error?: { code: string; message: string; details?: Record<string, unknown> } };

describe('concurrency: idempotent submits and the points ledger', () => {
  let host: TestHost;
  beforeAll(() => {
    host = startTestHost();
  });
  afterAll(() => host.destroy());

  it('200 concurrent submits with 20 idempotency keys make exactly 20 orders, each with its events once', async () => {
    const burst = await submitBurst(host, 200, 20);
    expect(burst).toMatchObject({ calls: 200, keys: 20, ok: 200, replayed: 180, refused: {}, orders: 20, malformed: 0 });
  }, 60_000);

  it('concurrent redemptions, adjustments, earnings and decisions keep the ledger whole and never negative', async () => {
    const burst = await ledgerBurst(host, 25);
    expect(burst).toMatchObject({ zeroSum: true, balancesMatchLines: true, negativeBalances: 0, memberBalanceExplained: true });
    expect(burst.finalBalance).toBeGreaterThanOrEqual(0);
    // Every refusal is a clean business answer (not enough points, already decided), never a crash.
    expect(Object.keys(burst.refused).filter((k) => !/:(FAILED_PRECONDITION|CONFLICT)$/.test(k))).toEqual([]);
    // Each redemption was decided exactly once although clicked twice at once.
    expect((burst.ok.approveRedemption ?? 0) + (burst.ok.rejectRedemption ?? 0)).toBeGreaterThanOrEqual(burst.ok.redeem ?? 0);
  }, 60_000);
});

describe('rate limits per caller (submit, rate, check-in)', () => {
  let host: TestHost;
  const setLimits = (value: string | undefined) => {
    if (value === undefined) delete process.env.REDGRID_RATE_LIMITS;
    else process.env.REDGRID_RATE_LIMITS = value;
  };
  beforeAll(async () => {
    host = startTestHost();
    scene = ((await host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary')) as { data: { scene: string } }).data.scene;
  });
  afterEach(() => setLimits(TEST_RATE_LIMITS));
  afterAll(() => host.destroy());

  let scene = '';
  const submit = (openid: string, key: string) =>
    host.invoke('orders', { action: 'submit', idempotencyKey: key, payload: { scene, category: 'repair', description: '限流测试：楼道灯坏了' } }, openid) as Promise<Res>;

  it('30 concurrent submits by one resident against a budget of 7: exactly 7 land, 23 get a clean RATE_LIMITED, the counter says 7', async () => {
    setLimits('{"limits":{"orders.submit":[{"max":7,"windowMs":60000}]}}');
    const before = host.store.size('orders');
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => submit('limited-resident', `limit-key-${String(i).padStart(4, '0')}`)));
    expect(results.filter((r) => r.ok)).toHaveLength(7);
    const refused = results.filter((r) => !r.ok);
    expect(refused).toHaveLength(23);
    for (const r of refused) {
      expect(r.error).toMatchObject({ code: 'RATE_LIMITED', details: { action: 'orders.submit', limit: 7, windowMs: 60_000 } });
      expect(r.error?.message).toMatch(/^操作太频繁：每分钟最多提交诉求 7 次，请 \d+ (秒|分钟)后再试$/);
      expect(Number(r.error?.details?.retryAfterMs)).toBeGreaterThan(0);
    }
    expect(host.store.size('orders') - before).toBe(7);
    expect(host.store.get('rate_limits', 'orders.submit|limited-resident|60000')).toMatchObject({ count: 7 });
    // Another resident has their own budget; the next minute brings a fresh one.
    expect(await submit('other-resident', 'limit-other-0001')).toMatchObject({ ok: true });
    host.clock.advance(60_000);
    expect(await submit('limited-resident', 'limit-key-next-0001')).toMatchObject({ ok: true });
    expect(host.store.get('rate_limits', 'orders.submit|limited-resident|60000')).toMatchObject({ count: 1 });
  });

  it('a refused call changes nothing but its counter; garbage input and forbidden calls are not even counted', async () => {
    setLimits('{"limits":{"orders.submit":[{"max":1,"windowMs":60000}]}}');
    expect(await submit('quiet-resident', 'quiet-key-0001')).toMatchObject({ ok: true });
    const digest = host.store.digest();
    const withCounters = host.store.digest({ includeCounters: true });
    expect(await submit('quiet-resident', 'quiet-key-0002')).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(host.store.digest()).toBe(digest);
    expect(host.store.get('rate_limits', 'orders.submit|quiet-resident|60000')).toMatchObject({ count: 1 });
    expect(host.store.digest({ includeCounters: true })).toBe(withCounters);
    // An invalid payload is refused before it is counted.
    expect(await host.call('orders', 'submit', { orgId: { $gt: '' } }, 'fresh-resident')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(host.store.get('rate_limits', 'orders.submit|fresh-resident|60000')).toBeUndefined();
  });

  it('the daily budget holds across minutes; the limits are data the environment can raise or switch off', async () => {
    setLimits('{"limits":{"orders.submit":[{"max":5,"windowMs":60000},{"max":6,"windowMs":86400000}]}}');
    let ok = 0;
    for (let i = 0; i < 8; i++) {
      if ((await submit('daily-resident', `daily-key-${String(i).padStart(4, '0')}`)).ok) ok++;
      host.clock.advance(61_000);
    }
    expect(ok).toBe(6);
    const last = await submit('daily-resident', 'daily-key-last');
    expect(last.error?.message).toMatch(/每天最多提交诉求 6 次/);
    setLimits('off');
    expect(await submit('daily-resident', 'daily-key-off')).toMatchObject({ ok: true });
    setLimits('{"scale":2,"limits":{"orders.submit":[{"max":3,"windowMs":60000}]}}');
    const scaled = await Promise.all(Array.from({ length: 10 }, (_, i) => submit('scaled-resident', `scaled-key-${String(i).padStart(4, '0')}`)));
    expect(scaled.filter((r) => r.ok)).toHaveLength(6);
  });

  it('check-ins and ratings are limited too, with the same clean envelope', async () => {
    const fx = fixtures(host);
    setLimits('{"limits":{"checkins.checkIn":[{"max":2,"windowMs":60000}],"orders.rate":[{"max":1,"windowMs":60000}]}}');
    const token = await fx.stationToken('st-wh');
    const tries = await Promise.all(
      Array.from({ length: 6 }, (_, i) => host.invoke('checkins', { action: 'checkIn', idempotencyKey: `ci-key-${String(i).padStart(4, '0')}`, payload: { stationId: 'st-wh', token } }, 'demo-volunteer') as Promise<Res>),
    );
    // Two counted attempts: one checks in, the other finds the open session (CONFLICT); four wait.
    expect(tries.filter((r) => r.ok)).toHaveLength(1);
    expect(tries.filter((r) => r.error?.code === 'CONFLICT')).toHaveLength(1);
    expect(tries.filter((r) => r.error?.code === 'RATE_LIMITED')).toHaveLength(4);
    expect(tries.find((r) => r.error?.code === 'RATE_LIMITED')?.error?.message).toMatch(/每分钟最多签到 2 次/);

    setLimits(TEST_RATE_LIMITS);
    const order = await fx.order('rating-resident');
    expect(await host.call('orders', 'claim', { id: order.id, version: order.version }, 'demo-grid-worker')).toMatchObject({ ok: true });
    expect(await host.call('orders', 'resolve', { id: order.id, note: '已处理完毕' }, 'demo-grid-worker')).toMatchObject({ ok: true });
    setLimits('{"limits":{"orders.rate":[{"max":1,"windowMs":60000}]}}');
    const rates = await Promise.all([5, 5, 5].map((stars) => host.call('orders', 'rate', { id: order.id, stars }, 'rating-resident')));
    expect(rates.filter((r) => r.ok)).toHaveLength(1);
    expect(rates.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED')).toHaveLength(2);
  });
});
