import { type ActionId, authorize, type OrgTarget } from '../../domain/authz/policy';
import type { ErrorCode } from '../../domain/model/envelope';
import type { OrgNode } from '../../domain/model/org';
import { DEMO_PEOPLE } from '../../server/seed/demo';
import { loadFunction } from '../../server/sdk-bridge';
import type { FunctionName } from '../../server/host';
import { dataOf, type Fixtures, fixtures } from '../helpers/fixtures';
import { leakChecker } from '../helpers/leaks';
import { FUNCTIONS_DIR, startTestHost, type TestHost } from '../helpers/test-host';

/**
 * The authorization matrix for every `checkins.*` and `scoring.*` action, walked with every demo
 * identity (and a stranger) through the real functions. Each cell arranges a fresh target per
 * attempt (a new application, a new pending redemption, a new return visit …) so attempts
 * cannot influence each other. The expected answer of an attempt is
 *   - the matrix row (`authorize` with the caller's grants and the target located in the org tree):
 *     denied → FORBIDDEN, or NOT_FOUND for actions that hide existence;
 *   - then the relation the row hands to the use case (`admits`: e.g. a return visit is its grid
 *     worker's or its community secretary's): not admitted → FORBIDDEN;
 *   - then the state (`state`: e.g. only a registered member can check in): the code the use case answers;
 *   - otherwise success.
 * Every refusal leaves the store digest unchanged, and no answer (success or refusal) carries a
 * phone, openid or secret its caller may not read. A last test fails when the built functions
 * expose an action that no cell covers.
 */

type Expected = 'ok' | ErrorCode;
type Arranged = { payload: Record<string, unknown>; target?: OrgTarget; key?: string };

interface Cell {
  /** Shown in failures: the action and what the attempt is about. */
  name: string;
  policy: ActionId;
  fn: FunctionName;
  action: string;
  arrange(who: string, fx: Fixtures): Promise<Arranged>;
  /** The use case's own relation rule (beyond the row); default: everyone the row admits. */
  admits?: (who: string) => boolean;
  /** What an admitted caller gets from the state of things (default 'ok'). */
  state?: (who: string) => Expected;
}

const IDENTITIES = [...DEMO_PEOPLE.map((p) => p.openid), 'stranger'];
const grantsOf = (openid: string) => DEMO_PEOPLE.find((p) => p.openid === openid)?.roles ?? [];
const hides = new Set<ActionId>();

let host: TestHost;
const node = (id: string): OrgTarget => {
  const n = host.store.get('orgs', id) as unknown as OrgNode;
  return { orgId: n._id, path: n.path };
};
const only =
  (...who: string[]) =>
  (w: string): Expected =>
    who.includes(w) ? 'ok' : 'FORBIDDEN';

let key = 0;
const nextKey = () => `matrix-${String(++key).padStart(6, '0')}`;
const TODAY = '2026-03-02';

let REVIEW = '';

/** The one registered member of 文汇社区 among the demo people (王志强). */
const MEMBER = 'demo-volunteer';

/** Can this person see the community at all (a grant on it, above or below it, or a registration there)? */
const seesCommunity = (who: string, communityId: string): boolean => {
  const community = host.store.get('orgs', communityId) as unknown as OrgNode;
  const under = (orgId: string) => orgId === communityId || ((host.store.get('orgs', orgId) as unknown as OrgNode | undefined)?.path ?? []).includes(communityId);
  return grantsOf(who).some((g) => community.path.includes(g.orgId) || under(g.orgId)) || host.store.find('checkin_registrations', { openid: who, communityId }).length > 0;
};

const dutyScreen =
  (secretary: string, communityId: string) =>
  (w: string): Expected =>
    w === secretary ? 'ok' : seesCommunity(w, communityId) ? 'FORBIDDEN' : 'NOT_FOUND';

