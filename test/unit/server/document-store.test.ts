import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Query } from 'mingo';
import { DocumentStore, type Doc } from '../../../server/store/document-store';

describe('DocumentStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'redgrid-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('persists across reopen, with dates and nested values intact', () => {
    const a = new DocumentStore({ dataDir: dir });
    a.commit([{ collection: 'orders', id: 'o1', doc: { _id: 'o1', at: new Date(5), tags: ['x'], n: { m: 1.5 } } }]);
    a.close();
    const b = new DocumentStore({ dataDir: dir });
    expect(b.get('orders', 'o1')).toEqual({ _id: 'o1', at: new Date(5), tags: ['x'], n: { m: 1.5 } });
    b.close();
  });

  it('a batch with a duplicate insert changes nothing', () => {
    const s = new DocumentStore({ dataDir: dir });
    s.commit([{ collection: 'c', id: 'a', doc: { _id: 'a' } }]);
    const before = s.digest();
    expect(() =>
      s.commit(
        [
          { collection: 'c', id: 'b', doc: { _id: 'b' } },
          { collection: 'c', id: 'a', doc: { _id: 'a', again: true } },
        ],
        new Set(['c\u0000b', 'c\u0000a']),
      ),
    ).toThrow(/duplicate/);
    expect(s.digest()).toBe(before);
    s.close();
  });

  it('refuses collection names that could reach SQL', () => {
    const s = new DocumentStore({ dataDir: dir });
    expect(() => s.ensureCollection('x"; DROP TABLE users; --')).toThrow(/invalid collection/);
    s.close();
  });

  it('revisions bump on every write (what transactions check)', () => {
    const s = new DocumentStore({ dataDir: dir });
    expect(s.revision('c', 'a')).toBe(0);
    s.commit([{ collection: 'c', id: 'a', doc: { _id: 'a' } }]);
    s.commit([{ collection: 'c', id: 'a', doc: null }]);
    expect(s.revision('c', 'a')).toBe(2);
    s.close();
  });

  it('property: indexed find answers exactly what a full scan answers', () => {
    const statuses = ['submitted', 'dispatched', 'claimed', 'resolved'];
    const docArb = fc.record({
      status: fc.constantFrom(...statuses),
      path: fc.subarray(['d', 's1', 's2', 'c1', 'c2', 'g1']),
      dueAt: fc.integer({ min: 0, max: 100 }),
    });
    const queryArb = fc.oneof(
      fc.record({ status: fc.constantFrom(...statuses) }),
      fc.record({ path: fc.constantFrom('d', 's1', 'c2', 'zz') }),
      fc.record({ status: fc.record({ $in: fc.subarray(statuses) }) }),
      fc.record({ dueAt: fc.record({ $lte: fc.integer({ min: -5, max: 105 }) }) }),
      fc.record({ dueAt: fc.record({ $gt: fc.integer({ min: -5, max: 105 }), $lt: fc.integer({ min: -5, max: 105 }) }) }),
      fc.record({ $or: fc.tuple(fc.record({ status: fc.constantFrom(...statuses) }), fc.record({ path: fc.constantFrom('s1', 'g1') })) }),
      fc.record({ $and: fc.tuple(fc.record({ status: fc.constantFrom(...statuses) }), fc.record({ dueAt: fc.record({ $gte: fc.integer({ min: 0, max: 100 }) }) })) }),
    );
    let round = 0;
    fc.assert(
      fc.property(fc.array(docArb, { maxLength: 40 }), fc.array(fc.nat(39), { maxLength: 10 }), queryArb, (docs, deletions, criteria) => {
        const sub = join(dir, `p${round++}`);
        const s = new DocumentStore({ dataDir: sub, indexes: { orders: ['status', 'path', 'dueAt'] } });
        try {
          s.ensureCollection('orders');
          s.commit(docs.map((d, i) => ({ collection: 'orders', id: `o${i}`, doc: { _id: `o${i}`, ...d } as Doc })));
          const gone = deletions.filter((i) => i < docs.length);
          if (gone.length) s.commit([...new Set(gone)].map((i) => ({ collection: 'orders', id: `o${i}`, doc: null })));
          const viaIndex = s.find('orders', criteria).map((d) => d._id).sort();
          expect(s.stats.usedIndex).toBe(true);
          const q = new Query(criteria, {});
          const viaScan = s.all('orders').filter((d) => q.test(d)).map((d) => d._id).sort();
          expect(viaIndex).toEqual(viaScan);
        } finally {
          s.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
