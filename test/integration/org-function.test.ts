import { DEMO_PEOPLE } from '../../server/seed/demo';
import { startTestHost, type TestHost } from '../helpers/test-host';

interface Whoami {
  openid: string;
  name: string | null;
  roles: { role: string; orgId: string; orgName: string; orgLabel: string; orgType: string }[];
}
interface Tree {
  roots: string[];
  nodes: { _id: string; type: string; path: string[] }[];
  truncated: boolean;
}

describe('org cloud function through the real SDK and the embedded store', () => {
  let host: TestHost;
  beforeAll(() => {
    host = startTestHost();
  });
  afterAll(() => host.destroy());

  it.each(DEMO_PEOPLE.map((p) => [p.name, p] as const))('whoami answers %s with their roles and org names', async (_name, person) => {
    const res = await host.call<Whoami>('org', 'whoami', {}, person.openid);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data.openid).toBe(person.openid);
    expect(res.data.name).toBe(person.name);
    expect(res.data.roles.map((r) => ({ role: r.role, orgId: r.orgId }))).toEqual(person.roles);
    for (const role of res.data.roles) expect(role.orgName).not.toMatch(/撤销/);
    expect(JSON.stringify(res.data)).not.toContain(person.phone);
  });

  it('labels a resident building with its community so 1号楼 of two communities differ', async () => {
    const res = await host.call<Whoami>('org', 'whoami', {}, 'demo-resident');
    expect(res.ok && res.data.roles[0].orgLabel).toBe('文汇社区 · 文汇社区第一网格 · 1号楼');
  });

  it('a WeChat user never seen before is known by openid with no roles', async () => {
    const res = await host.call<Whoami>('org', 'whoami', {}, 'brand-new-user');
    expect(res).toEqual({ ok: true, data: { openid: 'brand-new-user', name: null, roles: [] } });
  });

  it('without an identity every action is UNAUTHENTICATED', async () => {
    const res = await host.call('org', 'whoami', {}, undefined);
    expect(res).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } });
  });

  it('unknown actions and malformed events get clean error envelopes', async () => {
    expect(await host.call('org', 'nope', {}, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    for (const event of [null, 42, 'x', [], {}, { action: 7 }, { action: 'x'.repeat(65) }, { action: 'whoami', idempotencyKey: '$gt' }]) {
      const res = (await host.invoke('org', event, 'demo-secretary')) as { ok: boolean; error?: { code: string; message: string } };
      expect(res.ok).toBe(false);
      expect(res.error?.code).toBe('INVALID_ARGUMENT');
      expect(res.error?.message).not.toMatch(/at .*\.js:\d+/);
    }
    const extra = await host.call('org', 'whoami', { sneaky: 1 }, 'demo-secretary');
    expect(extra).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', details: { fields: [expect.anything()] } } });
  });

  it('unknown actions of the other functions answer NOT_FOUND cleanly', async () => {
    for (const fn of ['orders', 'checkins', 'scoring', 'sweep'] as const) {
      expect(await host.call(fn, 'anything', {}, 'demo-district-admin')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    }
  });

  it('tree shows a secretary their community and its grids, nothing of other communities', async () => {
    const res = await host.call<Tree>('org', 'tree', { depth: 1 }, 'demo-secretary');
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.data.roots).toEqual(['c-wh']);
    expect(res.data.nodes.map((n) => n._id)).toEqual(['c-wh', 'g-wh-1', 'g-wh-2', 'g-wh-3']);
    const deeper = await host.call<Tree>('org', 'tree', { depth: 3 }, 'demo-secretary');
    expect(deeper.ok && deeper.data.nodes.every((n) => n._id === 'c-wh' || n.path.includes('c-wh'))).toBe(true);
    expect(deeper.ok && deeper.data.nodes.filter((n) => n.type === 'unit')).toHaveLength(18);
  });

  it('tree refuses a subtree outside the caller scope (cross-community, cross-street)', async () => {
    expect(await host.call('org', 'tree', { rootId: 'c-ms' }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('org', 'tree', { rootId: 's-xx' }, 'demo-street-admin')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.call('org', 'tree', { rootId: 'c-ms' }, 'demo-street-admin')).toMatchObject({ ok: true });
    expect(await host.call('org', 'tree', { rootId: 'missing' }, 'demo-district-admin')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await host.call('org', 'tree', {}, 'brand-new-user')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('the district admin sees the whole district; the default depth stops at communities', async () => {
    const res = await host.call<Tree>('org', 'tree', {}, 'demo-district-admin');
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const types = new Set(res.data.nodes.map((n) => n.type));
    expect([...types].sort()).toEqual(['community', 'department', 'district', 'street']);
  });

  it('delegations: the community\'s secretary sees them with the staff she may choose; an admin above sees them without; others are refused', async () => {
    const own = await host.call<{ canDelegate: boolean; candidates: { openid: string; name: string }[]; delegations: unknown[] }>('org', 'delegations', { communityId: 'c-wh' }, 'demo-secretary');
    expect(own).toMatchObject({ ok: true, data: { canDelegate: true, candidates: [{ openid: 'demo-grid-worker', name: '赵敏' }] } });
    expect(await host.call('org', 'delegations', { communityId: 'c-wh' }, 'demo-street-admin')).toMatchObject({ ok: true, data: { canDelegate: false, candidates: [] } });
    expect(await host.call('org', 'delegations', { communityId: 'c-wh' }, 'demo-district-admin')).toMatchObject({ ok: true, data: { canDelegate: false } });
    for (const who of ['demo-secretary-2', 'demo-grid-worker', 'demo-resident', 'brand-new-user']) {
      expect(await host.call('org', 'delegations', { communityId: 'c-wh' }, who)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await host.call('org', 'delegations', { communityId: 'b-wh-1-1' }, 'demo-secretary')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  it('an idempotency key replays a change and refuses another payload; reads ignore keys', async () => {
    const mark = (ids: string[]) => host.invoke('org', { action: 'markRead', idempotencyKey: 'org-markread-0001', payload: { ids } }, 'demo-resident');
    const first = await mark(['ntf_a']);
    expect(first).toMatchObject({ ok: true });
    expect(await mark(['ntf_a'])).toEqual(first);
    expect(await mark(['ntf_b'])).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { digest: expect.stringMatching(/^[0-9a-f]{64}$/) } } });
    // The same key under another caller or another function is another key.
    expect(await host.invoke('org', { action: 'markRead', idempotencyKey: 'org-markread-0001', payload: { ids: ['ntf_b'] } }, 'demo-resident-2')).toMatchObject({ ok: true });
    const who1 = await host.invoke('org', { action: 'whoami', idempotencyKey: 'org-read-key-0001', payload: {} }, 'demo-resident');
    const who2 = await host.invoke('org', { action: 'whoami', idempotencyKey: 'org-read-key-0001', payload: {} }, 'demo-secretary');
    expect(who1).toMatchObject({ ok: true, data: { openid: 'demo-resident' } });
    expect(who2).toMatchObject({ ok: true, data: { openid: 'demo-secretary' } });
  });

  it('bad input never changes stored data', async () => {
    const before = host.store.digest();
    await host.call('org', 'tree', { rootId: { $gt: '' } }, 'demo-district-admin');
    await host.call('org', 'tree', { rootId: 'a'.repeat(65) }, 'demo-district-admin');
    await host.call('org', 'tree', { depth: 1e9 }, 'demo-district-admin');
    await host.invoke('org', { action: 'tree', payload: JSON.parse('{"__proto__":{"polluted":1}}') }, 'demo-district-admin');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(host.store.digest()).toBe(before);
  });
});
