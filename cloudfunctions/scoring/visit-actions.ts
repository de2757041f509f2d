import { maySeparately, requireSeparateOnOrder } from '../../domain/authz/duties';
import { DomainError } from '../../domain/model/envelope';
import { recordVisitInput, visitsInput } from '../../domain/scoring/api';
import { recordVisitOutcome, requireVisitor } from '../../domain/orders/visits';
import { viewOrder , categoryNamer } from '../../domain/orders/queries';
import { ordersDeps } from '../_shared/orders-deps';
import { sdkVisitRepo } from '../_shared/repos/visit-repo';
import { ordersByIds } from '../_shared/repos/order-store';
import { contactsOf } from '../_shared/repos/user-repo';
import { type ActionContext, defineAction } from '../_shared/dispatch';
import { toVisitTask, type VisitTaskView } from '../../domain/scoring/visit-view';
import { sdkCategoryRepo } from '../_shared/repos/config-repos';

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
