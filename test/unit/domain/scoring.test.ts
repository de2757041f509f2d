import fc from 'fast-check';
import type { OrderDoc } from '../../../domain/model/order';
import { addCounters, countersOf, isZero, keysOf, rollupDelta, zeroCounters, type Counters } from '../../../domain/scoring/contribution';
import { percentileFromHistogram, rankBySatisfaction, scoresFrom } from '../../../domain/scoring/scores';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const MIN = 60_000;
const base = (over: Partial<OrderDoc> = {}): OrderDoc =>
  ({
    _id: 'o1',
    no: 'n',
    status: 'dispatched',
    level: 'grid',
    version: 2,
    category: 'repair',
    kind: 'service',
    priority: 'normal',
    description: 'x',
    media: [],
    place: { orgId: 'b1', label: '', buildingId: 'b1', gridId: 'g1', communityId: 'c1', streetId: 's1', districtId: 'd' },
    orgPath: ['d', 's1', 'c1', 'g1', 'b1'],
    channel: 'self',
    filedBy: 'r',
    residentOpenid: 'r',
    assignee: { kind: 'user', openid: 'h', name: 'H', role: 'grid_worker' },
    handlerOpenid: null,
    reopenCount: 0,
    flaggedForSecretary: false,
    needsReturnVisit: false,
    submittedAt: T0,
    updatedAt: T0,
    promiseDueAt: T0 + 1440 * MIN,
    clocks: [
      { kind: 'respond', level: 'grid', policyId: 'p', calendar: { kind: '24x7' }, budgetMinutes: 30, startedAt: T0, dueAt: T0 + 30 * MIN, remindAt: T0 + 24 * MIN, remindRatio: 0.8, remindedAt: null, metAt: null, breachedAt: null, stoppedAt: null, pausedAt: null, pausedMinutes: 0 },
    ],
    ...over,
  }) as OrderDoc;

const closedOn = (stars: number, resolveAfterMin: number, respondAfterMin: number, over: Partial<OrderDoc> = {}) => {
  const o = base(over);
  return base({
    ...over,
    status: 'closed',
    resolution: { note: 'ok', media: [], at: T0 + resolveAfterMin * MIN, by: 'h' },
    rating: { stars, at: T0, by: 'r', byProxy: false },
    clocks: [{ ...o.clocks![0], metAt: T0 + respondAfterMin * MIN }],
  });
};

describe('score definitions on hand-computed fixtures', () => {
  it('the three rates, reopen rate, grid share, median and p90', () => {
    const orders = [
      closedOn(5, 60, 10), // on time everything, satisfied, resolved within 60 min
      closedOn(4, 2000, 45), // respond late (45 > 30), resolve late (2000 > 1440), satisfied
      closedOn(2, 100, 20, { reopenCount: 1, level: 'community' }), // unsatisfied, reopened, closed at community
      base(), // open, respond undecided
    ];
    const sum = orders.map(countersOf).reduce((a, b) => addCounters(a, b), zeroCounters());
    const s = scoresFrom({ orgId: 'c1', from: '2026-03-01', to: '2026-03-31' }, sum, { mean: 4, weight: 10 });
    expect(s).toMatchObject({
      count: 4,
      acceptRate: 0.6667,
      onTimeResolveRate: 0.6667,
      satisfactionRate: 0.6667,
      reopenRate: 0.3333,
      gridShare: 0.6667,
      rated: 3,
      meanStars: 3.667,
      medianResolveMinutes: 120,
      p90ResolveMinutes: 2880,
    });
    expect(s.smoothedSatisfaction).toBe(Number(((10 * 4 + 11) / 13).toFixed(3)));
  });

  it('nothing to divide by is null, not 0', () => {
    const s = scoresFrom({ orgId: 'x', from: 'a', to: 'b' }, zeroCounters(), { mean: 4.5, weight: 10 });
    expect([s.acceptRate, s.satisfactionRate, s.meanStars, s.smoothedSatisfaction, s.medianResolveMinutes]).toEqual([null, null, null, null, null]);
  });

  it('smoothing: two 5-star ratings do not outrank two hundred 4.8s', () => {
    const small = scoresFrom({ orgId: 'small', from: '', to: '' }, { ...zeroCounters(), rated: 2, starsSum: 10 }, { mean: 4.2, weight: 10 });
    const large = scoresFrom({ orgId: 'large', from: '', to: '' }, { ...zeroCounters(), rated: 200, starsSum: 960 }, { mean: 4.2, weight: 10 });
    expect(small.meanStars).toBeGreaterThan(large.meanStars!);
    expect(rankBySatisfaction([small, large]).map((r) => r.orgId)).toEqual(['large', 'small']);
  });

  it('percentiles from the histogram', () => {
    expect(percentileFromHistogram([0, 0, 0], 50)).toBeNull();
    expect(percentileFromHistogram([1, 1, 1, 1], 50)).toBe(60);
  });

  it('an order counts for every node on its path, its handler, on its Beijing submission day', () => {
    const keys = keysOf(base({ submittedAt: Date.parse('2026-03-02T23:30:00+08:00'), handlerOpenid: 'h' }));
    expect(keys).toEqual(['d|2026-03-02', 's1|2026-03-02', 'c1|2026-03-02', 'g1|2026-03-02', 'b1|2026-03-02', 'user:h|2026-03-02']);
  });

  it('a department keeps the order it took on (报到) after an officer claims it', () => {
    const queued = base({ assignee: { kind: 'queue', queue: 'department', orgId: 'dep-zj', name: '住建局' } });
    expect(keysOf(queued)).toContain('dep-zj|2026-03-02');
    const claimed = base({ departmentId: 'dep-zj', handlerOpenid: 'officer', assignee: { kind: 'user', openid: 'officer', name: '周婷', role: 'department_officer' } });
    expect(keysOf(claimed)).toEqual(expect.arrayContaining(['dep-zj|2026-03-02', 'user:officer|2026-03-02']));
  });
});

