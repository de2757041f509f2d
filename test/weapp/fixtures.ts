/** whoami answers for the demo people (mirrors the seeded demo district). */
export const SECRETARY = {
  openid: 'demo-secretary-wenhui',
  name: '王建华',
  roles: [
    { role: 'secretary', orgId: 'c-wenhui', orgName: '文汇社区', orgLabel: '文汇社区', orgType: 'community' },
    { role: 'resident', orgId: 'b-wenhui-3', orgName: '3号楼', orgLabel: '文汇社区 · 文汇社区第3网格 · 3号楼', orgType: 'building' },
  ],
}

export const VOLUNTEER = {
  openid: 'demo-volunteer-li',
  name: '李红梅',
  roles: [{ role: 'volunteer', orgId: 'c-wenhui', orgName: '文汇社区', orgLabel: '文汇社区', orgType: 'community' }],
}

export const GRID_WORKER = {
  openid: 'demo-grid-zhao',
  name: '赵网格',
  roles: [
    { role: 'grid_worker', orgId: 'g-wenhui-3', orgName: '文汇社区第3网格', orgLabel: '文汇社区 · 文汇社区第3网格', orgType: 'grid' },
  ],
}

export const NEWCOMER = { openid: 'demo-newcomer', name: null, roles: [] as unknown[] }

export const ok = <T>(data: T) => ({ ok: true as const, data })

/** A cloud stub answering org.whoami with `who` and refusing everything else. */
export const whoamiStub =
  (who: unknown) =>
  ({ name, data }: { name: string; data: { action: string } }) =>
    name === 'org' && data.action === 'whoami'
      ? ok(who)
      : { ok: false, error: { code: 'NOT_FOUND', message: `stub: ${name}.${data.action}` } }
