import { createHash } from 'node:crypto';
import { canonicalJson } from '../../cloudfunctions/_shared/idempotency';
import type { VisitDoc } from '../../domain/scoring/follow-up';
import { dataOf, fixtures, type Fixtures } from '../helpers/fixtures';
import { FIXED_NOW, startTestHost, type TestHost } from '../helpers/test-host';

/**
 * Gaming the shared infrastructure as an insider would, through the real functions on the
 * local host (issue 14): delegation to people who are not the community's staff, residue after
 * a delegation ends, idempotency keys reused for another request, hidden characters in free
 * text, other people's (or made-up) photos on an order, upload floods, and an export that
 * could not page. Each attack checks the outcome, not only the answer: the store, the notices
 * (inbox `notifications` and the subscribe-message `outbox`) and the grants that remain.
 */

type Res<T = unknown> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

const DAY = 86_400_000;
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('gaming the org side: delegation, idempotency, text and media, uploads, exports', () => {
  let host: TestHost;
  let fx: Fixtures;
  let baseUrl = '';
  let scene = '';
  let seq = 0;
  const call = <T = unknown>(fn: 'org' | 'orders' | 'checkins' | 'scoring', action: string, payload: unknown, openid: string, idempotencyKey?: string) =>
    host.invoke(fn, { action, payload, ...(idempotencyKey ? { idempotencyKey } : {}) }, openid) as Promise<Res<T>>;
  const delegation = (deputyOpenid: string, extra: Record<string, unknown> = {}) => ({
    communityId: 'c-wh',
    deputyOpenid,
    from: host.clock.now(),
    to: host.clock.now() + 2 * DAY,
    reason: '外出学习两天',
    ...extra,
  });
  const notices = () => host.store.size('notifications') + host.store.size('outbox');
  const upload = async (openid: string, bytes?: Buffer): Promise<{ status: number; body: { fileID?: string; error?: string; code?: string } }> => {
    const body = bytes ?? Buffer.concat([PNG, Buffer.from(`image-${++seq}-${Math.random()}`)]);
    const res = await fetch(`${baseUrl}/api/upload`, { method: 'POST', headers: { 'content-type': 'image/png', 'x-dev-openid': openid }, body });
    return { status: res.status, body: (await res.json()) as { fileID?: string; error?: string; code?: string } };
  };
  const submit = (openid: string, extra: Record<string, unknown>, key = `gaming-org-${++seq}`) =>
    call('orders', 'submit', { scene, category: 'repair', description: '楼道灯坏了需要维修', ...extra }, openid, key);

  beforeAll(async () => {
    host = startTestHost();
    fx = fixtures(host);
    baseUrl = `http://127.0.0.1:${await host.listen(0)}`;
    scene = dataOf<{ scene: string }>(await call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary')).scene;
  });
  afterAll(() => host.destroy());
  afterEach(() => {
    delete process.env.REDGRID_UPLOAD_QUOTA;
  });

  describe('bounded delegation', () => {
    it.each([
      ['a resident of another community', 'demo-resident-2'],
      ['a resident of the same community', 'demo-resident'],
      ['a volunteer of the community', 'demo-volunteer'],
      ['another community\'s secretary', 'demo-secretary-2'],
      ['another community\'s grid worker', 'demo-grid-worker-2'],
      ['the street admin above', 'demo-street-admin'],
      ['someone nobody has met', 'never-seen-openid'],
    ])('delegating to %s is refused and stores nothing', async (_who, deputy) => {
      const before = host.store.digest();
      const res = await call('org', 'delegate', delegation(deputy), 'demo-secretary');
      expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: '代理人须是本社区的网格员或书记' } });
      expect(host.store.digest()).toBe(before);
      // And the would-be deputy holds nothing of 文汇社区 they did not hold before (the street admin holds it by their own post).
      if (deputy !== 'demo-street-admin') expect(await call('checkins', 'registrations', { communityId: 'c-wh' }, deputy)).toMatchObject({ ok: false });
    });

    it('delegating to oneself is refused by the separation-of-duties rule', async () => {
      const before = host.store.digest();
      expect(await call('org', 'delegate', delegation('demo-secretary'), 'demo-secretary')).toMatchObject({
        ok: false,
        error: { code: 'FORBIDDEN', message: '不能委托给自己', details: { duty: 'delegate' } },
      });
      expect(host.store.digest()).toBe(before);
    });

    it('revoking takes the deputy\'s grant away at once, leaves nothing on the deputy, and is audited both ways', async () => {
      expect(await call('checkins', 'registrations', { communityId: 'c-wh' }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const dlg = dataOf<{ _id: string }>(await call('org', 'delegate', delegation('demo-grid-worker'), 'demo-secretary'));
      // While it runs: the secretary grant of 文汇社区, and only that.
      expect(await call('checkins', 'registrations', { communityId: 'c-wh' }, 'demo-grid-worker')).toMatchObject({ ok: true });
      expect(await call('checkins', 'registrations', { communityId: 'c-ms' }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      // A deputy cannot pass the duty on, nor revoke it.
      expect(await call('org', 'delegate', delegation('demo-secretary'), 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await call('org', 'revokeDelegation', { id: dlg._id }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      // Another community's secretary learns nothing; a made-up id gets the very same answer.
      const other = await call('org', 'revokeDelegation', { id: dlg._id }, 'demo-secretary-2');
      const madeUp = await call('org', 'revokeDelegation', { id: 'dlg_made_up' }, 'demo-secretary-2');
      expect(other).toEqual(madeUp);
      expect(other).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

      const revoked = await call<{ status: string; revokedByName: string }>('org', 'revokeDelegation', { id: dlg._id }, 'demo-secretary');
      expect(revoked).toMatchObject({ ok: true, data: { status: 'revoked', revokedByName: '陈秀英' } });
      expect(await call('checkins', 'registrations', { communityId: 'c-wh' }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(host.store.get('users', 'demo-grid-worker')?.delegated).toEqual([]);
      const audit = host.store.find('audit', { target: `delegations/${dlg._id}` }).map((a) => a.action).sort();
      expect(audit).toEqual(['delegate', 'revokeDelegation']);
      // Revoking twice is a clean refusal.
      expect(await call('org', 'revokeDelegation', { id: dlg._id }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
      // The list shows it ended.
      const list = dataOf<{ delegations: { id: string; status: string; canRevoke: boolean }[] }>(await call('org', 'delegations', { communityId: 'c-wh' }, 'demo-secretary'));
      expect(list.delegations.find((d) => d.id === dlg._id)).toMatchObject({ status: 'revoked', canRevoke: false });
    });

    it('a street admin above the community may revoke; the street admin of another street may not', async () => {
      const dlg = dataOf<{ _id: string }>(await call('org', 'delegate', delegation('demo-grid-worker'), 'demo-secretary'));
      expect(await call('org', 'revokeDelegation', { id: dlg._id }, 'demo-secretary-2')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      expect(await call('org', 'revokeDelegation', { id: dlg._id }, 'demo-street-admin')).toMatchObject({ ok: true, data: { status: 'revoked' } });
      expect(await call('checkins', 'registrations', { communityId: 'c-wh' }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    });

    it('an expired delegation leaves nothing: the grant ends with its window', async () => {
      const now = host.clock.now();
      const dlg = dataOf<{ _id: string }>(await call('org', 'delegate', delegation('demo-grid-worker', { from: now, to: now + 3_600_000 }), 'demo-secretary'));
      expect(await call('checkins', 'registrations', { communityId: 'c-wh' }, 'demo-grid-worker')).toMatchObject({ ok: true });
      host.clock.advance(2 * 3_600_000);
      expect(await call('checkins', 'registrations', { communityId: 'c-wh' }, 'demo-grid-worker')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      const whoami = dataOf<{ roles: { role: string }[] }>(await call('org', 'whoami', {}, 'demo-grid-worker'));
      expect(whoami.roles.map((r) => r.role)).toEqual(['grid_worker']);
      const list = dataOf<{ delegations: { id: string; status: string; canRevoke: boolean }[] }>(await call('org', 'delegations', { communityId: 'c-wh' }, 'demo-secretary'));
      expect(list.delegations.find((d) => d.id === dlg._id)).toMatchObject({ status: 'ended', canRevoke: false });
      expect(await call('org', 'revokeDelegation', { id: dlg._id }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
      // The next delegation to the same deputy prunes the ended entry from the user document.
      const next = dataOf<{ _id: string }>(await call('org', 'delegate', delegation('demo-grid-worker'), 'demo-secretary'));
      expect((host.store.get('users', 'demo-grid-worker')?.delegated as { delegationId: string }[]).map((d) => d.delegationId)).toEqual([next._id]);
      dataOf(await call('org', 'revokeDelegation', { id: next._id }, 'demo-secretary'));
    });

    it('the secretary picks a deputy from the community\'s own staff only', async () => {
      const view = dataOf<{ canDelegate: boolean; candidates: { openid: string }[] }>(await call('org', 'delegations', { communityId: 'c-wh' }, 'demo-secretary'));
      expect(view.canDelegate).toBe(true);
      expect(view.candidates.map((c) => c.openid)).toEqual(['demo-grid-worker']);
      expect(await call('org', 'delegations', { communityId: 'c-wh' }, 'demo-secretary-2')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    });
  });

  describe('idempotency keys bind their payload', () => {
    it('checkins.adjustPoints: another amount under the same key is a CONFLICT that changes nothing and notifies nobody; the same request replays its answer once', async () => {
      const member = await fx.activeMember();
      const payload = { communityId: 'c-wh', openid: member.openid, amount: 5, reason: '活动表现突出' };
      const noticesBefore = notices();
      const first = await call<{ txId: string; amount: number; balance: number }>('checkins', 'adjustPoints', payload, 'demo-secretary', 'adjust-key-0001');
      expect(first).toMatchObject({ ok: true, data: { amount: 5, balance: 5 } });
      expect(notices() - noticesBefore).toBe(2); // one inbox notice, one subscribe message
      const digest = host.store.digest();
      const afterFirst = notices();

      const other = await call('checkins', 'adjustPoints', { ...payload, amount: -5 }, 'demo-secretary', 'adjust-key-0001');
      const original = createHash('sha256').update(canonicalJson({ action: 'adjustPoints', payload })).digest('hex');
      expect(other).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { digest: original } } });
      expect(host.store.digest()).toBe(digest);
      expect(notices()).toBe(afterFirst);

      const again = await call('checkins', 'adjustPoints', { reason: '活动表现突出', amount: 5, openid: member.openid, communityId: 'c-wh' }, 'demo-secretary', 'adjust-key-0001');
      expect(again).toEqual(first);
      expect(host.store.digest()).toBe(digest);
      expect(notices()).toBe(afterFirst);
      expect(host.store.find('notifications', { to: member.openid })).toHaveLength(1);
    });

    it('concurrent identical requests perform once and answer alike', async () => {
      const member = await fx.activeMember();
      const payload = { communityId: 'c-wh', openid: member.openid, amount: 7, reason: '一起点了五次' };
      const results = await Promise.all(Array.from({ length: 5 }, () => call('checkins', 'adjustPoints', payload, 'demo-secretary', 'adjust-burst-0001')));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
      expect(host.store.find('notifications', { to: member.openid })).toHaveLength(1);
      expect(host.store.all('ledger_tx').filter((t) => (t as { kind?: string }).kind === 'adjust' && JSON.stringify(t).includes(member.openid))).toHaveLength(1);
    });

    it('every mutating action: orders.submit and org.delegate refuse a reused key with another payload', async () => {
      const first = await submit('demo-resident', { description: '楼道灯坏了：第一次提交' }, 'submit-key-reuse-1');
      expect(first.ok).toBe(true);
      const orders = host.store.size('orders');
      const noticesBefore = notices();
      const other = await submit('demo-resident', { description: '完全不同的另一件事情' }, 'submit-key-reuse-1');
      expect(other).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(host.store.size('orders')).toBe(orders);
      expect(notices()).toBe(noticesBefore);
      const again = await submit('demo-resident', { description: '楼道灯坏了：第一次提交' }, 'submit-key-reuse-1');
      expect(again).toMatchObject({ ok: true, data: { replayed: true, order: { id: (first as { data: { order: { id: string } } }).data.order.id } } });
      expect(notices()).toBe(noticesBefore);

      const dlg = await call<{ _id: string }>('org', 'delegate', delegation('demo-grid-worker'), 'demo-secretary', 'delegate-key-0001');
      expect(dlg.ok).toBe(true);
      const count = host.store.size('delegations');
      expect(await call('org', 'delegate', delegation('demo-grid-worker', { reason: '另一个理由' }), 'demo-secretary', 'delegate-key-0001')).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(host.store.size('delegations')).toBe(count);
      if (dlg.ok) dataOf(await call('org', 'revokeDelegation', { id: dlg.data._id }, 'demo-secretary'));
    });

    it('a refused request binds nothing: the key is judged anew next time', async () => {
      const member = await fx.activeMember();
      const refused = await call('checkins', 'adjustPoints', { communityId: 'c-wh', openid: member.openid, amount: -50, reason: '扣成负数' }, 'demo-secretary', 'adjust-key-refused');
      expect(refused).toMatchObject({ ok: false, error: { code: 'FAILED_PRECONDITION' } });
      expect(await call('checkins', 'adjustPoints', { communityId: 'c-wh', openid: member.openid, amount: 3, reason: '改为加分' }, 'demo-secretary', 'adjust-key-refused')).toMatchObject({ ok: true });
    });
  });

  describe('hidden characters in free text', () => {
    const HIDDEN: [string, string][] = [
      ['right-to-left override', '楼道灯坏了\u202Etxt.exe'],
      ['an isolate', '楼道灯坏了\u2066需要维修'],
      ['a zero-width space', '楼道灯\u200B坏了需要维修'],
      ['a zero-width joiner', '楼道灯\u200D坏了需要维修'],
      ['a byte-order mark inside', '楼道灯\uFEFF坏了需要维修'],
      ['NUL', '楼道灯坏了\u0000需要维修'],
      ['a C1 control', '楼道灯坏了\u0085需要维修'],
      ['DEL', '楼道灯坏了\u007F需要维修'],
      ['a lone high surrogate', '楼道灯坏了\uD83D需要维修'],
      ['a lone low surrogate', '楼道灯坏了\uDE00需要维修'],
    ];

    it.each(HIDDEN)('order text with %s is INVALID_ARGUMENT and nothing is stored', async (_what, description) => {
      const before = host.store.digest();
      const res = await submit('demo-resident', { description });
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      expect(host.store.digest()).toBe(before);
    });

    it.each(HIDDEN)('a delegation reason with %s is INVALID_ARGUMENT and nothing is stored', async (_what, reason) => {
      const before = host.store.digest();
      const res = await call('org', 'delegate', delegation('demo-grid-worker', { reason: reason.slice(0, 90) }), 'demo-secretary');
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
      expect(host.store.digest()).toBe(before);
    });

    it('emoji, newlines and tabs are ordinary text', async () => {
      const res = await submit('demo-resident', { description: '楼道灯坏了 😀\n\t三单元门口\r\n请尽快' });
      expect(res).toMatchObject({ ok: true });
    });
  });

  describe('photos on an order: only the caller\'s own uploads', () => {
    it('cloud:// path tricks, made-up ids and other people\'s uploads are refused; one\'s own upload is accepted', async () => {
      const mine = await upload('demo-resident');
      const theirs = await upload('demo-resident-2');
      expect(mine.status).toBe(200);
      expect(theirs.status).toBe(200);
      const before = host.store.digest();
      for (const media of [
        ['cloud://../../etc/passwd'],
        ['cloud://local.bucket/../../etc/passwd'],
        ['cloud://local.bucket/orders/20260302/abc.jpg'],
        [theirs.body.fileID],
        ['/uploads/0123456789abcdef0123456789abcdef.jpg'],
        ['/uploads/../../etc/passwd'],
      ]) {
        const res = await submit('demo-resident', { media });
        expect({ media, res }).toMatchObject({ media, res: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
      }
      expect(host.store.digest()).toBe(before);
      expect(await submit('demo-resident', { media: [mine.body.fileID] })).toMatchObject({ ok: true, data: { order: { media: [mine.body.fileID] } } });
      // The same picture uploaded by both is each one's own.
      const same = Buffer.concat([PNG, Buffer.from('the-same-picture')]);
      const a = await upload('demo-resident', same);
      const b = await upload('demo-resident-2', same);
      expect(a.body.fileID).toBe(b.body.fileID);
      expect(await submit('demo-resident-2', { media: [b.body.fileID] })).toMatchObject({ ok: true });
    });

    it('a handler may not resolve with someone else\'s photo', async () => {
      const order = await fx.order('demo-resident');
      dataOf(await call('orders', 'claim', { id: order.id, version: order.version }, 'demo-grid-worker'));
      const theirs = await upload('demo-resident');
      expect(await call('orders', 'resolve', { id: order.id, note: '已更换灯泡', media: [theirs.body.fileID] }, 'demo-grid-worker')).toMatchObject({
        ok: false,
        error: { code: 'INVALID_ARGUMENT' },
      });
      const own = await upload('demo-grid-worker');
      expect(await call('orders', 'resolve', { id: order.id, note: '已更换灯泡', media: [own.body.fileID] }, 'demo-grid-worker')).toMatchObject({ ok: true });
    });
  });

  describe('upload quota', () => {
    it('beyond the day\'s count, uploads are RATE_LIMITED with a Chinese message and nothing is stored; another person and the next day are not affected', async () => {
      process.env.REDGRID_UPLOAD_QUOTA = '{"count":3,"bytes":1048576}';
      for (let i = 0; i < 3; i++) expect((await upload('quota-person')).status).toBe(200);
      const uploads = host.store.size('uploads');
      const refused = await upload('quota-person');
      expect(refused).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
      expect(refused.body.error).toMatch(/今天.*上限/);
      expect(host.store.size('uploads')).toBe(uploads);
      expect((await upload('quota-other')).status).toBe(200);
      host.clock.advance(DAY);
      expect((await upload('quota-person')).status).toBe(200);
    });

    it('beyond the day\'s bytes, too', async () => {
      process.env.REDGRID_UPLOAD_QUOTA = '{"count":100,"bytes":3000}';
      expect((await upload('bytes-person', Buffer.concat([PNG, Buffer.alloc(2000, 1)]))).status).toBe(200);
      const refused = await upload('bytes-person', Buffer.concat([PNG, Buffer.alloc(2000, 2)]));
      expect(refused).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
      expect(refused.body.error).toMatch(/上限/);
    });
  });

  describe('export paging', () => {
    it('scoring.export {kind:"visits"} at district level pages through fractional times to the end, every row once', async () => {
      const base = FIXED_NOW - 5 * DAY;
      const writes = Array.from({ length: 1234 }, (_, i) => {
        const doc: VisitDoc = {
          _id: `visit_gaming_${String(i).padStart(5, '0')}`,
          orderId: `ord_gaming_${i}`,
          orderNo: `G${String(i).padStart(6, '0')}`,
          reason: 'sample',
          communityId: ['c-wh', 'c-ms', 'c-cy', 'c-xl'][i % 4],
          gridId: null,
          placeLabel: '测试地点',
          assignee: null,
          status: 'open',
          // Fractional times, some shared by several visits.
          createdAt: base + Math.floor(i / 3) * 1000 + 0.123456 * (i % 3) + 0.5,
          dueAt: base + 2 * DAY,
          outcome: null,
          method: null,
          note: null,
          doneAt: null,
          doneBy: null,
        };
        return { collection: 'visits', id: doc._id, doc: doc as unknown as { _id: string } & Record<string, unknown> };
      });
      host.store.commit(writes);
      const seen = new Map<string, number>();
      let cursor: string | undefined;
      let total: number | null = null;
      let pages = 0;
      do {
        const page = dataOf<{ rows: (string | number)[][]; nextCursor: string | null; total: number | null }>(
          await call('scoring', 'export', { kind: 'visits', orgId: 'd-wc', from: '2026-02-20', to: '2026-03-02', ...(cursor ? { cursor } : {}) }, 'demo-district-admin'),
          `export page ${pages + 1}`,
        );
        if (pages === 0) total = page.total;
        for (const row of page.rows) seen.set(String(row[0]), (seen.get(String(row[0])) ?? 0) + 1);
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor && pages < 20);
      expect(pages).toBeGreaterThanOrEqual(3);
      expect(cursor).toBeUndefined();
      const ours = [...seen].filter(([no]) => no.startsWith('G'));
      expect(ours).toHaveLength(1234);
      expect(ours.every(([, n]) => n === 1)).toBe(true);
      expect([...seen.values()].reduce((s, n) => s + n, 0)).toBe(total);
    });
  });
});
