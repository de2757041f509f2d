import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, idempotencyId, requestDigest } from '../../../cloudfunctions/_shared/idempotency';

describe('idempotency digests', () => {
  it('canonical JSON sorts keys at every level and drops undefined members like JSON does', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[1,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson([undefined, null, '中文'])).toBe('[null,null,"中文"]');
  });

  it('the digest is SHA-256 of the canonical JSON of {action, payload}; key order never matters', () => {
    const payload = { communityId: 'c-wh', openid: 'm1', amount: 5, reason: '活动表现突出' };
    const expected = createHash('sha256').update(canonicalJson({ action: 'adjustPoints', payload })).digest('hex');
    expect(requestDigest('adjustPoints', payload)).toBe(expected);
    expect(requestDigest('adjustPoints', { reason: '活动表现突出', amount: 5, openid: 'm1', communityId: 'c-wh' })).toBe(expected);
    expect(requestDigest('adjustPoints', { ...payload, amount: -5 })).not.toBe(expected);
    expect(requestDigest('adjustPoints', undefined)).toBe(requestDigest('adjustPoints', {}));
  });

  it('property: any reordering of keys gives the same digest; any changed value another', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue(), { minKeys: 1, maxKeys: 8 }), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(requestDigest('x', reversed)).toBe(requestDigest('x', obj));
        const [k] = Object.keys(obj);
        expect(requestDigest('x', { ...obj, [k]: { changed: obj[k] ?? null } })).not.toBe(requestDigest('x', obj));
      }),
    );
  });

  it('a key is per caller and per function', () => {
    const a = idempotencyId('checkins', 'u1', 'key-00000001');
    expect(a).toMatch(/^idem_[0-9a-f]{40}$/);
    expect(idempotencyId('checkins', 'u2', 'key-00000001')).not.toBe(a);
    expect(idempotencyId('orders', 'u1', 'key-00000001')).not.toBe(a);
    expect(idempotencyId('checkins', 'u1', 'key-00000001')).toBe(a);
  });
});