const CHECKINS: Cell[] = [
  // ── 双报到 ──
  { name: 'register (to 西兰社区)', policy: 'checkins.register', fn: 'checkins', action: 'register', arrange: async () => ({ payload: { communityId: 'c-xl', workUnit: '渭城区财政局', partyBranch: '区财政局机关党支部' } }) },
  { name: 'me', policy: 'checkins.me', fn: 'checkins', action: 'me', arrange: async () => ({ payload: {} }) },
  { name: 'registrations of 文汇社区', policy: 'checkins.registrations', fn: 'checkins', action: 'registrations', arrange: async () => ({ payload: { communityId: 'c-wh' }, target: node('c-wh') }) },
  { name: 'registrations of 朝阳社区 (other street)', policy: 'checkins.registrations', fn: 'checkins', action: 'registrations', arrange: async () => ({ payload: { communityId: 'c-cy' }, target: node('c-cy') }) },
  {
    name: 'approve an application to 文汇社区 (a volunteer approving, the other secretary …)',
    policy: 'checkins.approve',
    fn: 'checkins',
    action: 'approve',
    arrange: async (_w, fx) => ({ payload: { id: (await fx.pendingRegistration('c-wh')).id }, target: node('c-wh') }),
  },
  {
    name: 'approve an application to 民生社区',
    policy: 'checkins.approve',
    fn: 'checkins',
    action: 'approve',
    arrange: async (_w, fx) => ({ payload: { id: (await fx.pendingRegistration('c-ms')).id }, target: node('c-ms') }),
  },
  { name: 'reject an application', policy: 'checkins.reject', fn: 'checkins', action: 'reject', arrange: async (_w, fx) => ({ payload: { id: (await fx.pendingRegistration()).id, reason: '资料不全' }, target: node('c-wh') }) },
  { name: 'suspend a member', policy: 'checkins.suspend', fn: 'checkins', action: 'suspend', arrange: async (_w, fx) => ({ payload: { id: (await fx.activeMember()).id, reason: '长期未参加服务' }, target: node('c-wh') }) },
  { name: 'reinstate a member', policy: 'checkins.reinstate', fn: 'checkins', action: 'reinstate', arrange: async (_w, fx) => ({ payload: { id: (await fx.suspendedMember()).id }, target: node('c-wh') }) },
  { name: 'mark a member moved', policy: 'checkins.markMoved', fn: 'checkins', action: 'markMoved', arrange: async (_w, fx) => ({ payload: { id: (await fx.activeMember()).id }, target: node('c-wh') }) },
  { name: 'monthly report of 文汇社区', policy: 'checkins.monthlyReport', fn: 'checkins', action: 'monthlyReport', arrange: async () => ({ payload: { communityId: 'c-wh', month: '2026-03' }, target: node('c-wh') }) },
  { name: 'monthly report of 西兰社区 (other street)', policy: 'checkins.monthlyReport', fn: 'checkins', action: 'monthlyReport', arrange: async () => ({ payload: { communityId: 'c-xl', month: '2026-03', format: 'csv' }, target: node('c-xl') }) },
  // ── stations and rotas ──
  { name: 'stations', policy: 'checkins.stations', fn: 'checkins', action: 'stations', arrange: async () => ({ payload: {} }) },
  { name: 'shifts at 文汇社区红色驿站', policy: 'checkins.shifts', fn: 'checkins', action: 'shifts', arrange: async () => ({ payload: { stationId: 'st-wh' }, target: node('c-wh') }) },
  { name: 'shifts at 民生社区红色驿站 (a 文汇 volunteer)', policy: 'checkins.shifts', fn: 'checkins', action: 'shifts', arrange: async () => ({ payload: { stationId: 'st-ms', days: 3 }, target: node('c-ms') }) },
  {
    name: 'sign up for a 文汇 shift tomorrow',
    policy: 'checkins.signUp',
    fn: 'checkins',
    action: 'signUp',
    arrange: async () => ({ payload: { shiftId: shiftAt('st-wh', '2026-03-03', '12:00') } }),
    // Open to every caller by the row; the 双报到 registration is the state that admits.
    state: only(MEMBER),
  },
  {
    name: 'sign up for a 民生 shift (not registered there)',
    policy: 'checkins.signUp',
    fn: 'checkins',
    action: 'signUp',
    arrange: async () => ({ payload: { shiftId: shiftAt('st-ms', '2026-03-04', '08:00') } }),
    state: only(),
  },
  {
    name: 'cancel a sign-up (only one\'s own)',
    policy: 'checkins.cancelSignUp',
    fn: 'checkins',
    action: 'cancelSignUp',
    async arrange(who, fx) {
      const shiftId = shiftAt('st-wh', '2026-03-05', '16:00');
      if (who === MEMBER) await fx.invoke('checkins', 'signUp', { shiftId }, MEMBER);
      return { payload: { shiftId } };
    },
    // Anyone not on the shift learns nothing of it (not even its members' names): NOT_FOUND, like a made-up id.
    state: (w) => (w === MEMBER ? 'ok' : 'NOT_FOUND'),
  },
  { name: 'duty week at 文汇社区红色驿站', policy: 'checkins.duty', fn: 'checkins', action: 'duty', arrange: async () => ({ payload: { stationId: 'st-wh', weekOf: TODAY }, target: node('c-wh') }) },
  {
    name: 'plan shifts at 文汇社区红色驿站 (the 民生 secretary on 文汇\'s station)',
    policy: 'checkins.planShifts',
    fn: 'checkins',
    action: 'planShifts',
    arrange: async () => ({ payload: { stationId: 'st-wh', weekOf: '2026-03-16', slots: [{ start: '08:00', end: '12:00', capacity: 3 }], weekdays: [1] }, target: node('c-wh') }),
  },
  {
    name: 'duty-screen token of 文汇社区红色驿站',
    policy: 'checkins.stationToken',
    fn: 'checkins',
    action: 'stationToken',
    arrange: async () => ({ payload: { stationId: 'st-wh' }, target: node('c-wh') }),
    // Only the secretary (or a station keeper she named); 王志强, on today's shift there, never. Whoever can see
    // the community is told so (FORBIDDEN); anyone else gets NOT_FOUND, like for a station that does not exist.
    state: dutyScreen('demo-secretary', 'c-wh'),
  },
  {
    name: 'duty-screen token of 民生社区红色驿站',
    policy: 'checkins.stationToken',
    fn: 'checkins',
    action: 'stationToken',
    arrange: async () => ({ payload: { stationId: 'st-ms' }, target: node('c-ms') }),
    state: dutyScreen('demo-secretary-2', 'c-ms'),
  },
  {
    name: 'name a 文汇 member keeper of 文汇社区红色驿站',
    policy: 'checkins.setKeeper',
    fn: 'checkins',
    action: 'grantKeeper',
    arrange: async (_w, fx) => ({ payload: { stationId: 'st-wh', registrationId: (await fx.activeMember()).id }, target: node('c-wh') }),
  },
  {
    name: 'take a keeper off 文汇社区红色驿站',
    policy: 'checkins.setKeeper',
    fn: 'checkins',
    action: 'revokeKeeper',
    async arrange(_w, fx) {
      const granted = dataOf<{ keepers: { id: string }[] }>(await fx.invoke('checkins', 'grantKeeper', { stationId: 'st-wh', registrationId: (await fx.activeMember()).id }, 'demo-secretary'), 'grantKeeper');
      return { payload: { stationId: 'st-wh', keeperId: granted.keepers[granted.keepers.length - 1].id }, target: node('c-wh') };
    },
  },
  { name: 'station poster of 文汇社区红色驿站', policy: 'checkins.stationPoster', fn: 'checkins', action: 'stationPoster', arrange: async () => ({ payload: { stationId: 'st-wh' }, target: node('c-wh') }) },
  { name: 'station poster of 朝阳社区红色驿站 (other street)', policy: 'checkins.stationPoster', fn: 'checkins', action: 'stationPoster', arrange: async () => ({ payload: { stationId: 'st-cy' }, target: node('c-cy') }) },
  // ── 签到 / 签退 ──
  {
    name: 'check in at 文汇社区红色驿站',
    policy: 'checkins.checkIn',
    fn: 'checkins',
    action: 'checkIn',
    async arrange(who, fx) {
      if (who === MEMBER) await fx.invoke('checkins', 'checkOut', {}, MEMBER).catch(() => undefined);
      return { payload: { stationId: 'st-wh', token: await fx.stationToken('st-wh') }, key: nextKey() };
    },
    state: only(MEMBER),
  },
  {
    name: 'check in at 民生社区红色驿站 (not registered there)',
    policy: 'checkins.checkIn',
    fn: 'checkins',
    action: 'checkIn',
    arrange: async (_w, fx) => ({ payload: { stationId: 'st-ms', token: await fx.stationToken('st-ms') }, key: nextKey() }),
    state: only(),
  },
  {
    name: 'check out (only one\'s own session)',
    policy: 'checkins.checkOut',
    fn: 'checkins',
    action: 'checkOut',
    async arrange(who, fx) {
      if (who === MEMBER && !host.store.get('checkin_open', MEMBER)) {
        await fx.invoke('checkins', 'checkIn', { stationId: 'st-wh', token: await fx.stationToken('st-wh') }, MEMBER, nextKey());
      }
      return { payload: {}, key: nextKey() };
    },
    state: (w) => (w === MEMBER ? 'ok' : 'FAILED_PRECONDITION'),
  },
  { name: 'sessions of 文汇社区', policy: 'checkins.sessions', fn: 'checkins', action: 'sessions', arrange: async () => ({ payload: { communityId: 'c-wh' }, target: node('c-wh') }) },
  { name: 'sessions of 民生社区', policy: 'checkins.sessions', fn: 'checkins', action: 'sessions', arrange: async () => ({ payload: { communityId: 'c-ms', status: 'auto_closed' }, target: node('c-ms') }) },
  { name: 'confirm an auto-closed session', policy: 'checkins.confirmSession', fn: 'checkins', action: 'confirmSession', arrange: async (_w, fx) => ({ payload: { id: (await fx.autoClosedSession()).id, minutes: 60 }, target: node('c-wh') }) },
  // ── points ──
  { name: 'points', policy: 'checkins.points', fn: 'checkins', action: 'points', arrange: async () => ({ payload: { limit: 5 } }) },
  { name: 'rewards of 文汇社区', policy: 'checkins.rewards', fn: 'checkins', action: 'rewards', arrange: async () => ({ payload: { communityId: 'c-wh' } }) },
  {
    name: 'redeem a 文汇 reward',
    policy: 'checkins.redeem',
    fn: 'checkins',
    action: 'redeem',
    arrange: async () => ({ payload: { rewardId: 'rw-wh-haircut' }, key: nextKey() }),
    state: only(MEMBER),
  },
  {
    name: 'redeem a 民生 reward (not registered there)',
    policy: 'checkins.redeem',
    fn: 'checkins',
    action: 'redeem',
    arrange: async () => ({ payload: { rewardId: 'rw-ms-market' }, key: nextKey() }),
    state: only(),
  },
  { name: 'redemptions of 文汇社区', policy: 'checkins.redemptions', fn: 'checkins', action: 'redemptions', arrange: async () => ({ payload: { communityId: 'c-wh' }, target: node('c-wh') }) },
  { name: 'approve a redemption', policy: 'checkins.approveRedemption', fn: 'checkins', action: 'approveRedemption', arrange: async (_w, fx) => ({ payload: { id: (await fx.pendingRedemption()).id }, target: node('c-wh') }) },
  { name: 'reject a redemption', policy: 'checkins.rejectRedemption', fn: 'checkins', action: 'rejectRedemption', arrange: async (_w, fx) => ({ payload: { id: (await fx.pendingRedemption()).id, reason: '奖品暂缺' }, target: node('c-wh') }) },
  {
    name: 'adjust a 文汇 member\'s points',
    policy: 'checkins.adjustPoints',
    fn: 'checkins',
    action: 'adjustPoints',
    arrange: async () => ({ payload: { communityId: 'c-wh', openid: MEMBER, amount: 5, reason: '活动表现突出' }, target: node('c-wh'), key: nextKey() }),
  },
  {
    name: 'adjust points as 民生社区 for a 文汇 member',
    policy: 'checkins.adjustPoints',
    fn: 'checkins',
    action: 'adjustPoints',
    arrange: async () => ({ payload: { communityId: 'c-ms', openid: MEMBER, amount: 50, reason: '跨社区加分' }, target: node('c-ms'), key: nextKey() }),
    // 王志强 is no member of 民生社区: the secretary there finds no such member.
    state: () => 'NOT_FOUND',
  },
];

