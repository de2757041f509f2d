import { unzipSync, strFromU8 } from 'fflate';
import { parseCsv } from '../../domain/model/csv';
import type { OrderView, SubmitResult } from '../../domain/orders/api';
import type { QrcodeView } from '../../domain/org/api';
import type { ScoresView } from '../../domain/scoring/scores';
import { startTestHost, type TestHost, ok } from '../helpers/test-host';

/**
 * 半年一评议, evidence and exports through the real scoring and orders functions.
 * The clock starts on Monday 2 March 2026; orders are filed in the first half-year,
 * then the clock moves to July so that half-year can be frozen.
 */
type Row = { rank: number | null; communityId: string; communityName: string; streetId: string; secretaries: string[]; count: number; rated: number; satisfactionRate: number | null; smoothedSatisfaction: number | null; service: { volunteers: number; sessions: number; hours: number }; comment: { text: string; byName: string } | null; canComment: boolean };
type Review = { _id: string; label: string; from: string; to: string; rows: Row[] };
type ExportPage = { columns: string[]; rows: (string | number)[][]; total: number | null; read: number; nextCursor: string | null };
type Evidence = { items: { id: string; no: string }[]; nextCursor: string | null; label: string };

const DAY = 86_400_000;

describe('scoring: 半年一评议, evidence and exports', () => {
  let host: TestHost;
  let scene: string;
  let seq = 0;
  /** A repair filed at 1号楼 by 张桂兰, handled by 赵敏, rated `stars` (or left unrated). */
  const loop = async (stars: number | null, phone?: string): Promise<OrderView> => {
    const key = `review-key-${String(++seq).padStart(4, '0')}`;
    const payload = { scene, category: 'repair', description: `评议测试 ${seq}`, ...(phone ? { contactPhone: phone } : {}) };
    const s = (await host.invoke('orders', { action: 'submit', idempotencyKey: key, payload }, 'demo-resident')) as { data: SubmitResult };
    let o = await ok<OrderView>(host.call('orders', 'claim', { id: s.data.order.id, version: s.data.order.version }, 'demo-grid-worker'));
    o = await ok<OrderView>(host.call('orders', 'resolve', { id: o.id, note: '已处理' }, 'demo-grid-worker'));
    if (stars !== null) o = await ok<OrderView>(host.call('orders', 'rate', { id: o.id, stars }, 'demo-resident'));
    return o;
  };

  let orders: OrderView[] = [];
  let frozen: Review;

  beforeAll(async () => {
    host = startTestHost();
    scene = (await ok<QrcodeView>(host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary'))).scene;
    orders = [await loop(5, '13912345678'), await loop(4), await loop(3), await loop(5), await loop(null)];
    await host.trigger('sweep');
  });
  afterAll(() => host.destroy());

  it('a half-year can only be frozen once it has ended, and only by the district admin', async () => {
    expect(await host.call('scoring', 'openReview', { orgId: 'd-wc', year: 2026, half: 1 }, 'demo-district-admin')).toMatchObject({
      ok: false,
      error: { code: 'FAILED_PRECONDITION', message: expect.stringContaining('还没有结束') },
    });
    host.clock.advance(121 * DAY); // → 1 July 2026
    expect(await host.call('scoring', 'openReview', { orgId: 'd-wc', year: 2026, half: 1 }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('scoring', 'openReview', { orgId: 'd-wc', year: 2026, half: 1 }, 'demo-street-admin')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('scoring', 'openReview', { orgId: 's-wy', year: 2026, half: 1 }, 'demo-district-admin')).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
  });

  it('freezes one ranked row per community with the rates, secretaries and 双报到 service; a second open is refused', async () => {
    frozen = await ok<Review>(host.call('scoring', 'openReview', { orgId: 'd-wc', year: 2026, half: 1 }, 'demo-district-admin'));
    expect(frozen).toMatchObject({ _id: 'rv_d-wc_2026h1', label: '2026年上半年', from: '2026-01-01', to: '2026-06-30' });
    expect(frozen.rows.map((r) => r.communityId).sort()).toEqual(['c-cy', 'c-ms', 'c-wh', 'c-xl']);
    // only 文汇社区 has ratings in the half-year: it is ranked, the others follow unranked
    expect(frozen.rows.map((r) => [r.communityId, r.rank])[0]).toEqual(['c-wh', 1]);
    expect(frozen.rows.slice(1).map((r) => r.rank)).toEqual([null, null, null]);
    const wh = frozen.rows.find((r) => r.communityId === 'c-wh')!;
    const scores = await ok<ScoresView>(host.call('scoring', 'scores', { orgId: 'c-wh', from: '2026-01-01', to: '2026-06-30' }, 'demo-secretary'));
    expect(wh).toMatchObject({ count: scores.count, rated: scores.rated, satisfactionRate: scores.satisfactionRate, smoothedSatisfaction: scores.smoothedSatisfaction, secretaries: ['陈秀英'] });
    expect(wh.count).toBeGreaterThanOrEqual(5);
    expect(wh.service.sessions).toBeGreaterThan(0);
    expect(wh.service.volunteers).toBeGreaterThan(0);
    expect(await host.call('scoring', 'openReview', { orgId: 'd-wc', year: 2026, half: 1 }, 'demo-district-admin')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(host.store.find('audit', { action: 'review:open' })).toHaveLength(1);
  });

  it('the snapshot never changes when later data arrives', async () => {
    const unrated = orders[4];
    await ok(host.call('orders', 'rate', { id: unrated.id, stars: 1 }, 'demo-resident'));
    await host.trigger('sweep');
    const live = await ok<ScoresView>(host.call('scoring', 'scores', { orgId: 'c-wh', from: '2026-01-01', to: '2026-06-30' }, 'demo-secretary'));
    const again = await ok<Review>(host.call('scoring', 'review', { id: frozen._id, orgId: 'd-wc' }, 'demo-district-admin'));
    const before = frozen.rows.find((r) => r.communityId === 'c-wh')!;
    const after = again.rows.find((r) => r.communityId === 'c-wh')!;
    expect(live.rated).toBe(before.rated + 1);
    expect(after).toMatchObject({ rated: before.rated, satisfactionRate: before.satisfactionRate, smoothedSatisfaction: before.smoothedSatisfaction, rank: before.rank });
  });

  it('each person sees their part: the secretary their community, the street its communities; only the street comments', async () => {
    const own = await ok<Review>(host.call('scoring', 'review', { id: frozen._id, orgId: 'c-wh' }, 'demo-secretary'));
    expect(own.rows.map((r) => r.communityId)).toEqual(['c-wh']);
    expect(await host.call('scoring', 'review', { id: frozen._id, orgId: 'c-ms' }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('scoring', 'review', { id: frozen._id, orgId: 'd-wc' }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('scoring', 'review', { id: frozen._id, orgId: 'c-wh' }, 'demo-resident')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const street = await ok<Review>(host.call('scoring', 'review', { id: frozen._id, orgId: 's-wy' }, 'demo-street-admin'));
    expect(street.rows.map((r) => r.communityId).sort()).toEqual(['c-ms', 'c-wh']);
    expect(street.rows.every((r) => r.canComment)).toBe(true);

    await ok(host.call('scoring', 'commentReview', { id: frozen._id, communityId: 'c-wh', text: '群众工作扎实，回访及时。' }, 'demo-street-admin'));
    expect(await host.call('scoring', 'commentReview', { id: frozen._id, communityId: 'c-cy', text: '越权评语' }, 'demo-street-admin')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('scoring', 'commentReview', { id: frozen._id, communityId: 'c-wh', text: '书记自评' }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const seen = await ok<Review>(host.call('scoring', 'review', { id: frozen._id, orgId: 'c-wh' }, 'demo-secretary'));
    expect(seen.rows[0]).toMatchObject({ comment: { text: '群众工作扎实，回访及时。', byName: '孙伟' }, canComment: false, rank: own.rows[0].rank });
    expect(host.store.find('audit', { action: 'review:comment' })).toHaveLength(1);
    const list = await ok<{ items: { _id: string; label: string }[] }>(host.call('scoring', 'reviews', { orgId: 'c-wh' }, 'demo-secretary'));
    expect(list.items.map((r) => r.label)).toEqual(['2026年上半年']);
  });

  it('exports the review as CSV and XLSX with the same cells, comments included', async () => {
    const csv = await ok<{ filename: string; content: string }>(host.call('scoring', 'reviewFile', { id: frozen._id, orgId: 's-wy', format: 'csv' }, 'demo-street-admin'));
    const table = parseCsv(csv.content);
    expect(table[0].slice(0, 3)).toEqual(['排名', '街道', '社区']);
    expect(table).toHaveLength(3);
    expect(table.find((r) => r[2] === '文汇社区')?.at(-1)).toBe('群众工作扎实，回访及时。');
    const xlsx = await ok<{ filename: string; encoding: string; content: string }>(host.call('scoring', 'reviewFile', { id: frozen._id, orgId: 's-wy', format: 'xlsx' }, 'demo-street-admin'));
    expect(xlsx).toMatchObject({ encoding: 'base64', filename: expect.stringMatching(/\.xlsx$/) });
    const parts = unzipSync(Buffer.from(xlsx.content, 'base64'));
    const sheet = strFromU8(parts['xl/worksheets/sheet1.xml']);
    for (const row of table) for (const cell of row) if (cell !== '') expect(sheet).toContain(cell.replace(/&/g, '&amp;'));
  });

  it('evidence: the orders behind a number are exactly the ones it counted', async () => {
    const q = { orgId: 'g-wh-1', from: '2026-01-01', to: '2026-06-30' };
    const scores = await ok<ScoresView>(host.call('scoring', 'scores', q, 'demo-grid-worker'));
    const all = async (metric: string) => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await ok<Evidence>(host.call('scoring', 'evidence', { ...q, metric, ...(cursor ? { cursor } : {}) }, 'demo-grid-worker'));
        ids.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return ids;
    };
    expect(await all('submitted')).toHaveLength(scores.count);
    const satisfied = await all('satisfied');
    const notSatisfied = await all('notSatisfied');
    expect(satisfied.sort()).toEqual([orders[0].id, orders[1].id, orders[3].id].sort());
    expect(notSatisfied.sort()).toEqual([orders[2].id, orders[4].id].sort());
    expect(scores.satisfactionRate).toBeCloseTo(satisfied.length / (satisfied.length + notSatisfied.length), 4);
    expect(await host.call('scoring', 'evidence', { ...q, orgId: 'g-ms-1', metric: 'submitted' }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('scoring', 'evidence', { ...q, metric: 'submitted', from: '2026-07-01', to: '2026-01-01' }, 'demo-grid-worker')).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
  });

  it('exports orders, ratings and visits of a subtree page by page, with a total, and never a phone number', async () => {
    const read = async (kind: string, orgId: string, who: string, to = '2026-06-30') => {
      const rows: (string | number)[][] = [];
      let cursor: string | undefined;
      let first: ExportPage | undefined;
      do {
        const page = await ok<ExportPage>(host.call('scoring', 'export', { kind, orgId, from: '2026-01-01', to, ...(cursor ? { cursor } : {}) }, who));
        first ??= page;
        rows.push(...page.rows);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return { first: first!, rows };
    };
    const scores = await ok<ScoresView>(host.call('scoring', 'scores', { orgId: 's-wy', from: '2026-01-01', to: '2026-06-30' }, 'demo-street-admin'));
    const all = await read('orders', 's-wy', 'demo-street-admin');
    expect(all.first.total).toBe(all.rows.length);
    expect(all.rows).toHaveLength(scores.count);
    expect(all.first.columns[0]).toBe('编号');
    const ratings = await read('ratings', 's-wy', 'demo-street-admin');
    expect(ratings.rows).toHaveLength(scores.rated);
    const visits = await read('visits', 'c-wh', 'demo-secretary', '2026-07-31');
    expect(visits.rows.length).toBeGreaterThan(0);
    expect(visits.rows.length).toBe(host.store.find('visits', { communityId: 'c-wh' }).length);
    expect((await read('visits', 'c-wh', 'demo-secretary')).rows).toHaveLength(0);
    const text = JSON.stringify([all.rows, ratings.rows, visits.rows]);
    expect(text).not.toContain('13912345678');
    expect(text).not.toMatch(/demo-(resident|grid-worker|secretary)/);
    expect(await host.call('scoring', 'export', { kind: 'orders', orgId: 's-wy' }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('scoring', 'export', { kind: 'orders', orgId: 'c-wh' }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
