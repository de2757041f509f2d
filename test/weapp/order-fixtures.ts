import { CLOCK_LABELS } from '../../domain/sla/clocks'
/** Contract-shaped answers for the orders pages (domain/orders/api.ts, domain/org/api.ts). */
import type { ClockView, OrderAbilities, OrderSummaryView, OrderView, TimelineEntryView } from '../../domain/orders/api'
import type { CategoryView, PlaceView } from '../../domain/org/api'

export const SCENE = 'Bwh-1-1.Ab3dE9xYz_'

export const PLACE: PlaceView = {
  orgId: 'u-wh-1-1-2',
  type: 'unit',
  name: '1号楼2单元',
  label: '渭阳街道 · 文汇社区 · 文汇社区第一网格 · 1号楼2单元',
  gridId: 'g-wh-1',
  gridName: '文汇社区第一网格',
  communityId: 'c-wh',
  communityName: '文汇社区',
  streetName: '渭阳街道',
}

export const CATEGORIES: CategoryView[] = [
  { id: 'repair', name: '维修报修', kind: 'service' },
  { id: 'environment', name: '环境卫生', kind: 'service' },
  { id: 'dispute', name: '矛盾纠纷', kind: 'service' },
  { id: 'elderly', name: '养老助老', kind: 'service' },
  { id: 'wish', name: '微心愿', kind: 'wish' },
  { id: 'emergency', name: '紧急求助', kind: 'emergency' },
]

/** SLA and 共性诉求 fields: no clock running, no promise, no similar orders, not merged. */
const SLA_SUMMARY = { levelLabel: '网格', dueAt: null, overdue: false }
const SLA_ORDER = { promise: null, clocks: [], escalations: 0, suggestions: [], parentId: null, childCount: 0 }
const MORE_ABILITIES = { escalate: false, merge: false }

const noAbilities: OrderAbilities = {
  claim: false,
  bounce: false,
  start: false,
  resolve: false,
  requestInfo: false,
  reply: false,
  addNote: false,
  rate: false,
  editRating: false,
  cancel: false,
  approve: false,
  reject: false,
  dispatch: false,
  verify: false,
  contact: false,
}
export const NONE: OrderView['can'] = { ...noAbilities, ...MORE_ABILITIES }

const T0 = Date.parse('2026-03-02T09:00:00+08:00')

export const summary = (over: Partial<OrderSummaryView> = {}): OrderSummaryView => {
  const base = {
    id: 'o-1',
    no: '20260302-0001',
    status: 'dispatched',
    statusLabel: '待接单',
    level: 'grid',
    category: 'repair',
    categoryName: '维修报修',
    kind: 'service',
    priority: 'normal',
    excerpt: '3楼楼道灯坏了一个星期，晚上上下楼看不见',
    placeLabel: '文汇社区 · 1号楼2单元',
    assigneeName: '赵敏（网格员）',
    submittedAt: T0,
    updatedAt: T0,
    awaitingInfo: false,
    flaggedForSecretary: false,
    version: 2,
  } as const
  return { ...base, ...SLA_SUMMARY, ...over } as OrderSummaryView
}

export const order = (over: Partial<OrderView> = {}): OrderView => {
  const base = {
    description: '3楼楼道灯坏了一个星期，晚上上下楼看不见，老人摔过一次。',
    media: ['cloud://env-1.7265/orders/20260302/abc.jpg'],
    place: { orgId: PLACE.orgId, label: PLACE.label, gridId: 'g-wh-1', communityId: 'c-wh' },
    channel: 'self',
    contactPhone: '138****0001',
    proxyFor: null,
    assignee: { kind: 'user', name: '赵敏（网格员）' },
    handlerName: null,
    awaitingInfoQuestion: null,
    rating: null,
    resolution: null,
    reopenCount: 0,
    needsReturnVisit: false,
    claimedAt: null,
    resolvedAt: null,
    closedAt: null,
    can: { ...NONE },
  } as const
  return { ...summary(), ...base, ...SLA_ORDER, ...over } as OrderView
}

export const TIMELINE: TimelineEntryView[] = [
  { seq: 1, at: T0, type: 'submit', label: '张桂兰（居民）提交诉求', actorName: '张桂兰', from: null, to: 'submitted', reason: null },
  { seq: 2, at: T0 + 1000, type: 'route', label: '系统派单给 赵敏（网格员）', actorName: '系统', from: 'submitted', to: 'dispatched', reason: '按网格派单' },
]

/** One SLA clock as the server shows it (domain/orders/api.ts ClockView). */
export const clock = (over: Partial<ClockView> & Pick<ClockView, 'kind' | 'dueAt'>): ClockView => ({
  label: CLOCK_LABELS[over.kind],
  level: 'grid',
  metAt: null,
  breachedAt: null,
  stoppedAt: null,
  paused: false,
  ...over,
})