const SCORING: Cell[] = [
  { name: 'scores of 文汇社区', policy: 'scoring.scores', fn: 'scoring', action: 'scores', arrange: async () => ({ payload: { orgId: 'c-wh' }, target: node('c-wh') }) },
  { name: 'scores of 文汇第一网格', policy: 'scoring.scores', fn: 'scoring', action: 'scores', arrange: async () => ({ payload: { orgId: 'g-wh-1' }, target: node('g-wh-1') }) },
  { name: 'scores of 新兴街道 (other street)', policy: 'scoring.scores', fn: 'scoring', action: 'scores', arrange: async () => ({ payload: { orgId: 's-xx', from: '2026-01-01', to: '2026-03-01' }, target: node('s-xx') }) },
  { name: 'scores of 区住建局', policy: 'scoring.scores', fn: 'scoring', action: 'scores', arrange: async () => ({ payload: { orgId: 'dep-zj' }, target: node('dep-zj') }) },
  { name: 'ranking under 渭阳街道', policy: 'scoring.ranking', fn: 'scoring', action: 'ranking', arrange: async () => ({ payload: { orgId: 's-wy' }, target: node('s-wy') }) },
  { name: 'ranking under 朝阳社区 (other street)', policy: 'scoring.ranking', fn: 'scoring', action: 'ranking', arrange: async () => ({ payload: { orgId: 'c-cy' }, target: node('c-cy') }) },
  { name: 'return visits to make', policy: 'scoring.visits', fn: 'scoring', action: 'visits', arrange: async () => ({ payload: { box: 'todo' } }) },
  {
    name: 'record a 文汇第一网格 return visit (the 民生 grid worker and secretary)',
    policy: 'scoring.recordVisit',
    fn: 'scoring',
    action: 'recordVisit',
    arrange: async (_w, fx) => ({ payload: { id: (await fx.openVisit()).id, outcome: 'satisfied', method: 'phone', note: '已电话回访，居民满意' } }),
    // 赵敏 handled the order herself: she may not make its return visit (domain/authz/duties.ts); the secretary may.
    admits: (w) => w === 'demo-secretary',
  },
  { name: 'dashboard of 文汇社区', policy: 'scoring.dashboard', fn: 'scoring', action: 'dashboard', arrange: async () => ({ payload: { orgId: 'c-wh' }, target: node('c-wh') }) },
  { name: 'dashboard of 新兴街道 (other street)', policy: 'scoring.dashboard', fn: 'scoring', action: 'dashboard', arrange: async () => ({ payload: { orgId: 's-xx' }, target: node('s-xx') }) },
  { name: 'evidence behind 文汇第一网格\'s numbers', policy: 'scoring.evidence', fn: 'scoring', action: 'evidence', arrange: async () => ({ payload: { orgId: 'g-wh-1', metric: 'submitted' }, target: node('g-wh-1') }) },
  { name: 'evidence behind 朝阳社区\'s numbers (other street)', policy: 'scoring.evidence', fn: 'scoring', action: 'evidence', arrange: async () => ({ payload: { orgId: 'c-cy', metric: 'late' }, target: node('c-cy') }) },
  { name: 'export the orders of 文汇社区', policy: 'scoring.export', fn: 'scoring', action: 'export', arrange: async () => ({ payload: { kind: 'orders', orgId: 'c-wh' }, target: node('c-wh') }) },
  { name: 'export the return visits of 新兴街道 (other street)', policy: 'scoring.export', fn: 'scoring', action: 'export', arrange: async () => ({ payload: { kind: 'visits', orgId: 's-xx' }, target: node('s-xx') }) },
  { name: 'open the 2024 first half-year review of the district', policy: 'scoring.openReview', fn: 'scoring', action: 'openReview', arrange: async () => ({ payload: { orgId: 'd-wc', year: 2024, half: 1 }, target: node('d-wc') }) },
  {
    name: 'open a half-year review for a street',
    policy: 'scoring.openReview',
    fn: 'scoring',
    action: 'openReview',
    arrange: async () => ({ payload: { orgId: 's-wy', year: 2024, half: 2 }, target: node('s-wy') }),
    state: () => 'FAILED_PRECONDITION',
  },
  { name: 'reviews seen from 文汇社区', policy: 'scoring.reviews', fn: 'scoring', action: 'reviews', arrange: async () => ({ payload: { orgId: 'c-wh' }, target: node('c-wh') }) },
  { name: 'reviews seen from the district', policy: 'scoring.reviews', fn: 'scoring', action: 'reviews', arrange: async () => ({ payload: { orgId: 'd-wc' }, target: node('d-wc') }) },
  { name: 'the review seen from 文汇社区', policy: 'scoring.review', fn: 'scoring', action: 'review', arrange: async () => ({ payload: { id: REVIEW, orgId: 'c-wh' }, target: node('c-wh') }) },
  { name: 'the review seen from 朝阳社区 (other street)', policy: 'scoring.review', fn: 'scoring', action: 'review', arrange: async () => ({ payload: { id: REVIEW, orgId: 'c-cy' }, target: node('c-cy') }) },
  { name: 'the review of 民生社区 as a file', policy: 'scoring.review', fn: 'scoring', action: 'reviewFile', arrange: async () => ({ payload: { id: REVIEW, orgId: 'c-ms', format: 'csv' }, target: node('c-ms') }) },
  { name: 'comment on 文汇社区\'s row', policy: 'scoring.commentReview', fn: 'scoring', action: 'commentReview', arrange: async () => ({ payload: { id: REVIEW, communityId: 'c-wh', text: '工作扎实，群众满意度高' }, target: node('c-wh') }) },
  { name: 'comment on 朝阳社区\'s row (other street)', policy: 'scoring.commentReview', fn: 'scoring', action: 'commentReview', arrange: async () => ({ payload: { id: REVIEW, communityId: 'c-cy', text: '需加强回访工作' }, target: node('c-cy') }) },
];

