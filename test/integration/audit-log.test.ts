import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AUDITED_DECISIONS, SELF_AUDITED_DECISIONS } from '../../cloudfunctions/_shared/audit';
import type { ActionId } from '../../domain/authz/policy';
import type { AuditDoc } from '../../domain/org/config';
import { loadFunction } from '../../server/sdk-bridge';
import type { FunctionName } from '../../server/host';
import { dataOf, type Fixtures, fixtures } from '../helpers/fixtures';
import { FUNCTIONS_DIR, ROOT, startTestHost, type TestHost } from '../helpers/test-host';

/**
 * The audit log: every decision (approve, reject, escalate, merge, dispatch, adjust points,
 * registrations, redemptions, confirmations, return visits, the half-year review, configuration,
 * delegation) appends one entry naming who decided what, on which document, when — and nothing
 * ever changes or removes an entry: no source writes `audit` other than by `add`, and entries
 * written early are byte-for-byte the same after everything else has run.
 */

type Step = { action: ActionId; fn: FunctionName; name: string; as: string; run: (fx: Fixtures) => Promise<{ payload: Record<string, unknown>; target: string; key?: string }> };

describe('audit log of decisions', () => {
  let host: TestHost;
  let fx: Fixtures;
  let scene = '';
  let review = '';

  const submit = async (category: string, description: string, key: string) =>
    dataOf<{ order: { id: string; version: number } }>(await host.invoke('orders', { action: 'submit', idempotencyKey: key, payload: { scene, category, description } }, 'demo-resident'), 'submit').order;

  const patrolToVerify = async (key: string) => {
    const o = dataOf<{ order: { id: string; version: number } }>(
      await host.invoke('orders', { action: 'submit', idempotencyKey: key, payload: { scene, category: 'repair', description: '巡查发现楼道堆放杂物' } }, 'demo-grid-worker'),
      'submit',
    ).order;
    await host.invoke('orders', { action: 'claim', payload: { id: o.id, version: o.version } }, 'demo-grid-worker');
    await host.invoke('orders', { action: 'resolve', payload: { id: o.id, note: '已清理' } }, 'demo-grid-worker');
    return o;
  };

  const STEPS: Step[] = [
    { action: 'orders.verify', fn: 'orders', name: 'verify', as: 'demo-secretary', run: async () => { const o = await patrolToVerify('audit-verify-1'); return { payload: { id: o.id, outcome: 'accept' }, target: `orders/${o.id}` }; } },
    { action: 'orders.approve', fn: 'orders', name: 'approve', as: 'demo-secretary', run: async () => { const o = await submit('property', '物业不打扫楼道，请社区协调', 'audit-approve-1'); return { payload: { id: o.id }, target: `orders/${o.id}` }; } },
    { action: 'orders.reject', fn: 'orders', name: 'reject', as: 'demo-secretary', run: async () => { const o = await submit('property', '物业收费问题请社区过问', 'audit-reject-1'); return { payload: { id: o.id, reason: '属于物业合同纠纷' }, target: `orders/${o.id}` }; } },
    { action: 'orders.approveMany', fn: 'orders', name: 'approveMany', as: 'demo-secretary', run: async () => { const o = await submit('property', '物业绿化无人管理', 'audit-many-1'); return { payload: { ids: [o.id] }, target: `orders/${o.id}` }; } },
    { action: 'orders.dispatch', fn: 'orders', name: 'dispatch', as: 'demo-secretary', run: async () => { const o = await submit('repair', '单元门禁坏了进不去', 'audit-dispatch-1'); return { payload: { id: o.id, to: { kind: 'queue', queue: 'community', orgId: 'c-wh' }, reason: '改由社区统一处理' }, target: `orders/${o.id}` }; } },
    { action: 'orders.escalate', fn: 'orders', name: 'escalate', as: 'demo-secretary', run: async () => { const o = await submit('repair', '楼顶漏水需要街道协调', 'audit-escalate-1'); return { payload: { id: o.id, reason: '需要街道协调维修基金' }, target: `orders/${o.id}` }; } },
    {
      action: 'orders.merge',
      fn: 'orders',
      name: 'merge',
      as: 'demo-secretary',
      async run() {
        const a = await submit('repair', '1号楼楼道灯坏了，晚上看不见', 'audit-merge-1');
        const b = await submit('repair', '楼道灯坏了好几天，晚上看不见路', 'audit-merge-2');
        return { payload: { id: a.id, childIds: [b.id], reason: '同一楼道的同一盏灯' }, target: `orders/${a.id}` };
      },
    },
    { action: 'checkins.approve', fn: 'checkins', name: 'approve', as: 'demo-secretary', run: async (f) => { const r = await f.pendingRegistration(); return { payload: { id: r.id }, target: `checkin_registrations/${r.id}` }; } },
    { action: 'checkins.reject', fn: 'checkins', name: 'reject', as: 'demo-secretary', run: async (f) => { const r = await f.pendingRegistration(); return { payload: { id: r.id, reason: '资料不全' }, target: `checkin_registrations/${r.id}` }; } },
    { action: 'checkins.suspend', fn: 'checkins', name: 'suspend', as: 'demo-secretary', run: async (f) => { const r = await f.activeMember(); return { payload: { id: r.id, reason: '长期未参加服务' }, target: `checkin_registrations/${r.id}` }; } },
    { action: 'checkins.reinstate', fn: 'checkins', name: 'reinstate', as: 'demo-secretary', run: async (f) => { const r = await f.suspendedMember(); return { payload: { id: r.id }, target: `checkin_registrations/${r.id}` }; } },
    { action: 'checkins.markMoved', fn: 'checkins', name: 'markMoved', as: 'demo-secretary', run: async (f) => { const r = await f.activeMember(); return { payload: { id: r.id, reason: '已搬离' }, target: `checkin_registrations/${r.id}` }; } },
    { action: 'checkins.confirmSession', fn: 'checkins', name: 'confirmSession', as: 'demo-secretary', run: async (f) => { const s = await f.autoClosedSession(); return { payload: { id: s.id, minutes: 90 }, target: `checkin_sessions/${s.id}` }; } },
    { action: 'checkins.approveRedemption', fn: 'checkins', name: 'approveRedemption', as: 'demo-secretary', run: async (f) => { const r = await f.pendingRedemption(); return { payload: { id: r.id }, target: `redemptions/${r.id}` }; } },
    { action: 'checkins.rejectRedemption', fn: 'checkins', name: 'rejectRedemption', as: 'demo-secretary', run: async (f) => { const r = await f.pendingRedemption(); return { payload: { id: r.id, reason: '奖品暂缺' }, target: `redemptions/${r.id}` }; } },
    {
      action: 'checkins.adjustPoints',
      fn: 'checkins',
      name: 'adjustPoints',
      as: 'demo-secretary',
      run: async () => ({ payload: { communityId: 'c-wh', openid: 'demo-volunteer', amount: 15, reason: '组织活动表现突出' }, target: 'ledger_tx/', key: 'audit-adjust-0001' }),
    },
    { action: 'checkins.setKeeper', fn: 'checkins', name: 'grantKeeper', as: 'demo-secretary', run: async (f) => { const r = await f.activeMember(); return { payload: { stationId: 'st-wh', registrationId: r.id }, target: 'stations/st-wh' }; } },
    // The grid worker handled the fixture's order, so its visit is the secretary's.
    { action: 'scoring.recordVisit', fn: 'scoring', name: 'recordVisit', as: 'demo-secretary', run: async (f) => { const v = await f.openVisit(); return { payload: { id: v.id, outcome: 'partly', method: 'door', note: '上门回访，基本满意' }, target: `visits/${v.id}` }; } },
    {
      action: 'scoring.openReview',
      fn: 'scoring',
      name: 'openReview',
      as: 'demo-district-admin',
      run: async () => ({ payload: { orgId: 'd-wc', year: 2025, half: 2 }, target: 'reviews/rv_d-wc_2025h2' }),
    },
    {
      action: 'scoring.commentReview',
      fn: 'scoring',
      name: 'commentReview',
      as: 'demo-street-admin',
      run: async () => ({ payload: { id: review, communityId: 'c-wh', text: '工作扎实，群众满意度高' }, target: `review_comments/` }),
    },
    {
      action: 'org.saveRule',
      fn: 'org',
      name: 'saveRule',
      as: 'demo-district-admin',
      run: async () => ({ payload: { rule: { _id: 'rule-audit', name: '审计测试规则', order: 90, enabled: true, match: { categories: ['dispute'] }, target: { type: 'grid_worker' } } }, target: 'routing_rules/rule-audit' }),
    },
    {
      action: 'org.saveSlaPolicy',
      fn: 'org',
      name: 'saveSlaPolicy',
      as: 'demo-district-admin',
      run: async () => ({
        payload: { policy: { _id: 'sla-audit', name: '审计测试时限', order: 95, match: { categories: ['policy'] }, calendar: { kind: '24x7' }, targets: { respond: 30, resolve: 600 }, remindAt: 0.8, promise: '10小时内答复' } },
        target: 'sla_policies/sla-audit',
      }),
    },
    {
      action: 'org.delegate',
      fn: 'org',
      name: 'delegate',
      as: 'demo-secretary',
      run: async () => ({ payload: { communityId: 'c-wh', deputyOpenid: 'demo-grid-worker', from: host.clock.now(), to: host.clock.now() + 86_400_000, reason: '外出学习一天' }, target: 'delegations/' }),
    },
    {
      action: 'org.revokeDelegation',
      fn: 'org',
      name: 'revokeDelegation',
      as: 'demo-secretary',
      async run() {
        const d = dataOf<{ _id: string }>(await host.call('org', 'delegate', { communityId: 'c-wh', deputyOpenid: 'demo-grid-worker', from: host.clock.now(), to: host.clock.now() + 86_400_000, reason: '外出学习一天' }, 'demo-secretary'));
        return { payload: { id: d._id }, target: `delegations/${d._id}` };
      },
    },
  ];

  /** Exposed actions that decide nothing anyone must answer for later (reads, a resident's own steps, a handler's routine steps). */
  const NOT_DECISIONS = new Set<ActionId>([
    'org.whoami', 'org.tree', 'org.resolveScene', 'org.categories', 'org.qrcode', 'org.handlers', 'org.delegations', 'org.config', 'org.inbox', 'org.markRead',
    'orders.submit', 'orders.list', 'orders.get', 'orders.timeline', 'orders.claim', 'orders.bounce', 'orders.start', 'orders.resolve', 'orders.requestInfo', 'orders.contact',
    'orders.addNote', 'orders.reply', 'orders.rate', 'orders.editRating', 'orders.cancel',
    'checkins.register', 'checkins.me', 'checkins.registrations', 'checkins.monthlyReport', 'checkins.stations', 'checkins.shifts', 'checkins.signUp',
    'checkins.cancelSignUp', 'checkins.duty', 'checkins.planShifts', 'checkins.stationToken', 'checkins.stationPoster', 'checkins.checkIn', 'checkins.checkOut',
    'checkins.sessions', 'checkins.points', 'checkins.rewards', 'checkins.redeem', 'checkins.redemptions',
    'scoring.scores', 'scoring.ranking', 'scoring.visits', 'scoring.dashboard', 'scoring.evidence', 'scoring.export', 'scoring.reviews', 'scoring.review',
    'sweep.run',
  ]);

  let early: AuditDoc[] = [];

  beforeAll(async () => {
    host = startTestHost();
    fx = fixtures(host);
    scene = dataOf<{ scene: string }>(await host.call('org', 'qrcode', { orgId: 'b-wh-1-1' }, 'demo-secretary')).scene;
  });
  afterAll(() => host.destroy());

  it('every decision appends exactly one entry: who, when, what, on which document', async () => {
    const problems: string[] = [];
    for (const step of STEPS) {
      const { payload, target, key } = await step.run(fx);
      const before = new Set(host.store.all('audit').map((a) => a._id));
      const res = await host.invoke(step.fn, { action: step.name, payload, ...(key ? { idempotencyKey: key } : {}) }, step.as);
      const data = dataOf<Record<string, unknown>>(res, step.action);
      if (step.action === 'scoring.openReview') review = String(data._id);
      const added = (host.store.all('audit') as unknown as AuditDoc[]).filter((a) => !before.has(a._id));
      if (added.length !== 1) {
        problems.push(`${step.action}: ${added.length} entries`);
        continue;
      }
      const [entry] = added;
      if (entry.by !== step.as) problems.push(`${step.action}: by ${entry.by}`);
      if (entry.at !== host.clock.now()) problems.push(`${step.action}: at ${entry.at}`);
      if (!entry.target.startsWith(target)) problems.push(`${step.action}: target ${entry.target}, expected ${target}…`);
      if (!entry.action) problems.push(`${step.action}: no action named`);
      // A retry with the same idempotency key appends nothing.
      if (key) {
        dataOf(await host.invoke(step.fn, { action: step.name, payload, idempotencyKey: key }, step.as), `${step.action} retry`);
        if (host.store.size('audit') !== before.size + 1) problems.push(`${step.action}: a retry appended again`);
      }
    }
    expect(problems).toEqual([]);
    early = structuredClone(host.store.all('audit') as unknown as AuditDoc[]);
    expect(early.length).toBeGreaterThanOrEqual(STEPS.length);
  }, 60_000);

  it('a refused decision appends nothing', async () => {
    const count = host.store.size('audit');
    const o = await submit('property', '物业问题：被拒绝的审批不留审计', 'audit-refused-1');
    expect(await host.call('orders', 'approve', { id: o.id }, 'demo-secretary-2')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await host.call('checkins', 'adjustPoints', { communityId: 'c-wh', openid: 'demo-volunteer', amount: -5, reason: '志愿者给自己扣分' }, 'demo-volunteer')).toMatchObject({ ok: false });
    expect(host.store.size('audit')).toBe(count);
  });

  it('every exposed action is classified: a decision that is audited, or not a decision', () => {
    const exposed = (['org', 'orders', 'checkins', 'scoring', 'sweep'] as const).flatMap((fn) =>
      (loadFunction(FUNCTIONS_DIR, fn).main as unknown as { actions: { name: string; policy: ActionId }[] }).actions.map((a) => ({ key: `${fn}.${a.name}`, policy: a.policy })),
    );
    const audited = new Set<ActionId>([...(Object.keys(AUDITED_DECISIONS) as ActionId[]), ...SELF_AUDITED_DECISIONS]);
    expect(exposed.filter((a) => !audited.has(a.policy) && !NOT_DECISIONS.has(a.policy)).map((a) => `${a.key} (${a.policy})`)).toEqual([]);
    // And the steps above try every audited decision once.
    expect([...audited].filter((a) => !STEPS.some((s) => s.action === a))).toEqual([]);
  });

  it('nobody can edit an entry: the sources only ever add to `audit`', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name)) files.push(path);
      }
    };
    for (const dir of ['cloudfunctions', 'domain', 'src']) walk(join(ROOT, dir));
    const uses: string[] = [];
    let adds = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/collection\(\s*['"`]audit['"`]\s*\)([\s\S]{0,80})/g)) {
        const next = /^\s*\.\s*(\w+)/.exec(m[1])?.[1];
        if (next === 'add') adds++;
        else uses.push(`${relative(ROOT, file)}: collection('audit').${next ?? '?'}`);
      }
      // The collection's name may only appear where it is added to, declared, or described.
      for (const m of text.matchAll(/['"`]audit['"`]/g)) {
        const at = m.index ?? 0;
        const line = text.slice(text.lastIndexOf('\n', at) + 1, text.indexOf('\n', at) < 0 ? undefined : text.indexOf('\n', at)).trim();
        if (/^(\*|\/\/|\/\*)/.test(line)) continue; // a comment describing it
        if (!/collection\(\s*['"`]audit['"`]\s*\)\s*\.\s*add\(/.test(line)) uses.push(`${relative(ROOT, file)}: ${line}`);
      }
    }
    expect(uses).toEqual([]);
    // The writers found: the dispatcher's decisions, configuration, delegation, the half-year review and its comments.
    expect(adds).toBeGreaterThanOrEqual(5);
  });

  it('entries written first are unchanged after everything else (and each was written once)', async () => {
    // More decisions and their retries, the sweep, reads: none may touch an existing entry.
    for (const step of STEPS.filter((s) => s.fn === 'checkins')) {
      const { payload } = await step.run(fx);
      await host.invoke(step.fn, { action: step.name, payload }, step.as);
    }
    await host.trigger('sweep');
    host.clock.advance(3 * 86_400_000);
    await host.trigger('sweep');
    for (const entry of early) {
      expect(host.store.get('audit', entry._id)).toEqual(entry);
      expect(host.store.revision('audit', entry._id)).toBe(1);
    }
  }, 60_000);
});
