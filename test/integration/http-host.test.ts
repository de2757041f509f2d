import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHost, type TestHost } from '../helpers/test-host';

describe('local cloud host HTTP contract', () => {
  let host: TestHost;
  let base: string;
  let prod: TestHost;
  let prodBase: string;

  beforeAll(async () => {
    const h5Dir = mkdtempSync(join(tmpdir(), 'redgrid-h5-'));
    writeFileSync(join(h5Dir, 'index.html'), '<!doctype html><title>红色网格</title>');
    host = startTestHost({ h5Dir });
    base = `http://127.0.0.1:${await host.listen(0)}`;
    prod = startTestHost({ dev: false });
    prodBase = `http://127.0.0.1:${await prod.listen(0)}`;
  });
  afterAll(async () => {
    await host.destroy();
    await prod.destroy();
  });

  const post = (url: string, body: string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it('GET /healthz answers ok once the store is open', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('POST /api/cloud/org answers {result: envelope} like wx.cloud.callFunction', async () => {
    const res = await post(`${base}/api/cloud/org`, JSON.stringify({ action: 'whoami' }), { 'X-Dev-Openid': 'demo-street-admin' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ result: { ok: true, data: { name: '孙伟', roles: [{ role: 'street_admin', orgName: '渭阳街道' }] } } });
    const anon = await post(`${base}/api/cloud/org`, JSON.stringify({ action: 'whoami' }));
    expect(await anon.json()).toEqual({ result: { ok: false, error: { code: 'UNAUTHENTICATED', message: '请先登录' } } });
  });

  it('malformed JSON, wrong content type, oversize bodies and unknown functions get clean envelopes', async () => {
    const cases: [Promise<Response>, number][] = [
      [post(`${base}/api/cloud/org`, '{"action":'), 400],
      [fetch(`${base}/api/cloud/org`, { method: 'POST', body: 'action=whoami', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415],
      [post(`${base}/api/cloud/org`, JSON.stringify({ action: 'whoami', payload: { pad: 'x'.repeat(300_000) } })), 413],
      [post(`${base}/api/cloud/payments`, '{}'), 404],
      [post(`${base}/api/cloud/__proto__`, '{}'), 404],
      [fetch(`${base}/api/cloud/org`), 405],
      [post(`${base}/api/cloud/org`, '{"action":"whoami"}', { 'X-Dev-Openid': 'a b;c' }), 400],
    ];
    for (const [pending, status] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      const body = (await res.json()) as { result: { ok: boolean; error: { code: string; message: string } } };
      expect(body.result.ok).toBe(false);
      expect(body.result.error.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(JSON.stringify(body)).not.toMatch(/\.ts:\d+|\.js:\d+|Error:/);
    }
  });

  it('dev routes: identities with Chinese names for every role, and a movable clock', async () => {
    const ids = (await (await fetch(`${base}/api/dev/identities`)).json()) as { openid: string; name: string; roles: { role: string }[] }[];
    const roles = new Set(ids.flatMap((i) => i.roles.map((r) => r.role)));
    expect([...roles].sort()).toEqual(['department_officer', 'district_admin', 'grid_worker', 'resident', 'secretary', 'street_admin', 'volunteer']);
    for (const id of ids) expect(id.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
    const before = (await (await fetch(`${base}/api/dev/clock`)).json()) as { now: string };
    expect(before.now).toBe('2026-03-02T01:00:00.000Z');
    const after = await post(`${base}/api/dev/clock`, JSON.stringify({ advanceMs: 3_600_000 }));
    expect(await after.json()).toEqual({ now: '2026-03-02T02:00:00.000Z' });
    expect((await post(`${base}/api/dev/clock`, JSON.stringify({ advanceMs: -5 }))).status).toBe(400);
  });

  it('serves the H5 app at / with a fallback to index.html, and nothing outside its folder', async () => {
    const home = await fetch(`${base}/`);
    expect(home.headers.get('content-type')).toContain('text/html');
    expect(await home.text()).toContain('红色网格');
    const traversal = await fetch(`${base}/..%2f..%2fetc%2fpasswd`);
    expect(await traversal.text()).not.toContain('root:');
    expect((await fetch(`${base}/%E0%A4%A`)).status).toBeLessThan(500);
  });

  it('with REDGRID_DEV=0 the dev header and dev routes are refused', async () => {
    const res = await post(`${prodBase}/api/cloud/org`, JSON.stringify({ action: 'whoami' }), { 'X-Dev-Openid': 'demo-district-admin' });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ result: { ok: false, error: { code: 'UNAUTHENTICATED' } } });
    expect((await fetch(`${prodBase}/api/dev/identities`)).status).toBe(404);
    expect((await post(`${prodBase}/api/dev/clock`, '{"advanceMs":1}')).status).toBe(404);
  });
});
