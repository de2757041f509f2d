import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FunctionName } from '../../server/host';
import { malformed } from '../helpers/fuzz';
import { loadFunction } from '../../server/sdk-bridge';
import { FUNCTIONS_DIR, ROOT, startTestHost, type TestHost } from '../helpers/test-host';

/**
 * Input fuzzing: for every action, payloads built from a valid one with one part made wrong
 * (test/helpers/fuzz.ts: wrong type, oversize, operator injection, prototype keys, deep nesting,
 * NaN/Infinity, negative numbers, invalid dates, emoji / RTL / zero-width text where an id, enum
 * or date belongs, extra keys). Each must be refused with INVALID_ARGUMENT and a readable Chinese
 * message, no stack trace, and no write at all (the store commits nothing; its digest, counters
 * included, is the same at the end). REDGRID_FUZZ_RUNS sets the count per action: 500 in
 * `npm test`, 2000 for the full run (`REDGRID_FUZZ_RUNS=2000 npx jest --selectProjects
 * integration -- test/integration/input-fuzz.test.ts`); REDGRID_FUZZ_SEED replays a run. The
 * per-action figures land in .tmp/fuzz-summary.json.
 */
const RUNS = Number(process.env.REDGRID_FUZZ_RUNS ?? 500);
const SEED = Number(process.env.REDGRID_FUZZ_SEED ?? Date.now() % 2_147_483_647);

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
  { fn: 'orders', action: 'dispatch', payload: { id: 'ord_x', to: { kind: 'queue', queue: 'community', orgId: 'c-wh' }, reason: '改派原因' } },
  { fn: 'orders', action: 'escalate', payload: { id: 'ord_x', reason: '需要上级协调' } },
  { fn: 'orders', action: 'merge', payload: { id: 'ord_x', childIds: ['ord_y'], reason: '重复诉求' } },
  { fn: 'sweep', action: 'run', payload: {} },
  // ── the rest of org and orders ──
  { fn: 'org', action: 'whoami', payload: {} },
  { fn: 'org', action: 'categories', payload: {} },
  { fn: 'org', action: 'handlers', payload: { orgId: 'c-wh' } },
  { fn: 'org', action: 'delegate', payload: { communityId: 'c-wh', deputyOpenid: 'demo-grid-worker', from: 1772413200000, to: 1772499600000, reason: '外出学习两天' } },
  { fn: 'org', action: 'revokeDelegation', payload: { id: 'dlg_x' } },
  { fn: 'org', action: 'delegations', payload: { communityId: 'c-wh' } },
  { fn: 'org', action: 'config', payload: { kind: 'sla_policies' } },
  {
    fn: 'org',
    action: 'saveRule',
    payload: { rule: { _id: 'rule-x', name: '夜间纠纷', order: 40, enabled: true, match: { categories: ['dispute'], kinds: ['service'], orgId: 'c-wh', hours: [8, 20] }, target: { type: 'grid_worker', approval: false } } },
  },
  {
    fn: 'org',
    action: 'saveSlaPolicy',
    payload: { policy: { _id: 'sla-x', name: '维修快速响应', order: 5, match: { categories: ['repair'] }, calendar: { kind: 'workdays', start: '08:30', end: '17:30' }, targets: { dispatch: 30, respond: 60, resolve: 600 }, remindAt: 0.8, promise: '当天答复' } },
  },
  { fn: 'orders', action: 'timeline', payload: { id: 'ord_x' } },
  { fn: 'orders', action: 'bounce', payload: { id: 'ord_x', reason: '不属于本网格' } },
  { fn: 'orders', action: 'start', payload: { id: 'ord_x' } },
  { fn: 'orders', action: 'requestInfo', payload: { id: 'ord_x', question: '请问是几单元？' } },
  { fn: 'orders', action: 'contact', payload: { id: 'ord_x', how: 'call', note: '已电话联系居民' } },
  { fn: 'orders', action: 'addNote', payload: { id: 'ord_x', note: '已联系物业' } },
  { fn: 'orders', action: 'reply', payload: { id: 'ord_x', answer: '三单元' } },
  { fn: 'orders', action: 'editRating', payload: { id: 'ord_x', stars: 4, dims: { attitude: 4 }, tags: ['及时'], comment: '改一下评价' } },
  { fn: 'orders', action: 'cancel', payload: { id: 'ord_x', reason: '已自行解决' } },
  { fn: 'orders', action: 'approve', payload: { id: 'ord_x' } },
  { fn: 'orders', action: 'reject', payload: { id: 'ord_x', reason: '不属于受理范围' } },
  { fn: 'orders', action: 'approveMany', payload: { ids: ['ord_x', 'ord_y'] } },
  { fn: 'orders', action: 'verify', payload: { id: 'ord_x', outcome: 'return', note: '照片看不清楚' } },
  // ── checkins ──
  { fn: 'checkins', action: 'register', payload: { communityId: 'c-wh', name: '刘芳', phone: '13800000011', workUnit: '渭城区教育局', partyBranch: '区教育局机关党支部', skills: ['课业辅导'], availability: ['weekend'] } },
  { fn: 'checkins', action: 'me', payload: {} },
  { fn: 'checkins', action: 'registrations', payload: { communityId: 'c-wh', status: 'pending', limit: 10 } },
  { fn: 'checkins', action: 'approve', payload: { id: 'reg_c-wh_demo-applicant' } },
  { fn: 'checkins', action: 'reject', payload: { id: 'reg_c-wh_demo-applicant', reason: '资料不全' } },
  { fn: 'checkins', action: 'suspend', payload: { id: 'reg_c-wh_demo-volunteer', reason: '长期未参加服务' } },
  { fn: 'checkins', action: 'reinstate', payload: { id: 'reg_c-wh_demo-volunteer' } },
  { fn: 'checkins', action: 'markMoved', payload: { id: 'reg_c-wh_demo-volunteer', reason: '已搬离本社区' } },
  { fn: 'checkins', action: 'monthlyReport', payload: { communityId: 'c-wh', month: '2026-03', format: 'csv' } },
  { fn: 'checkins', action: 'stations', payload: { communityId: 'c-wh' } },
  { fn: 'checkins', action: 'shifts', payload: { stationId: 'st-wh', from: '2026-03-02', days: 7 } },
  { fn: 'checkins', action: 'signUp', payload: { shiftId: 'sh-st-wh-20260303-0800' } },
  { fn: 'checkins', action: 'cancelSignUp', payload: { shiftId: 'sh-st-wh-20260303-0800' } },
  { fn: 'checkins', action: 'duty', payload: { stationId: 'st-wh', weekOf: '2026-03-02' } },
  { fn: 'checkins', action: 'planShifts', payload: { stationId: 'st-wh', weekOf: '2026-03-09', slots: [{ start: '08:00', end: '12:00', capacity: 2 }], weekdays: [1, 3] } },
  { fn: 'checkins', action: 'stationToken', payload: { stationId: 'st-wh' } },
  { fn: 'checkins', action: 'stationPoster', payload: { stationId: 'st-wh' } },
  { fn: 'checkins', action: 'grantKeeper', payload: { stationId: 'st-wh', registrationId: 'reg_c-wh_demo-volunteer' } },
  { fn: 'checkins', action: 'revokeKeeper', payload: { stationId: 'st-wh', keeperId: 'kp_x' } },
  { fn: 'checkins', action: 'checkIn', payload: { stationId: 'st-wh', token: 'abcdefgh', location: { lat: 34.3305, lng: 108.7069, accuracy: 10 } } },
  { fn: 'checkins', action: 'checkOut', payload: {} },
  { fn: 'checkins', action: 'sessions', payload: { communityId: 'c-wh', status: 'auto_closed', limit: 10 } },
  { fn: 'checkins', action: 'confirmSession', payload: { id: 'ses-x', minutes: 60 } },
  { fn: 'checkins', action: 'points', payload: { limit: 10, cursor: 'abc' } },
  { fn: 'checkins', action: 'rewards', payload: { communityId: 'c-wh' } },
  { fn: 'checkins', action: 'redeem', payload: { rewardId: 'rw-wh-haircut' } },
  { fn: 'checkins', action: 'redemptions', payload: { communityId: 'c-wh', status: 'pending', limit: 10 } },
  { fn: 'checkins', action: 'approveRedemption', payload: { id: 'rdm_x' } },
  { fn: 'checkins', action: 'rejectRedemption', payload: { id: 'rdm_x', reason: '奖品暂缺' } },
  { fn: 'checkins', action: 'adjustPoints', payload: { communityId: 'c-wh', openid: 'demo-volunteer', amount: 5, reason: '活动表现突出' } },
  // ── scoring ──
  { fn: 'scoring', action: 'scores', payload: { orgId: 'c-wh', from: '2026-03-01', to: '2026-03-02' } },
  { fn: 'scoring', action: 'ranking', payload: { orgId: 's-wy', from: '2026-03-01', to: '2026-03-02' } },
  { fn: 'scoring', action: 'visits', payload: { box: 'todo' } },
  { fn: 'scoring', action: 'recordVisit', payload: { id: 'visit_ord_x_r0', outcome: 'satisfied', method: 'phone', note: '已电话回访' } },
  { fn: 'scoring', action: 'dashboard', payload: { orgId: 'c-wh', from: '2026-02-01', to: '2026-03-02' } },
  { fn: 'scoring', action: 'evidence', payload: { orgId: 'g-wh-1', metric: 'late', from: '2026-02-01', to: '2026-03-02', cursor: 'MTc3MjQxMzIwMDAwMHxvcmRfeA' } },
  { fn: 'scoring', action: 'export', payload: { kind: 'ratings', orgId: 'c-wh', from: '2026-02-01', to: '2026-03-02', cursor: 'ZTF8MTc3MjQxMzIwMDAwMHwwfG9yZF94' } },
  { fn: 'scoring', action: 'openReview', payload: { orgId: 'd-wc', year: 2025, half: 2 } },
  { fn: 'scoring', action: 'reviews', payload: { orgId: 'd-wc' } },
  { fn: 'scoring', action: 'review', payload: { id: 'rv_d-wc_2025h2', orgId: 'c-wh' } },
  { fn: 'scoring', action: 'reviewFile', payload: { id: 'rv_d-wc_2025h2', orgId: 'c-wh', format: 'xlsx' } },
  { fn: 'scoring', action: 'commentReview', payload: { id: 'rv_d-wc_2025h2', communityId: 'c-wh', text: '工作扎实，群众满意度高' } },
];

