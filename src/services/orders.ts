/**
 * Typed helpers for the `orders` cloud function (contract: domain/orders/api.ts).
 * Payload types come from the zod schemas as `import type` only, so zod never
 * enters the app bundle. Every mutation carries an idempotency key: pass the same
 * key again when the person retries the same tap.
 */
import type { Envelope } from '@domain/model/envelope'
import type {
  ApproveManyResult,
  ListInput,
  OrderListView,
  OrderView,
  SubmitInput,
  SubmitResult,
  TimelineEntryView,
  cancelInput,
  claimInput,
  dispatchInput,
  mergeInput,
  noteInput,
  rateInput,
  reasonInput,
  replyInput,
  requestInfoInput,
  resolveInput,
} from '@domain/orders/api'
import type { z } from 'zod'
import Taro from '@tarojs/taro'
import { EVENTS } from '../lib/events'
import { call } from './cloud'

export type { OrderView, OrderListView, SubmitInput, SubmitResult, TimelineEntryView, ListInput, ApproveManyResult }
export type { OrderSummaryView, OrderAbilities, ClockView } from '@domain/orders/api'

export type ClaimInput = z.input<typeof claimInput>
export type ReasonInput = z.input<typeof reasonInput>
export type CancelInput = z.input<typeof cancelInput>
export type ResolveInput = z.input<typeof resolveInput>
export type NoteInput = z.input<typeof noteInput>
export type RequestInfoInput = z.input<typeof requestInfoInput>
export type ReplyInput = z.input<typeof replyInput>
export type RateInput = z.input<typeof rateInput>
export type DispatchInput = z.input<typeof dispatchInput>
export type MergeInput = z.input<typeof mergeInput>

/** File a new order (点单). `key` is made once per form submission and reused on retry. */
export function submit(input: SubmitInput, key: string): Promise<Envelope<SubmitResult>> {
  return call<SubmitResult>('orders', 'submit', input, { idempotencyKey: key })
}

export function get(id: string): Promise<Envelope<OrderView>> {
  return call<OrderView>('orders', 'get', { id })
}

export function timeline(id: string): Promise<Envelope<TimelineEntryView[]>> {
  return call<TimelineEntryView[]>('orders', 'timeline', { id })
}

export function list(input: ListInput): Promise<Envelope<OrderListView>> {
  return call<OrderListView>('orders', 'list', input)
}

/** Every change answers the order as it is now: lists showing it update that card in place. */
const mutate = <P extends object>(action: string) => async (payload: P, key: string): Promise<Envelope<OrderView>> => {
  const env = await call<OrderView>('orders', action, payload, { idempotencyKey: key })
  if (env.ok) Taro.eventCenter.trigger(EVENTS.orderChanged, env.data)
  return env
}

/** 接单: conditional on the version the handler saw; CONFLICT "已被他人接单" when someone was faster. */
export const claim = mutate<ClaimInput>('claim')
/** 退单 with a reason: back to the dispatcher of that level. */
export const bounce = mutate<ReasonInput>('bounce')
/** 开始办理 */
export const start = mutate<{ id: string }>('start')
/** 办结 with a note (proof) and optional photos. */
export const resolve = mutate<ResolveInput>('resolve')
/** 补充说明 / 留言 */
export const addNote = mutate<NoteInput>('addNote')
/** 向居民询问 */
export const requestInfo = mutate<RequestInfoInput>('requestInfo')
/** The resident answers the handler's question. */
export const reply = mutate<ReplyInput>('reply')
/** 评价 */
export const rate = mutate<RateInput>('rate')
/** 修改评价: once, within 24 h of rating. */
export const editRating = mutate<RateInput>('editRating')
/** 撤回 (before it is claimed) */
export const cancel = mutate<CancelInput>('cancel')
/** 审批通过 */
export const approve = mutate<{ id: string }>('approve')
/** 不予受理 */
export const reject = mutate<ReasonInput>('reject')
/** 改派 */
export const dispatch = mutate<DispatchInput>('dispatch')
/** 吹哨: up one level of the ladder (网格 → 社区 → 街道 → 职能部门 → 区级) with a reason; the new level must claim it (报到). */
export const escalate = mutate<ReasonInput>('escalate')
/** 联系居民: a reply, a call logged or arrival on site (meets the reply clock). */
export const contact = mutate<{ id: string; how: 'reply' | 'call' | 'arrive'; note: string }>('contact')
/** 验收 of a patrol order: accept (closes it) or return it to the handler with a reason. */
export const verify = mutate<{ id: string; outcome: 'accept' | 'return'; note?: string }>('verify')
/** 共性诉求: merge `childIds` into the order `id` (the parent), with a reason. */
export const merge = mutate<MergeInput>('merge')

/** 批量审批: each order is judged on its own; the answer lists the approved ids and the refusals with their reasons. */
export function approveMany(ids: string[]): Promise<Envelope<ApproveManyResult>> {
  return call<ApproveManyResult>('orders', 'approveMany', { ids })
}
