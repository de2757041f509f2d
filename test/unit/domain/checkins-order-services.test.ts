import { recordOrderService } from '../../../domain/checkins/order-services';
import { me } from '../../../domain/checkins/report';
import { fakeCheckinsDeps } from './checkins-fakes';

const NOW = Date.parse('2026-03-02T09:00:00+08:00');
const member = (openid: string, status: string) => ({ _id: `reg-${openid}`, openid, name: '王志强', communityId: 'c-wh', communityName: '文汇社区', status, workUnit: '住建局', partyBranch: '一支部', skills: [], availability: [], history: [], updatedAt: 0 });
const order = (id: string, handler: string, kind: 'service' | 'wish' = 'service', role = 'volunteer') => ({
  _id: id,
  no: `20260302-${id}`,
  kind,
  status: 'closed',
  handlerOpenid: handler,
  resolution: { by: handler },
  assignee: { kind: 'user', role },
  place: { communityId: 'c-wh' },
});

/** 群众点单+网格派单+报到党员接单+反馈评价: every order a registered member handles to closure is a service. */
describe('every 三单 service counts', () => {
  it('a dispatched service order a member closed is one service this month (本月已服务 1/2), with the order as its evidence', async () => {
    const f = fakeCheckinsDeps(NOW);
    f.docs.seed('checkin_registrations', [member('v1', 'active')]);
    const doc = await recordOrderService(f.deps, order('o1', 'v1'), 0);
    expect(doc).toMatchObject({ openid: 'v1', orderId: 'o1', month: '2026-03', points: 0 });
    const view = await me(f.deps, { openid: 'v1', name: '王志强', grants: [{ role: 'volunteer', orgId: 'c-wh' }] });
    expect(view).toMatchObject({ month: { served: 1 } });
  });

  it('once per order: a reopened order closed again still counts once', async () => {
    const f = fakeCheckinsDeps(NOW);
    f.docs.seed('checkin_registrations', [member('v1', 'active')]);
    await recordOrderService(f.deps, order('o1', 'v1', 'wish'), 20);
    f.clock.advance(86_400_000);
    await recordOrderService(f.deps, order('o1', 'v1', 'wish'), 20);
    expect(f.docs.all('order_services')).toHaveLength(1);
  });

  it('nothing counts for a member whose registration is not active, nor for someone not registered', async () => {
    const f = fakeCheckinsDeps(NOW);
    f.docs.seed('checkin_registrations', [member('v1', 'suspended')]);
    expect(await recordOrderService(f.deps, order('o1', 'v1'), 0)).toBeNull();
    expect(await recordOrderService(f.deps, order('o2', 'stranger'), 0)).toBeNull();
    // Staff handling an order does their job: no 双报到 service.
    f.docs.seed('checkin_registrations', [member('gw', 'active')]);
    expect(await recordOrderService(f.deps, order('o3', 'gw', 'service', 'grid_worker'), 0)).toBeNull();
    expect(f.docs.all('order_services')).toHaveLength(0);
  });
});