const CELLS = [...CHECKINS, ...SCORING];

/** Shift ids are readable: station, date, start. */
const shiftAt = (stationId: string, date: string, start: string) => {
  const found = host.store.find('checkin_shifts', { stationId, date, startLabel: start })[0];
  if (!found) throw new Error(`no shift ${stationId} ${date} ${start}`);
  return found._id;
};

/** What the built functions expose, as their `main.actions` lists it. */
const exposedActions = () =>
  (['checkins', 'scoring'] as const).flatMap((fn) => {
    const main = loadFunction(FUNCTIONS_DIR, fn).main as unknown as { actions?: { name: string; policy: ActionId; hideForbidden: boolean }[] };
    if (!main.actions) throw new Error(`cloudfunctions-dist/${fn} does not list its actions: rebuild with \`node scripts/build-backend.mjs functions\``);
    return main.actions.map((a) => ({ fn, ...a }));
  });

const expectedFor = (cell: Cell, who: string, target: OrgTarget | undefined): Expected => {
  const decision = authorize(cell.policy, grantsOf(who), target, who);
  if (!decision.allowed) return hides.has(cell.policy) ? 'NOT_FOUND' : 'FORBIDDEN';
  if (cell.admits && !cell.admits(who)) return 'FORBIDDEN';
  return cell.state?.(who) ?? 'ok';
};

