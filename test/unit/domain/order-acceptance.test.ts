import type { OrderDoc } from '../../../domain/model/order';
import { rateOrder } from '../../../domain/orders/rating';
import { claimOrder, escalateByHand, resolveOrder, verifyOrder } from '../../../domain/orders/steps';
import { listOrders } from '../../../domain/orders/queries';
import { fakeOrdersWorld } from '../../helpers/fake-orders-deps';
import { refusal } from '../../helpers/refusal';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');

/** 网格发现、社区吹哨、街道派单、职能部门响应处置、网格员确认验收双向反馈 — the 兴平 chain, step by step. */
const atDepartment = async () => {
  const t = fakeOrdersWorld(T0);
  let o: OrderDoc = await t.submit({ category: 'repair', description: '小区主干道井盖塌陷，存在安全隐患' });
  o = await escalateByHand(t.deps, t.actor('demo-grid-worker'), o._id, '需要社区协调');
  o = await escalateByHand(t.deps, t.actor('demo-secretary'), o._id, '需要街道协调');
  o = await escalateByHand(t.deps, t.actor('demo-street-admin'), o._id, '派给住建部门');
  expect(o).toMatchObject({ level: 'department', status: 'dispatched' });
  o = await claimOrder(t.deps, t.actor('demo-department'), o._id, o.version);
  o = await resolveOrder(t.deps, t.actor('demo-department'), o._id, '已更换井盖', []);
  return { t, o };
};

describe('网格员确认验收 after a department resolves', () => {
  it('the resolution waits in the grid worker’s 待办 as 待验收; accepted, it goes to the resident to rate', async () => {
    const { t, o } = await atDepartment();
    expect(o).toMatchObject({ status: 'verifying', resolution: { by: 'demo-department' } });
    expect(t.sent.some((n) => n.to === 'demo-grid-worker' && n.type === 'verify')).toBe(true);
    expect(t.sent.some((n) => n.to === 'demo-resident' && n.type === 'resolved')).toBe(false);
    const todo = await listOrders(t.deps, t.actor('demo-grid-worker'), { box: 'todo' });
    expect(todo.items.map((i) => [i.id, i.status])).toContainEqual([o._id, 'verifying']);
    expect((await listOrders(t.deps, t.actor('demo-department'), { box: 'todo' })).items.map((i) => i.id)).not.toContain(o._id);
    // The resident cannot rate before 验收; the department cannot accept its own work.
    expect(await refusal(rateOrder(t.deps, t.actor('demo-resident'), { id: o._id, stars: 5 }))).toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(await refusal(verifyOrder(t.deps, t.actor('demo-department'), o._id, 'accept', undefined))).toMatchObject({ code: 'FORBIDDEN' });
    const accepted = await verifyOrder(t.deps, t.actor('demo-grid-worker'), o._id, 'accept', '现场看过，井盖已换好');
    expect(accepted).toMatchObject({ status: 'resolved', verification: { by: 'demo-grid-worker' }, resolution: { by: 'demo-department' } });
    expect(t.sent.some((n) => n.to === 'demo-resident' && n.type === 'resolved')).toBe(true);
    expect(t.sent.some((n) => n.to === 'demo-department' && n.type === 'verified')).toBe(true);
    const rated = await rateOrder(t.deps, t.actor('demo-resident'), { id: o._id, stars: 5 });
    expect(rated.status).toBe('closed');
  });

  it('a return goes back to the department with the reason; the second return climbs to the district', async () => {
    const { t, o } = await atDepartment();
    const back = await verifyOrder(t.deps, t.actor('demo-grid-worker'), o._id, 'return', '井盖还在晃动，没有固定');
    expect(back).toMatchObject({ status: 'in_progress', handlerOpenid: 'demo-department', resolution: null, acceptanceReturns: 1, level: 'department' });
    expect(t.sent.some((n) => n.to === 'demo-department' && n.type === 'verify_returned' && n.body.includes('井盖还在晃动'))).toBe(true);
    // The redo has its own deadline at the department's level.
    const redo = (back.clocks ?? []).find((c) => c.kind === 'resolve' && c.level === 'department' && c.metAt === null && c.stoppedAt === null);
    expect(redo?.startedAt).toBe(T0);
    expect(back.wakeAt).not.toBeNull();
    const again = await resolveOrder(t.deps, t.actor('demo-department'), o._id, '已加固井盖', []);
    expect(again.status).toBe('verifying');
    const up = await verifyOrder(t.deps, t.actor('demo-grid-worker'), o._id, 'return', '还是不行');
    expect(up).toMatchObject({ status: 'dispatched', level: 'district', acceptanceReturns: 2 });
  });

  it('a community-level resolution goes straight to the resident (no 验收)', async () => {
    const t = fakeOrdersWorld(T0);
    let o = await t.submit({ category: 'repair' });
    o = await claimOrder(t.deps, t.actor('demo-grid-worker'), o._id, o.version);
    o = await resolveOrder(t.deps, t.actor('demo-grid-worker'), o._id, '已修好', []);
    expect(o.status).toBe('resolved');
  });
});