describe('rollups stay equal to a from-scratch recomputation', () => {
  const step = fc.record({
    order: fc.nat(5),
    status: fc.constantFrom<OrderDoc['status']>('dispatched', 'claimed', 'resolved', 'closed', 'cancelled', 'merged'),
    stars: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    handler: fc.option(fc.constantFrom('h1', 'h2'), { nil: null }),
    level: fc.constantFrom<OrderDoc['level']>('grid', 'community', 'street'),
    resolveAfter: fc.option(fc.integer({ min: 1, max: 30_000 }), { nil: null }),
    reopen: fc.boolean(),
    dayShift: fc.integer({ min: 0, max: 3 }),
    grid: fc.constantFrom('g1', 'g2'),
    // Re-classified by staff now and then: the per-category counts must follow.
    category: fc.constantFrom('repair', 'dispute', 'elderly'),
  });

  it('property: Σ deltas over any history = Σ contributions of the final orders', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const orders = new Map<number, OrderDoc>();
        const rollup = new Map<string, Counters>();
        for (const s of steps) {
          const before = orders.get(s.order) ?? null;
          const after = base({
            _id: `o${s.order}`,
            status: s.status,
            level: s.level,
            handlerOpenid: s.handler,
            rating: s.stars ? { stars: s.stars, at: T0, by: 'r', byProxy: false } : null,
            resolution: s.resolveAfter ? { note: '', media: [], at: T0 + s.resolveAfter * MIN, by: s.handler ?? 'h1' } : null,
            reopenCount: s.reopen ? 1 : 0,
            submittedAt: before?.submittedAt ?? T0 + s.dayShift * 86_400_000,
            orgPath: before?.orgPath ?? ['d', 's1', 'c1', s.grid],
            category: s.category,
          });
          for (const [key, delta] of rollupDelta(before, after)) rollup.set(key, addCounters(rollup.get(key) ?? zeroCounters(), delta));
          orders.set(s.order, after);
        }
        const scratch = new Map<string, Counters>();
        for (const o of orders.values()) for (const key of keysOf(o)) scratch.set(key, addCounters(scratch.get(key) ?? zeroCounters(), countersOf(o)));
        const nonZero = (m: Map<string, Counters>) => new Map([...m].filter(([, c]) => !isZero(c)));
        expect(nonZero(rollup)).toEqual(nonZero(scratch));
        // Per-category counts of a node add up to its submitted count.
        for (const c of rollup.values()) expect(Object.values(c.categories).reduce((a, b) => a + b, 0)).toBe(c.submitted);
      }),
      { numRuns: 300 },
    );
  });
});

describe('categories in the rollups', () => {
  it('an order counts once for its category; a re-classification moves it; cancelling removes it', () => {
    const repair = base({ category: 'repair' });
    expect(countersOf(repair).categories).toEqual({ repair: 1 });
    const moved = rollupDelta(repair, base({ category: 'dispute' })).get('c1|2026-03-02')!;
    expect(moved.categories).toEqual({ repair: -1, dispute: 1 });
    const cancelled = addCounters(countersOf(repair), rollupDelta(repair, base({ status: 'cancelled' })).get('c1|2026-03-02')!);
    expect(cancelled.categories).toEqual({});
    expect(isZero(cancelled)).toBe(true);
  });

  it('rollups written before categories existed still add up', () => {
    const legacy = { ...countersOf(base()), categories: undefined } as unknown as Counters;
    expect(addCounters(legacy, countersOf(base({ category: 'dispute' }))).categories).toEqual({ dispute: 1 });
    expect(addCounters(countersOf(base({ category: 'constructor' })), countersOf(base({ category: 'constructor' }))).categories).toEqual({ constructor: 2 });
  });
});
