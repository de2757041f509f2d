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

/** Random values that no field accepts whatever its type: objects with keys of their own, lists of JSON. */
const randomObject = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 4 });
const randomList = fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 6 });
/** Longer than any text field allows (the longest takes 500 characters). */
const oversize = fc.tuple(fc.integer({ min: 2001, max: 30_000 }), fc.constantFrom('x', '字', '😀', '​')).map(([n, c]) => c.repeat(n));
/** Out of every numeric field's range: huge or fractional, or below −100,000. */
const outOfRange = fc.oneof(fc.double({ min: 1e13, max: 1e300, noNaN: true }), fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: -100_001 }));
/** Text with at least one character no id, enum, code or date contains. */
const notAnId = fc
  .tuple(fc.string({ maxLength: 12 }), fc.constantFrom(' ', '$', '.', '/', '中', '​', '‮', '"', '{', '\n', '😀'), fc.string({ maxLength: 12 }))
  .map(([a, c, b]) => `${a}${c}${b}`);

/** A value of the wrong kind for `original` (never valid: every field has a type and bounds). */
export const wrongFor = (original: unknown): fc.Arbitrary<unknown> => {
  const common = [
    randomObject,
    fc.constant({ $gt: '' }),
    fc.constant({ $where: 'sleep(1000)' }),
    fc.constant([{ $ne: null }]),
    fc.constant(nested(200)),
    fc.constant(JSON.parse('{"__proto__":{"polluted":true}}')),
    fc.constant(true),
    fc.constant(new Array(5000).fill('x')),
  ];
  if (typeof original === 'string') {
    return fc.oneof(...common, randomList, oversize, fc.double({ noNaN: false }), fc.integer(), fc.constant(null));
  }
  if (typeof original === 'number') {
    // Out of every field's range (coordinates, counts, amounts alike); small negatives and fractions per field below.
    return fc.oneof(...common, randomList, outOfRange, fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e12, -1e12, 2 ** 53), weirdText, fc.string(), fc.constant(null));
  }
  if (Array.isArray(original)) {
    const first = original[0];
    return fc.oneof(
      fc.constant({ $gt: '' }),
      randomObject,
      fc.string(),
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
  // Instants (a delegation's from / to, in ms): any count would be a valid instant, so only non-instants.
  if (typeof original === 'number' && (key === 'from' || key === 'to')) return fc.constantFrom(-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '2026-03-02', null, { $gt: 0 }, true);
  if (typeof original === 'number' && key === 'minutes') return fc.oneof(wrongFor(original), fc.constantFrom(-1, 1.5, 24 * 60 + 1));
  if (typeof original !== 'string') return wrongFor(original);
  if (ID_LIKE.has(key)) return fc.oneof(wrongFor(original), weirdText, notAnId);
  if (DATE_LIKE.has(key)) return fc.oneof(wrongFor(original), invalidDates, weirdText, notAnId);
  if (MONTH_LIKE.has(key)) return fc.oneof(wrongFor(original), invalidMonths, weirdText, notAnId);
  if (CLOCK_LIKE.has(key)) return fc.oneof(wrongFor(original), invalidClocks, notAnId);
  return wrongFor(original);
};

/** `payload` with one field made wrong, or an extra (prototype-polluting, operator, owner) key. */
export const malformed = (payload: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> => {
  const keys = Object.keys(payload);
  const withKey = (k: string, value: unknown) => {
    const copy = { ...payload };
    if (Object.prototype.hasOwnProperty.call(copy, k)) {
      copy[k] = value;
      return copy;
    }
    // An own property even for `__proto__` (a plain assignment would set the prototype instead).
    Object.defineProperty(copy, k, { value, enumerable: true, writable: true, configurable: true });
    return copy;
  };
  const namedKey = fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', '$where', '$set', 'extra', '_id', '_openid', 'openid'), fc.constantFrom<unknown>({ polluted: true }, '1', 0, null, [])).map(([k, v]) =>
    withKey(k, Object.prototype.hasOwnProperty.call(payload, k) ? { polluted: true } : v),
  );
  const randomKey = fc.tuple(fc.string({ minLength: 1, maxLength: 16 }).filter((k) => !keys.includes(k)), fc.jsonValue({ maxDepth: 2 })).map(([k, v]) => withKey(k, v));
  const extraKey = fc.oneof(namedKey, randomKey);
  if (keys.length === 0) return extraKey;
  const changeOne = fc.constantFrom(...keys).chain((key) => wrongAt(key, payload[key]).map((value) => ({ ...payload, [key]: value })));
  return fc.oneof({ arbitrary: changeOne, weight: 3 }, { arbitrary: extraKey, weight: 1 });
};