const CALLERS = ['demo-district-admin', 'demo-secretary', 'demo-resident', 'demo-volunteer'];
const STACK = /\bat\s+\S+:\d+|Error:|\.(ts|js):\d+|node_modules/;

type Outcome = { ok: boolean; error?: { code: string; message: string } };

describe('input fuzzing: malformed payloads are refused cleanly and change nothing', () => {
  let host: TestHost;
  let digest: string;
  const summary: Record<string, { tried: number; distinct: number; clean: number }> = {};

  beforeAll(() => {
    host = startTestHost();
    digest = host.store.digest({ includeCounters: true });
  });
  afterAll(async () => {
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    writeFileSync(join(ROOT, '.tmp', 'fuzz-summary.json'), `${JSON.stringify({ runsPerAction: RUNS, seed: SEED, actions: summary }, null, 2)}\n`);
    await host.destroy();
  });

  it.each(VALID.map((v) => [`${v.fn}.${v.action}`, v] as const))(`%s × ${RUNS}`, async (name, valid) => {
    const cases = fc.sample(fc.tuple(malformed(valid.payload), fc.constantFrom(...CALLERS)), { numRuns: RUNS, seed: SEED + name.length });
    const failures: string[] = [];
    let clean = 0;
    for (const [payload, openid] of cases) {
      const commits = host.store.commitCount;
      const res = (await host.invoke(valid.fn, { action: valid.action, payload }, openid)) as Outcome;
      const problem = !res.ok
        ? res.error?.code !== 'INVALID_ARGUMENT'
          ? `answered ${res.error?.code}`
          : !/[\u4e00-\u9fa5]/.test(res.error.message)
            ? 'message is not readable Chinese'
            : STACK.test(res.error.message)
              ? 'message shows a stack or file'
              : host.store.commitCount !== commits
                ? 'the store was written'
                : null
        : 'accepted';
      if (problem === null) clean++;
      else if (failures.length < 5) failures.push(`${problem}: ${JSON.stringify(payload).slice(0, 300)} → ${JSON.stringify(res).slice(0, 300)}`);
    }
    // Small schemas have few ways to be wrong (`{}` only takes extra keys): say how many cases differed.
    const distinct = new Set(cases.map(([payload, openid]) => `${openid}:${JSON.stringify(payload, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}`)).size;
    summary[name] = { tried: cases.length, distinct, clean };
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect({ seed: SEED, failures }).toEqual({ seed: SEED, failures: [] });
    expect(clean).toBe(RUNS);
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
          const res = (await host.invoke('org', event, 'demo-resident')) as Outcome;
          if (res.ok) return; // fc.anything() can produce a valid {action:'whoami'}-less object only by chance; a success here changed nothing either
          expect(['INVALID_ARGUMENT', 'NOT_FOUND']).toContain(res.error?.code);
        },
      ),
      { numRuns: Math.min(RUNS, 1000) },
    );
    expect(host.store.digest({ includeCounters: true })).toBe(digest);
  }, 120_000);
  it('hidden characters (bidi controls, zero-width, NUL, C1, lone surrogates) in any string of any payload are refused and write nothing', async () => {
    const HIDDEN = ['\u202E', '\u2067', '\u200F', '\u200B', '\u2060', '\uFEFF', '\u0000', '\u0085', '\u007F', '\uD83D', '\uDE00'];
    const failures: string[] = [];
    /** Every payload with one string leaf given a hidden character in its middle. */
    const variants = (value: unknown, put: (v: unknown) => unknown): unknown[] => {
      if (typeof value === 'string') return HIDDEN.map((h) => put(`${value.slice(0, 1)}${h}${value.slice(1) || value}`));
      if (Array.isArray(value)) return value.flatMap((item, i) => variants(item, (v) => put(value.map((x, j) => (j === i ? v : x)))));
      if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, item]) => variants(item, (v) => put({ ...value, [k]: v })));
      return [];
    };
    for (const valid of VALID) {
      for (const payload of variants(valid.payload, (v) => v)) {
        const commits = host.store.commitCount;
        const res = (await host.invoke(valid.fn, { action: valid.action, payload }, 'demo-district-admin')) as Outcome;
        if (res.ok || res.error?.code !== 'INVALID_ARGUMENT' || host.store.commitCount !== commits) {
          if (failures.length < 10) failures.push(`${valid.fn}.${valid.action} ${JSON.stringify(payload).slice(0, 200)} → ${JSON.stringify(res).slice(0, 200)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('every action the functions expose is fuzzed here', () => {
    const exposed = (['org', 'orders', 'checkins', 'scoring', 'sweep'] as const).flatMap((fn) =>
      (loadFunction(FUNCTIONS_DIR, fn).main as unknown as { actions: { name: string }[] }).actions.map((a) => `${fn}.${a.name}`),
    );
    const fuzzed = new Set(VALID.map((v) => `${v.fn}.${v.action}`));
    expect(exposed.filter((a) => !fuzzed.has(a)).map((a) => `${a}: add a valid payload to VALID in ${__filename.split('/').pop()}`)).toEqual([]);
  });

  it('every base payload is itself valid (so each case differs from a valid call in one place only)', async () => {
    // Run last (it may write): a stranger's call passes validation and is refused, if at all, for who they are.
    for (const valid of VALID) {
      const res = (await host.invoke(valid.fn, { action: valid.action, payload: valid.payload }, 'stranger')) as Outcome;
      const schemaRefusal = !res.ok && res.error?.code === 'INVALID_ARGUMENT' && !/签到码|二维码/.test(res.error.message);
      expect({ action: `${valid.fn}.${valid.action}`, schemaRefusal, error: schemaRefusal ? res.error : undefined }).toEqual({ action: `${valid.fn}.${valid.action}`, schemaRefusal: false, error: undefined });
    }
  });

});
