import type { z } from 'zod';
import { authorize, type ActionId, type OrgTarget } from '../../domain/authz/policy';
import { targetOf } from '../../domain/orders/authz-target';
import { DEFAULT_MESSAGES, DomainError } from '../../domain/model/envelope';
import type { OrderDoc } from '../../domain/model/order';
import {
  approveManyInput,
  type ApproveManyResult,
  cancelInput,
  claimInput,
  contactInput,
  dispatchInput,
  idInput,
  listInput,
  mergeInput,
  noteInput,
  rateInput,
  reasonInput,
  replyInput,
  requestInfoInput,
  resolveInput,
  submitInput,
  verifyInput,
} from '../../domain/orders/api';
import type { OrdersDeps } from '../../domain/orders/deps';
import { getOrder, listOrders, orderTimeline, viewOrder } from '../../domain/orders/queries';
import {
  addNote,
  approveOrder,
  bounceOrder,
  cancelOrder,
  claimOrder,
  contactResident,
  dispatchOrder,
  escalateByHand,
  mergeOrders,
  rejectOrder,
  replyInfo,
  requestInfo,
  resolveOrder,
  startOrder,
  verifyOrder,
} from '../../domain/orders/steps';
import { submitOrder } from '../../domain/orders/submit';
import { editRating, rateOrder } from '../../domain/orders/rating';
import { type ActionContext, createMain, defineAction } from '../_shared/dispatch';
import { ordersDeps as depsOf } from '../_shared/orders-deps';
import { requireOwnMedia } from '../_shared/media';
import { sdkOrderStore } from '../_shared/repos/order-store';

/**
 * Where an order sits for the authorization matrix: its place, queue, and the people tied to it.
 * A made-up id and an order outside the caller's scope get the same answer (hideForbidden on
 * every order action), so nobody can probe which orders exist elsewhere.
 */
const orderTarget = async (ctx: Omit<ActionContext, 'grants'>, input: { id: string }): Promise<OrgTarget> => {
  const order = await sdkOrderStore(ctx.db).get(input.id);
  if (!order) throw new DomainError('NOT_FOUND', DEFAULT_MESSAGES.NOT_FOUND);
  readForAuthz.set(input, order);
  return targetOf(order);
};

/**
 * The order the authorization just read, handed to the use case so a mutation reads it once
 * (keyed by the parsed input object, which the dispatcher passes to both). A later read of the
 * same id (after a conflict) goes to the store.
 */
const readForAuthz = new WeakMap<object, OrderDoc>();
const depsWithRead = async (ctx: ActionContext, input: object): Promise<OrdersDeps> => {
  const deps = await depsOf(ctx);
  const read = readForAuthz.get(input);
  if (!read) return deps;
  readForAuthz.delete(input);
  let fresh = true;
  const get = async (id: string) => {
    if (fresh && id === read._id) {
      fresh = false;
      return read;
    }
    return deps.orders.get(id);
  };
  return { ...deps, orders: { ...deps.orders, get } };
};

/** Every mutation answers the order as the caller now sees it. */
const mutation = <S extends z.ZodType<{ id: string }>>(
  policy: ActionId,
  input: S,
  apply: (deps: OrdersDeps, ctx: ActionContext, input: z.infer<S>) => Promise<OrderDoc>,
) =>
  defineAction({
    policy,
    input,
    hideForbidden: true,
    target: (ctx, i) => orderTarget(ctx, i),
    async run(ctx, i) {
      const deps = await depsWithRead(ctx, i);
      return viewOrder(deps, ctx, await apply(deps, ctx, i));
    },
  });

