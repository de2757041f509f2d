import fc from 'fast-check';
import type { FunctionName } from '../../server/host';
import { startTestHost, type TestHost } from '../helpers/test-host';

/**
 * Input fuzzing: for every action, payloads built from a valid one with one part made wrong
 * (wrong type, oversize, operator injection, prototype keys, deep nesting, NaN/Infinity,
 * negative numbers, emoji / RTL / zero-width text where an id or enum belongs, extra keys).
 * Each must be refused with INVALID_ARGUMENT and a readable Chinese message, no stack
 * trace, and the store byte-for-byte unchanged. REDGRID_FUZZ_RUNS sets the count per action.
 */
const RUNS = Number(process.env.REDGRID_FUZZ_RUNS ?? 2000);

const VALID: { fn: FunctionName; action: string; payload: Record<string, unknown> }[] = [
  { fn: 'org', action: 'tree', payload: { rootId: 'c-wh', depth: 2 } },
  { fn: 'org', action: 'resolveScene', payload: { scene: 'Bb-wh-1-1.abcdefghij' } },
  { fn: 'org', action: 'qrcode', payload: { orgId: 'b-wh-1-1' } },
  { fn: 'org', action: 'inbox', payload: { limit: 10 } },
  { fn: 'org', action: 'markRead', payload: { ids: ['ntf_1'] } },
  { fn: 'orders', action: 'submit', payload: { orgId: 'b-wh-1-1', category: 'repair', description: '楼道灯坏了需要维修', contactPhone: '13900000001', media: [] } },
  { fn: 'orders', action: 'get', payload: { id: 'ord_x' } },
  { fn: 'orders', action: 'list', payload: { box: 'mine', limit: 10 } },
  { fn: 'orders', action: 'claim', payload: { id: 'ord_x', version: 2 } },
  { fn: 'orders', action: 'resolve', payload: { id: 'ord_x', note: '已处理完毕', media: [] } },
  { fn: 'orders', action: 'rate', payload: { id: 'ord_x', stars: 5, dims: { speed: 5 }, tags: ['及时'], comment: '好' } },
  { fn: 'orders', action: 'editRating', payload: { id: 'ord_x', stars: 4, dims: { result: 4 }, tags: ['及时'], comment: '改一下' } },
  { fn: 'orders', action: 'dispatch', payload: { id: 'ord_x', to: { kind: 'queue', queue: 'community', orgId: 'c-wh' }, reason: '改派原因' } },
  { fn: 'orders', action: 'escalate', payload: { id: 'ord_x', reason: '需要上级协调' } },
  { fn: 'orders', action: 'merge', payload: { id: 'ord_x', childIds: ['ord_y'], reason: '重复诉求' } },
  { fn: 'sweep', action: 'run', payload: {} },
];

const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });
const weirdText = fc.constantFrom('😀🏠'.repeat(3), '\u202Eevil\u202C', 'a\u200Bb', '<script>alert(1)</script>', "' OR 1=1 --", '$where', '../../etc/passwd', '\u0000');

/** A value of the wrong kind for `original` (never valid: every field has a type and bounds). */
const wrongFor = (original: unknown): fc.Arbitrary<unknown> => {
  const common = [
    fc.constant({ $gt: '' }),
    fc.constant({ $where: 'sleep(1000)' }),
    fc.constant([{ $ne: null }]),
    fc.constant(nested(200)),
    fc.constant(JSON.parse('{"__proto__":{"polluted":true}}')),
    fc.constant(true),
    fc.constant(new Array(5000).fill('x')),
  ];
  if (typeof original === 'string') {
    return fc.oneof(...common, fc.constant('字'.repeat(20_000)), fc.double({ noNaN: false }), fc.constant(null));
  }
  if (typeof original === 'number') {
    return fc.oneof(...common, fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -1, 1.5, 1e12), weirdText, fc.constant('5'));
  }
  if (Array.isArray(original)) {
    return fc.oneof(fc.constant({ $gt: '' }), fc.constant('not-an-array'), fc.constant(new Array(500).fill('/uploads/aaaaaaaaaaaaaaaa.jpg')), fc.constant([{ $gt: '' }]), fc.constant([nested(100)]));
  }
  return fc.oneof(...common.slice(0, 2), fc.constant('x'), fc.constant(42), fc.constant([]));
};

/** ids and enums also refuse look-alike text. */
const ID_LIKE = new Set(['rootId', 'orgId', 'id', 'scene', 'category', 'box', 'queue', 'kind']);

const malformed = (payload: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> => {
  const keys = Object.keys(payload);
  const extraKey = fc.constantFrom('__proto__', 'constructor', 'prototype', '$where', 'extra', '_openid', 'openid').map((k) => {
    const copy = { ...payload };
    Object.defineProperty(copy, k, { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
    return copy;
  });
  if (keys.length === 0) return extraKey;
  const changeOne = fc.constantFrom(...keys).chain((key) => {
    const original = payload[key];
    const wrong = ID_LIKE.has(key) && typeof original === 'string' ? fc.oneof(wrongFor(original), weirdText) : wrongFor(original);
    return wrong.map((value) => ({ ...payload, [key]: value }));
  });
  return fc.oneof(changeOne, extraKey);
};

describe('input fuzzing: malformed payloads are refused cleanly and change nothing', () => {
  let host: TestHost;
  let digest: string;
  beforeAll(() => {
    host = startTestHost();
    digest = host.store.digest();
  });
  afterAll(() => host.destroy());

  it.each(VALID.map((v) => [`${v.fn}.${v.action}`, v] as const))(`%s × ${RUNS}`, async (_name, valid) => {
    await fc.assert(
      fc.asyncProperty(malformed(valid.payload), fc.constantFrom('demo-district-admin', 'demo-secretary', 'demo-resident'), async (payload, openid) => {
        const res = (await host.invoke(valid.fn, { action: valid.action, payload }, openid)) as { ok: boolean; error?: { code: string; message: string } };
        expect(res.ok).toBe(false);
        expect(res.error?.code).toBe('INVALID_ARGUMENT');
        expect(res.error?.message).toMatch(/[\u4e00-\u9fa5]/);
        expect(res.error?.message).not.toMatch(/\bat\s+\S+:\d+|Error:|\.ts:\d+/);
      }),
      { numRuns: RUNS },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(host.store.digest()).toBe(digest);
  }, 120_000);

  it('malformed events (not an object, wrong action types, bad idempotency keys) are refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record({ action: fc.oneof(fc.integer(), fc.constant(''), fc.string({ minLength: 65, maxLength: 100 }), fc.constant({ $gt: '' })) }),
          fc.record({ action: fc.constant('whoami'), idempotencyKey: fc.oneof(fc.constant('short'), fc.constant('x'.repeat(65)), fc.constant('含中文的键值abcdefg'), fc.constant({ $ne: 1 })) }),
        ),
        async (event) => {
          const res = (await host.invoke('org', event, 'demo-resident')) as { ok: boolean; error?: { code: string } };
          if (res.ok) return; // fc.anything() can produce a valid {action:'whoami'}-less object only by chance; a success here changed nothing either
          expect(['INVALID_ARGUMENT', 'NOT_FOUND']).toContain(res.error?.code);
        },
      ),
      { numRuns: Math.min(RUNS, 1000) },
    );
    expect(host.store.digest()).toBe(digest);
  }, 120_000);
});
