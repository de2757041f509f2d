import fc from 'fast-check';
import { FieldIndex } from '../../../server/store/field-index';

/** The chunked sorted list behind range lookups answers exactly what a sort of all values answers. */
describe('FieldIndex ranges', () => {
  it('property: after random inserts, updates and removals (thousands, across chunk splits), ranges equal a brute-force filter', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 500 }), fc.boolean()), { minLength: 1500, maxLength: 4000 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        (ops, a, b) => {
          const index = new FieldIndex('at');
          const docs = new Map<string, number>();
          for (const [n, value, remove] of ops) {
            const id = `d${n}`;
            const previous = docs.get(id);
            if (previous !== undefined) index.remove(id, { at: previous });
            if (remove) docs.delete(id);
            else {
              docs.set(id, value);
              index.add(id, { at: value });
            }
          }
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const expected = [...docs].filter(([, v]) => v >= lo && v < hi).sort(([ia, va], [ib, vb]) => va - vb || (ia < ib ? -1 : 1)).map(([id]) => id);
          expect([...index.range({ gte: lo, lt: hi })!]).toEqual(expected);
          expect([...index.range({ gt: lo, lte: hi })!].length).toBe([...docs.values()].filter((v) => v > lo && v <= hi).length);
        },
      ),
      { numRuns: 25 },
    );
  });
});
