import { DEMO_PEOPLE } from '../../server/seed/demo';
import { loadFunction } from '../../server/sdk-bridge';
import type { FunctionName } from '../../server/host';
import { dataOf, type Fixtures, fixtures } from '../helpers/fixtures';
import { leakChecker } from '../helpers/leaks';
import { FUNCTIONS_DIR, startTestHost, type TestHost } from '../helpers/test-host';

/**
 * Privacy: every read action, called by every identity, answers nothing it should not:
 *  - no full phone number of someone else (only the order's filer and its current handler read
 *    the phones on an order; a member reads their own registration's phone);
 *  - no openid of another person to anyone without a staff role; staff read the openids of
 *    staff and of the volunteers registered in a community they manage (to act on them: 改派,
 *    积分调整), never a resident's;
 *  - no secret at all (the QR signing key, the stations' duty-screen keys).
 * A last test fails when a function exposes an action this walk does not classify.
 */

type Read = { fn: FunctionName; action: string; payload: () => Record<string, unknown> };

describe('privacy: no phone, openid or secret leaks in any read', () => {
  let host: TestHost;
  let fx: Fixtures;
  const ids: Record<string, string> = {};
  let identities: string[] = [];

  const READS: Read[] = [
    { fn: 'org', action: 'whoami', payload: () => ({}) },
    { fn: 'org', action: 'tree', payload: () => ({}) },
    { fn: 'org', action: 'categories', payload: () => ({}) },
    { fn: 'org', action: 'inbox', payload: () => ({ limit: 50 }) },
    { fn: 'org', action: 'handlers', payload: () => ({ orgId: 'c-wh' }) },
    { fn: 'org', action: 'delegations', payload: () => ({ communityId: 'c-wh' }) },
    { fn: 'org', action: 'config', payload: () => ({ kind: 'routing_rules' }) },
    { fn: 'org', action: 'resolveScene', payload: () => ({ scene: ids.scene }) },
    { fn: 'org', action: 'qrcode', payload: () => ({ orgId: 'b-wh-1-1' }) },
    ...(['mine', 'todo', 'org', 'overdue'] as const).map((box) => ({ fn: 'orders' as const, action: 'list', payload: () => ({ box, limit: 50 }) })),
    ...['claimed', 'waiting', 'neighbour', 'visited'].flatMap((o) => [
      { fn: 'orders' as const, action: 'get', payload: () => ({ id: ids[o] }) },
      { fn: 'orders' as const, action: 'timeline', payload: () => ({ id: ids[o] }) },
    ]),
    { fn: 'checkins', action: 'me', payload: () => ({}) },
    { fn: 'checkins', action: 'registrations', payload: () => ({ communityId: 'c-wh' }) },
    { fn: 'checkins', action: 'sessions', payload: () => ({ communityId: 'c-wh' }) },
    { fn: 'checkins', action: 'redemptions', payload: () => ({ communityId: 'c-wh' }) },
    { fn: 'checkins', action: 'shifts', payload: () => ({ stationId: 'st-wh' }) },
    { fn: 'checkins', action: 'duty', payload: () => ({ stationId: 'st-wh', weekOf: '2026-03-02' }) },
    { fn: 'checkins', action: 'monthlyReport', payload: () => ({ communityId: 'c-wh', month: '2026-03' }) },
    { fn: 'checkins', action: 'monthlyReport', payload: () => ({ communityId: 'c-wh', month: '2026-03', format: 'csv' }) },
    { fn: 'checkins', action: 'stations', payload: () => ({}) },
    { fn: 'checkins', action: 'points', payload: () => ({ limit: 50 }) },
    { fn: 'checkins', action: 'rewards', payload: () => ({ communityId: 'c-wh' }) },
    { fn: 'checkins', action: 'stationToken', payload: () => ({ stationId: 'st-wh' }) },
    { fn: 'checkins', action: 'stationPoster', payload: () => ({ stationId: 'st-wh' }) },
    { fn: 'scoring', action: 'visits', payload: () => ({ box: 'todo' }) },
    { fn: 'scoring', action: 'scores', payload: () => ({ orgId: 'c-wh' }) },
    { fn: 'scoring', action: 'ranking', payload: () => ({ orgId: 's-wy' }) },
    { fn: 'scoring', action: 'dashboard', payload: () => ({ orgId: 'c-wh' }) },
    { fn: 'scoring', action: 'evidence', payload: () => ({ orgId: 'c-wh', metric: 'submitted' }) },
    ...(['orders', 'ratings', 'visits'] as const).map((kind) => ({ fn: 'scoring' as const, action: 'export', payload: () => ({ kind, orgId: 'c-wh' }) })),
    { fn: 'scoring', action: 'reviews', payload: () => ({ orgId: 'c-wh' }) },
    { fn: 'scoring', action: 'review', payload: () => ({ id: ids.review, orgId: 'c-wh' }) },
    { fn: 'scoring', action: 'reviewFile', payload: () => ({ id: ids.review, orgId: 'c-wh', format: 'csv' }) },
  ];

  /** Actions that change something: their answers are views of what the caller just did (walked by their own tests). */
  const MUTATIONS = new Set([
    'org.delegate', 'org.revokeDelegation', 'org.saveRule', 'org.saveSlaPolicy', 'org.markRead',
    'orders.submit', 'orders.claim', 'orders.bounce', 'orders.start', 'orders.resolve', 'orders.addNote', 'orders.requestInfo', 'orders.contact', 'orders.reply',
    'orders.rate', 'orders.editRating', 'orders.cancel', 'orders.merge', 'orders.escalate', 'orders.approveMany', 'orders.approve', 'orders.reject', 'orders.dispatch', 'orders.verify',
    'checkins.register', 'checkins.approve', 'checkins.reject', 'checkins.suspend', 'checkins.reinstate', 'checkins.markMoved', 'checkins.signUp',
    'checkins.cancelSignUp', 'checkins.planShifts', 'checkins.checkIn', 'checkins.checkOut', 'checkins.confirmSession', 'checkins.redeem',
    'checkins.approveRedemption', 'checkins.rejectRedemption', 'checkins.adjustPoints', 'checkins.grantKeeper', 'checkins.revokeKeeper',
    'scoring.recordVisit', 'scoring.openReview', 'scoring.commentReview',
    'sweep.run',
  ]);

  beforeAll(async () => {
    host = startTestHost();
    fx = fixtures(host);
    ids.scene = dataOf<{ scene: string }>(await host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary')).scene;
    // 张桂兰's order with her phone, taken by 赵敏 (its handler now); her 代办 for a neighbour, not yet taken;
    // 李建国's order in the same building; a proxy order resolved by 赵敏 with its return visit open.
    const claimed = await fx.order('demo-resident', { contactPhone: '13900000001' });
    dataOf(await host.call('orders', 'claim', { id: claimed.id, version: claimed.version }, 'demo-grid-worker'));
    ids.claimed = claimed.id;
    ids.waiting = (await fx.order('demo-resident', { channel: 'proxy', proxyFor: { name: '王奶奶', phone: '13911112222' } })).id;
    ids.neighbour = (await fx.order('demo-resident-2', { contactPhone: '13900000002' })).id;
    ids.visited = (await fx.openVisit()).orderId;
    // A 双报到 application with a phone, a member with a pending redemption, 王志强 checked in.
    ids.applicant = (await fx.pendingRegistration('c-wh')).openid;
    ids.member = (await fx.pendingRedemption()).openid;
    dataOf(await host.invoke('checkins', { action: 'checkIn', idempotencyKey: 'privacy-checkin-1', payload: { stationId: 'st-wh', token: await fx.stationToken('st-wh') } }, 'demo-volunteer'));
    ids.review = dataOf<{ _id: string }>(await host.call('scoring', 'openReview', { orgId: 'd-wc', year: 2025, half: 2 }, 'demo-district-admin'))._id;
    identities = [...DEMO_PEOPLE.map((p) => p.openid), 'stranger', ids.applicant, ids.member];
  }, 60_000);
  afterAll(() => host.destroy());

  /** Phones and openids of others the walk found and allowed (proof that it looks at real values). */
  const seen = { phones: 0, openids: 0 };
  const leaksIn = (viewer: string, label: string, response: unknown) => leakChecker(host, seen)(viewer, label, response);

  it('walks every read as every identity: no unmasked phone of others, no openid of others, no secret', async () => {
    const leaks: string[] = [];
    let answered = 0;
    for (const viewer of identities) {
      for (const read of READS) {
        const payload = read.payload();
        const res = (await host.call(read.fn, read.action, payload, viewer)) as { ok: boolean; data?: unknown; error?: unknown };
        if (res.ok) answered++;
        leaks.push(...leaksIn(viewer, `${viewer} ${read.fn}.${read.action}(${JSON.stringify(payload)})`, res));
      }
    }
    expect(leaks).toEqual([]);
    // The walk saw real data: most reads answer somebody, and phones / openids that may be read were read.
    expect(answered).toBeGreaterThan(READS.length * 3);
    expect(seen.phones).toBeGreaterThan(0);
    expect(seen.openids).toBeGreaterThan(0);
  }, 120_000);

  it('the walk catches a leak when there is one', () => {
    const found = leaksIn('demo-resident', 'probe', { a: '李建国 13900000002', b: ['demo-resident-2'], c: { d: `reg_c-wh_${ids.member}` }, e: 'demo-resident' });
    expect(found).toEqual(['probe $.a: phone 13900000002', 'probe $.b[0]: openid demo-resident-2', `probe $.c.d: openid ${ids.member}`]);
    expect(leaksIn('demo-secretary', 'probe', { c: `reg_c-wh_${ids.member}`, d: 'demo-grid-worker' })).toEqual([]);
    expect(leaksIn('demo-secretary', 'probe', { c: 'demo-resident-2' })).toEqual(['probe $.c: openid demo-resident-2']);
    // digits inside a random id are nobody's phone (this once failed the walk); a real number inside an id is still one
    expect(leaksIn('demo-resident', 'probe', { id: 'ntf_a17215993789be04c1d2', other: 'ntf_13900000002', free: '电话 17215993789' })).toEqual([
      'probe $.other: phone 13900000002',
      'probe $.free: phone 17215993789',
    ]);
  });

  it('the handler reads the resident\'s phone; the dispatcher and the next handler read it masked', async () => {
    const get = async (openid: string, id: string) => dataOf<{ contactPhone: string | null; proxyFor: { phone: string | null } | null }>(await host.call('orders', 'get', { id }, openid));
    expect((await get('demo-grid-worker', ids.claimed)).contactPhone).toBe('13900000001');
    expect((await get('demo-resident', ids.claimed)).contactPhone).toBe('13900000001');
    expect((await get('demo-secretary', ids.claimed)).contactPhone).toBe('139****0001');
    expect((await get('demo-district-admin', ids.claimed)).contactPhone).toBe('139****0001');
    // Not yet taken: even the grid worker it waits for reads the neighbour's phone masked.
    expect((await get('demo-grid-worker', ids.waiting)).proxyFor?.phone).toBe('139****2222');
  });

  it('every action the functions expose is either walked here as a read or classified as a change', () => {
    const exposed = (['org', 'orders', 'checkins', 'scoring', 'sweep'] as const).flatMap((fn) =>
      (loadFunction(FUNCTIONS_DIR, fn).main as unknown as { actions: { name: string; policy: string }[] }).actions.map((a) => ({ key: `${fn}.${a.name}`, policy: a.policy })),
    );
    const walked = new Set(READS.map((r) => `${r.fn}.${r.action}`));
    expect(exposed.filter((a) => !walked.has(a.key) && !MUTATIONS.has(a.key)).map((a) => `${a.key} (${a.policy}): add it to READS or MUTATIONS in ${__filename.split('/').pop()}`)).toEqual([]);
  });
});