describe('authorization matrix: every checkins and scoring action, every identity', () => {
  let fx: Fixtures;
  let leaks: ReturnType<typeof leakChecker>;

  beforeAll(async () => {
    host = startTestHost();
    fx = fixtures(host);
    leaks = leakChecker(host);
    // A frozen half-year review to read and comment on.
    REVIEW = dataOf<{ _id: string }>(await host.call('scoring', 'openReview', { orgId: 'd-wc', year: 2025, half: 2 }, 'demo-district-admin'), 'openReview')._id;
    // 民生社区's station gets a week of shifts, so its cells have something to try.
    await fx.invoke('checkins', 'planShifts', { stationId: 'st-ms', weekOf: TODAY, slots: [{ start: '08:00', end: '12:00', capacity: 5 }] }, 'demo-secretary-2');
    // Actions that answer NOT_FOUND to a denied caller (ids must not reveal what exists), as the functions declare them.
    for (const a of exposedActions()) if (a.hideForbidden) hides.add(a.policy);
  });
  afterAll(() => host.destroy());

  it.each(CELLS.map((c) => [`${c.policy}: ${c.name}`, c] as const))('%s', async (_label, cell) => {
    const mismatches: string[] = [];
    for (const who of IDENTITIES) {
      const arranged = await cell.arrange(who, fx);
      const expected = expectedFor(cell, who, arranged.target);
      const before = host.store.dataWriteCount;
      // The stranger (last) is compared by the digest of every collection too; the others by the write count (stricter, cheaper).
      const digest = who === 'stranger' ? host.store.digest() : undefined;
      const res = (await host.invoke(cell.fn, { action: cell.action, payload: arranged.payload, idempotencyKey: arranged.key }, who)) as {
        ok: boolean;
        error?: { code: string; message: string };
      };
      const got = res.ok ? 'ok' : (res.error?.code ?? '?');
      if (got !== expected) mismatches.push(`${who}: expected ${expected}, got ${got}${res.ok ? '' : ` (${res.error?.message})`}`);
      if (!res.ok && (host.store.dataWriteCount !== before || (digest !== undefined && host.store.digest() !== digest))) mismatches.push(`${who}: refused with ${got} but the store changed`);
      // Whatever it answered, it told the caller nothing they may not read (test/helpers/leaks.ts).
      mismatches.push(...leaks(who, `${who}:`, res));
    }
    expect(mismatches).toEqual([]);
  }, 60_000);

  it('denied callers of decisions on one document learn nothing: they get NOT_FOUND, like for an id that does not exist', () => {
    expect([...hides].sort()).toEqual(
      [
        'checkins.approve',
        'checkins.approveRedemption',
        'checkins.confirmSession',
        'checkins.markMoved',
        'checkins.reinstate',
        'checkins.reject',
        'checkins.rejectRedemption',
        'checkins.suspend',
        'checkins.shifts',
        'checkins.duty',
        'checkins.planShifts',
        'checkins.stationPoster',
        'checkins.setKeeper',
      ].sort(),
    );
  });

  it('every action the built checkins and scoring functions expose is walked by a cell', () => {
    const exposed = exposedActions();
    const walked = new Set(CELLS.map((c) => `${c.fn}.${c.action}`));
    const uncovered = exposed
      .filter((a) => !walked.has(`${a.fn}.${a.name}`))
      .map((a) => `${a.fn}.${a.name} (POLICY row ${a.policy}) is exposed by cloudfunctions-dist/${a.fn} but has no cell in ${__filename.split('/').pop()}: add one`);
    expect(uncovered).toEqual([]);
    // Each cell calls the action under the matrix row the function itself declares.
    const declared = new Map(exposed.map((a) => [`${a.fn}.${a.name}`, a.policy]));
    expect(CELLS.filter((c) => declared.get(`${c.fn}.${c.action}`) !== c.policy).map((c) => `${c.name}: declared ${declared.get(`${c.fn}.${c.action}`)}`)).toEqual([]);
  });
});
