import fc from 'fast-check';
import { DomainError } from '../../../domain/model/envelope';
import { decodeExportCursor, encodeExportCursor, joinTime, splitTime } from '../../../domain/scoring/export-cursor';

/**
 * The export's cursor carries integers only and pages through any data set — whole or
 * fractional times, many rows sharing one instant — giving every row exactly once. The pager
 * below reads the way the report repository does: (time, _id) ascending, strictly after the
 * cursor, `limit` at a time, and a page shorter than `limit` is the last.
 */

interface Row {
  at: number;
  id: string;
}

const cmp = (a: Row, b: Row) => (a.at - b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const after = (row: Row, c: { at: number; id: string }) => row.at > c.at || (row.at === c.at && row.id > c.id);

const pageThrough = (rows: Row[], limit: number): { seen: string[]; pages: number } => {
  const sorted = [...rows].sort(cmp);
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const c = decodeExportCursor(cursor);
    const page = sorted.filter((r) => !c || after(r, c)).slice(0, limit);
    pages++;
    seen.push(...page.map((r) => r.id));
    const last = page[page.length - 1];
    cursor = page.length < limit || !last ? undefined : encodeExportCursor(last);
    if (!cursor) break;
    if (pages > rows.length + 2) throw new Error('paging does not end');
  }
  return { seen, pages };
};

const time = fc.oneof(
  fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 }),
  fc.double({ min: 1_700_000_000_000, max: 1_800_000_000_000, noNaN: true }),
  fc.integer({ min: 0, max: 1000 }).map((n) => 1_772_413_200_000 + n / 8),
  fc.constantFrom(1_772_413_200_000.5, 1_772_413_200_000 + 0.123456, 1_772_413_200_001),
);

describe('export cursor', () => {
  it('carries integers only', () => {
    const text = atob(encodeExportCursor({ at: 1_772_413_200_000 + 0.123456, id: 'visit_ord_x_r0' }).replace(/-/g, '+').replace(/_/g, '/'));
    expect(text).toMatch(/^e1\|\d+\|\d+\|visit_ord_x_r0$/);
    expect(text).not.toMatch(/\./);
  });

  it('round-trips every time exactly', () => {
    fc.assert(
      fc.property(time, fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), (at, id) => {
        expect(decodeExportCursor(encodeExportCursor({ at, id }))).toEqual({ at, id });
        const [whole, units] = splitTime(at);
        expect(Number.isSafeInteger(whole) && Number.isSafeInteger(units)).toBe(true);
        expect(joinTime(whole, units)).toBe(at);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: paging through random data sets gives every row exactly once', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ at: time, id: fc.stringMatching(/^[a-z0-9]{1,12}$/) }), { selector: (r) => r.id, maxLength: 300 }),
        fc.integer({ min: 1, max: 40 }),
        (rows, limit) => {
          const { seen } = pageThrough(rows, limit);
          expect(seen.length).toBe(rows.length);
          expect(new Set(seen).size).toBe(rows.length);
          expect(new Set(seen)).toEqual(new Set(rows.map((r) => r.id)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('many rows at one fractional instant page through too', () => {
    const rows = Array.from({ length: 1234 }, (_, i) => ({ at: 1_772_413_200_000.5, id: `v${String(i).padStart(5, '0')}` }));
    const { seen, pages } = pageThrough(rows, 500);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(1234);
  });

  it('still reads a cursor handed out before (whole ms), and refuses anything else', () => {
    expect(decodeExportCursor(btoa('1772413200000|ord_x').replace(/=+$/, ''))).toEqual({ at: 1772413200000, id: 'ord_x' });
    for (const bad of ['!!!', btoa('1772413200000.5|ord_x'), btoa('e1|1|2|'), btoa('e1|-1|0|x'), btoa('e1|1|4503599627370496|x'), btoa('e1|1|0|$gt')]) {
      expect(() => decodeExportCursor(bad)).toThrow(DomainError);
    }
    expect(decodeExportCursor(undefined)).toBeUndefined();
    expect(decodeExportCursor('')).toBeUndefined();
  });
});
