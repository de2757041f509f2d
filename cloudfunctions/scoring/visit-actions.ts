import { maySeparately, requireSeparateOnOrder } from '../../domain/authz/duties';
import { DomainError } from '../../domain/model/envelope';
import { recordVisitInput, visitsInput } from '../../domain/scoring/api';
import { recordVisitOutcome, requireVisitor } from '../../domain/orders/visits';
import { viewOrder , categoryNamer } from '../../domain/orders/queries';
import { ordersDeps } from '../_shared/orders-deps';
import { sdkVisitRepo } from '../_shared/repos/visit-repo';
import { type ActionContext, defineAction } from '../_shared/dispatch';
import type { OrderDoc } from '../../domain/model/order';
import { toVisitTask, type VisitTaskView } from '../../domain/scoring/visit-view';
import { sdkCategoryRepo } from '../_shared/repos/config-repos';
import type { Db } from '../_shared/platform';
import { dataOf } from '../_shared/repos/sdk-results';

/** The orders behind a page of visits (≤ 500, in chunks of 100 ids). */
const ordersByIds = async (db: Db, ids: readonly string[]): Promise<OrderDoc[]> => {
  const _ = db.command;
  const unique = [...new Set(ids)];
  const out: OrderDoc[] = [];
  for (let i = 0; i < unique.length; i += 100) {
    out.push(...dataOf<OrderDoc[]>(await db.collection('orders').where({ _id: _.in(unique.slice(i, i + 100)) }).limit(100).get()));
  }
  return out;
};

/** Names and phones of residents and handlers, for the visitor who must call them. */
const contactsOf = async (db: Db, ids: readonly string[]): Promise<Map<string, { name: string; phone?: string }>> => {
  const _ = db.command;
  const unique = [...new Set(ids)];
  const out = new Map<string, { name: string; phone?: string }>();
  for (let i = 0; i < unique.length; i += 100) {
    const users = dataOf<{ _id: string; name: string; phone?: string }[]>(
      await db.collection('users').where({ _id: _.in(unique.slice(i, i + 100)) }).field({ _id: true, name: true, phone: true }).limit(100).get(),
    );
    for (const u of users) out.set(u._id, { name: u.name, ...(u.phone ? { phone: u.phone } : {}) });
  }
  return out;
};

const visitsFor = (ctx: ActionContext) => ({
  assignee: ctx.openid,
  communityIds: ctx.grants.filter((g) => g.role === 'secretary').map((g) => g.orgId),
  gridIds: ctx.grants.filter((g) => g.role === 'grid_worker').map((g) => g.orgId),
});

/** 回访: the return-visit tasks of the caller and their outcomes. */
export const visitActions = {
  /** The caller's open return visits (todo), or only those past their 14 days (overdue). */
  visits: defineAction({
    policy: 'scoring.visits',
    input: visitsInput,
    async run(ctx, input): Promise<VisitTaskView[]> {
      const open = await sdkVisitRepo(ctx.db).open(visitsFor(ctx), input.box === 'overdue' ? ctx.clock.now() : undefined);
      const orders = await ordersByIds(ctx.db, open.map((v) => v.orderId));
      const byId = new Map(orders.map((o) => [o._id, o]));
      const peopleIds = orders.flatMap((o) => [o.residentOpenid, o.resolution?.by ?? o.handlerOpenid]).filter((x): x is string => !!x);
      const people = await contactsOf(ctx.db, peopleIds);
      const categoryName = await categoryNamer({ categories: sdkCategoryRepo(ctx.db, ctx.clock.now) });
      const now = ctx.clock.now();
      // A visit of an order the caller handled (or filed for someone) is someone else's to make.
      const theirs = open.filter((v) => {
        const order = byId.get(v.orderId);
        return !order || maySeparately('visit', ctx.openid, order);
      });
      return theirs.map((v) => toVisitTask(v, byId.get(v.orderId), { categoryName, people, now }));
    },
  }),
  /** 回访结果: satisfied / partly / not satisfied (reopens and escalates the order). */
  recordVisit: defineAction({
    policy: 'scoring.recordVisit',
    input: recordVisitInput,
    async run(ctx, input) {
      const repo = sdkVisitRepo(ctx.db);
      const visit = await repo.get(input.id);
      if (!visit) throw new DomainError('NOT_FOUND', '回访任务不存在');
      requireVisitor(visit, ctx);
      const deps = await ordersDeps(ctx);
      const order = await deps.orders.get(visit.orderId);
      if (!order) throw new DomainError('NOT_FOUND', '诉求不存在');
      requireSeparateOnOrder('visit', ctx.openid, order);
      if (!(await repo.finish(visit._id, { outcome: input.outcome, method: input.method, note: input.note, doneAt: ctx.clock.now(), doneBy: ctx.openid }))) {
        throw new DomainError('CONFLICT', '这条回访刚刚已被记录');
      }
      const updated = await recordVisitOutcome(deps, ctx, visit, order, input.outcome, input.note);
      return { visitId: visit._id, order: await viewOrder(deps, ctx, updated) };
    },
  }),
};
