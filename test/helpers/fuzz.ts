import fc from 'fast-check';

/**
 * Malformed payloads for input fuzzing: a valid payload with one part made wrong (wrong type,
 * oversize, operator injection, prototype keys, deep nesting, NaN/Infinity, negative numbers,
 * invalid dates, emoji / RTL / zero-width text where an id, enum or date belongs, extra keys).
 * Every value is invalid for its field, so each payload must be refused as a whole.
 */

export const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });

export const weirdText = fc.constantFrom(
  '😀🏠'.repeat(3),
  '\u202Eevil\u202C',
  'a\u200Bb',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '$where',
  '../../etc/passwd',
  '\u0000',
  'c-wh\n',
  ' c-wh',
  'ｃ－ｗｈ',
);

/** Dates and months that look right and are not (or are not in the expected form). */
export const invalidDates = fc.constantFrom('2026-02-30', '2026-13-01', '2026-00-10', '0000-00-00', '2026-3-2', '2026-03-02T00:00:00Z', '20260302', '2026/03/02', 'yesterday', '2026-02', '');
export const invalidMonths = fc.constantFrom('2026-13', '2026-00', '2026-3', '26-03', '2026-03-02', '2026—03', '');
export const invalidClocks = fc.constantFrom('24:00', '08:60', '8:00', '08:00:00', '-1:00', '', '０８:００');

/** A value of the wrong kind for `original` (never valid: every field has a type and bounds). */
export const wrongFor = (original: unknown): fc.Arbitrary<unknown> => {
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
    // Out of every field's range (coordinates, counts, amounts alike); small negatives and fractions per field below.
    return fc.oneof(...common, fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e12, -1e12, 2 ** 53), weirdText, fc.constant('5'), fc.constant(null));
  }
  if (Array.isArray(original)) {
    const first = original[0];
    return fc.oneof(
      fc.constant({ $gt: '' }),
      fc.constant('not-an-array'),
      fc.constant(new Array(500).fill(first ?? '/uploads/aaaaaaaaaaaaaaaa.jpg')),
      fc.constant([{ $gt: '' }]),
      fc.constant([nested(100)]),
      ...(first !== undefined ? [wrongFor(first).map((bad) => [bad, ...original.slice(1)])] : []),
    );
  }
  if (original && typeof original === 'object') {
    // An object field: wrong as a whole, or one of its own fields made wrong.
    const inner = Object.keys(original).length > 0 ? [malformed(original as Record<string, unknown>)] : [];
    return fc.oneof(...common.slice(0, 2), fc.constant('x'), fc.constant(42), fc.constant([]), fc.constant(null), ...inner);
  }
  return fc.oneof(...common.slice(0, 2), fc.constant('x'), fc.constant(42), fc.constant([]));
};

/** ids, enums, dates and codes also refuse look-alike text. */
const ID_LIKE = new Set([
  'rootId', 'orgId', 'id', 'scene', 'category', 'box', 'queue', 'kind',
  'communityId', 'stationId', 'shiftId', 'rewardId', 'openid', 'token', 'staticScene',
  'status', 'format', 'outcome', 'method', 'cursor', 'metric',
]);
const DATE_LIKE = new Set(['from', 'to', 'weekOf', 'date']);
const MONTH_LIKE = new Set(['month']);
const CLOCK_LIKE = new Set(['start', 'end']);

/** Whole, positive counts (stars, versions, limits, capacities, minutes …): a negative or a fraction is wrong too. */
const COUNT_LIKE = new Set(['limit', 'days', 'capacity', 'version', 'stars', 'depth', 'speed', 'attitude', 'result']);

const wrongAt = (key: string, original: unknown): fc.Arbitrary<unknown> => {
  if (typeof original === 'number' && COUNT_LIKE.has(key)) return fc.oneof(wrongFor(original), fc.constantFrom(-1, 1.5, -0.5));
  if (typeof original === 'number' && key === 'amount') return fc.oneof(wrongFor(original), fc.constantFrom(0, 1.5, -1001, 1001));
  if (typeof original === 'number' && key === 'minutes') return fc.oneof(wrongFor(original), fc.constantFrom(-1, 1.5, 24 * 60 + 1));
  if (typeof original !== 'string') return wrongFor(original);
  if (ID_LIKE.has(key)) return fc.oneof(wrongFor(original), weirdText);
  if (DATE_LIKE.has(key)) return fc.oneof(wrongFor(original), invalidDates, weirdText);
  if (MONTH_LIKE.has(key)) return fc.oneof(wrongFor(original), invalidMonths, weirdText);
  if (CLOCK_LIKE.has(key)) return fc.oneof(wrongFor(original), invalidClocks);
  return wrongFor(original);
};

/** `payload` with one field made wrong, or an extra (prototype-polluting, operator, owner) key. */
export const malformed = (payload: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> => {
  const keys = Object.keys(payload);
  const extraKey = fc.constantFrom('__proto__', 'constructor', 'prototype', '$where', '$set', 'extra', '_id', '_openid', 'openid').map((k) => {
    const copy = { ...payload };
    if (Object.prototype.hasOwnProperty.call(copy, k)) {
      copy[k] = { polluted: true };
      return copy;
    }
    Object.defineProperty(copy, k, { value: { polluted: true }, enumerable: true, writable: true, configurable: true });
    return copy;
  });
  if (keys.length === 0) return extraKey;
  const changeOne = fc.constantFrom(...keys).chain((key) => wrongAt(key, payload[key]).map((value) => ({ ...payload, [key]: value })));
  return fc.oneof(changeOne, extraKey);
};