const actions = {
  submit: defineAction({
    policy: 'orders.submit',
    input: submitInput,
    async run(ctx, input) {
      await requireOwnMedia(ctx, ctx.openid, input.media);
      const deps = await depsOf(ctx);
      const { order, replayed } = await submitOrder(deps, ctx, input, ctx.idempotencyKey);
      return { order: await viewOrder(deps, ctx, order), replayed };
    },
  }),
  get: defineAction({
    policy: 'orders.get',
    input: idInput,
    hideForbidden: true,
    target: orderTarget,
    run: async (ctx, input) => getOrder(await depsOf(ctx), ctx, input.id),
  }),
  timeline: defineAction({
    policy: 'orders.timeline',
    input: idInput,
    hideForbidden: true,
    target: orderTarget,
    run: async (ctx, input) => orderTimeline(await depsOf(ctx), ctx, input.id),
  }),
  list: defineAction({
    policy: 'orders.list',
    input: listInput,
    run: async (ctx, input) => listOrders(await depsOf(ctx), ctx, input),
  }),
  claim: mutation('orders.claim', claimInput, (deps, ctx, i) => claimOrder(deps, ctx, i.id, i.version)),
  bounce: mutation('orders.bounce', reasonInput, (deps, ctx, i) => bounceOrder(deps, ctx, i.id, i.reason)),
  start: mutation('orders.start', idInput, (deps, ctx, i) => startOrder(deps, ctx, i.id)),
  resolve: mutation('orders.resolve', resolveInput, async (deps, ctx, i) => {
    await requireOwnMedia(ctx, ctx.openid, i.media);
    return resolveOrder(deps, ctx, i.id, i.note, i.media ?? []);
  }),
  addNote: mutation('orders.addNote', noteInput, (deps, ctx, i) => addNote(deps, ctx, i.id, i.note)),
  requestInfo: mutation('orders.requestInfo', requestInfoInput, (deps, ctx, i) =>
    requestInfo(deps, ctx, i.id, i.question),
  ),
  /** 联系居民: a reply, a call or arrival on site (the reply clock). */
  contact: mutation('orders.contact', contactInput, (deps, ctx, i) => contactResident(deps, ctx, i.id, i.how, i.note)),
  reply: mutation('orders.reply', replyInput, (deps, ctx, i) => replyInfo(deps, ctx, i.id, i.answer)),
  rate: mutation('orders.rate', rateInput, (deps, ctx, i) => rateOrder(deps, ctx, i)),
  /** 修改评价: once, within 24 h of rating. */
  editRating: mutation('orders.editRating', rateInput, (deps, ctx, i) => editRating(deps, ctx, i)),
  cancel: mutation('orders.cancel', cancelInput, (deps, ctx, i) => cancelOrder(deps, ctx, i.id, i.reason)),
  merge: mutation('orders.merge', mergeInput, (deps, ctx, i) => mergeOrders(deps, ctx, i.id, i.childIds, i.reason)),
  /** 验收: accept or return a patrol order's resolution. */
  verify: mutation('orders.verify', verifyInput, (deps, ctx, i) => verifyOrder(deps, ctx, i.id, i.outcome, i.note)),
  escalate: mutation('orders.escalate', reasonInput, (deps, ctx, i) => escalateByHand(deps, ctx, i.id, i.reason)),
  /** 批量审批: each order still passes the matrix row for a single approval. */
  approveMany: defineAction({
    policy: 'orders.approveMany',
    input: approveManyInput,
    async run(ctx, input): Promise<ApproveManyResult> {
      const deps = await depsOf(ctx);
      const result: ApproveManyResult = { approved: [], failed: [] };
      for (const id of [...new Set(input.ids)]) {
        try {
          const order = await deps.orders.get(id);
          if (!order || !authorize('orders.approve', ctx.grants, targetOf(order), ctx.openid).allowed) {
            throw new DomainError('NOT_FOUND', DEFAULT_MESSAGES.NOT_FOUND);
          }
          await approveOrder(deps, ctx, id);
          result.approved.push(id);
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          result.failed.push({ id, code: error.code, message: error.message });
        }
      }
      return result;
    },
  }),
  approve: mutation('orders.approve', idInput, (deps, ctx, i) => approveOrder(deps, ctx, i.id)),
  reject: mutation('orders.reject', reasonInput, (deps, ctx, i) => rejectOrder(deps, ctx, i.id, i.reason)),
  dispatch: mutation('orders.dispatch', dispatchInput, (deps, ctx, i) =>
    dispatchOrder(deps, ctx, i.id, i.to, i.reason),
  ),
};

export const main = createMain('orders', actions);
