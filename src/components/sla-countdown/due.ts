/**
 * Reading the SLA clocks for people (pure): what was promised to the resident and how much
 * time is left, how a handler's list is ordered, and what each clock of the 时限 section says.
 * The server decides every deadline; this only words and sorts what it sent.
 */
import { OPEN_STATES, type OrderState } from '@domain/model/order'
import { ORDER_LEVELS, ORDER_LEVEL_LABELS, type OrderLevel } from '@domain/model/order-kinds'
import type { ClockView, OrderSummaryView, OrderView } from '@/services/orders'
import { formatDuration } from '@/lib/format'

export { ORDER_LEVELS, ORDER_LEVEL_LABELS }
export type { OrderLevel }

export const isOpen = (status: OrderState): boolean => OPEN_STATES.includes(status)

/**
 * What each clock's countdown is for, as handlers say it: the respond clock runs until someone
 * takes the order (接单), the reply clock until the resident hears back (回复), the resolve clock
 * until it is done (办结), the dispatch clock until a dispatcher hands it on (派单), the verify
 * clock until the grid checks it on site (验收). Unknown kinds fall back to the server's label.
 */
const COUNTDOWN_LABELS: Record<string, string> = { dispatch: '派单', respond: '接单', reply: '回复', resolve: '办结', verify: '验收', arrive: '到场', plan: '方案' }

export const clockLabel = (kind: string | null | undefined, fallback?: string): string | null =>
  (kind ? COUNTDOWN_LABELS[kind] : undefined) ?? fallback ?? null

/** "2小时15分", under ten minutes with seconds ("4分30秒", "40秒"). */
export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  if (s < 60) return `${s}秒`
  if (s < 600) return s % 60 ? `${Math.floor(s / 60)}分${s % 60}秒` : `${s / 60}分钟`
  return formatDuration(ms)
}

/** "还剩 2小时15分" or "已超时 30分钟" (a deadline seen at `now`). */
export function dueText(dueAt: number, now: number): { overdue: boolean; text: string } {
  const left = dueAt - now
  if (left > 0) return { overdue: false, text: `还剩 ${formatCountdown(left)}` }
  const late = now - dueAt
  return { overdue: true, text: late < 60_000 ? '刚刚超时' : `已超时 ${formatDuration(late)}` }
}

/** Is the order late for the person holding it (the server's flag, or its deadline has passed since)? */
export const isOverdue = (o: Pick<OrderSummaryView, 'status' | 'overdue' | 'dueAt'>, now: number): boolean =>
  isOpen(o.status) && (o.overdue || (o.dueAt !== null && o.dueAt <= now))

/**
 * A handler's list, most urgent first: late ones (longest late first), then by due time,
 * then those without a running clock; ties keep the server's order (oldest submitted first).
 */
export function sortByDue<T extends Pick<OrderSummaryView, 'status' | 'overdue' | 'dueAt'>>(items: readonly T[], now: number): T[] {
  const key = (o: T): [number, number] => {
    if (isOverdue(o, now)) return [0, o.dueAt ?? 0]
    if (o.dueAt !== null && isOpen(o.status)) return [1, o.dueAt]
    return [2, 0]
  }
  return items
    .map((o, i) => ({ o, i, k: key(o) }))
    .sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.i - b.i)
    .map((x) => x.o)
}

/** Which clock the resident's promise speaks of: "24小时内解决" the resolve clock, "5分钟内到场 / 有人认领 / 给出方案" the respond clock. */
export const promiseKind = (promise: string): 'resolve' | 'respond' => (/解决|办结|办好/.test(promise) ? 'resolve' : 'respond')

export type PromiseState = 'running' | 'overdue' | 'paused' | 'kept' | 'late'

export interface ResidentPromise {
  /** "24小时内解决" */
  promise: string
  /** When the promise falls due; counted from submission, whatever level holds the order now. */
  dueAt: number
  state: PromiseState
  /** For kept/late: when it was met (claim or resolution). */
  metAt: number | null
}

/**
 * The promise made to the resident at submission and where it stands. The first clock of the
 * promised kind started at submission (later levels get fresh clocks, the resident's time does
 * not restart); waiting on the resident moves it out (the server resumes it with the time added).
 */
export function residentPromise(o: Pick<OrderView, 'promise' | 'clocks' | 'status' | 'resolvedAt'>, now: number): ResidentPromise | null {
  if (!o.promise) return null
  const kind = promiseKind(o.promise)
  const ofKind = o.clocks.filter((c) => c.kind === kind)
  const first = ofKind[0] ?? o.clocks.find((c) => c.kind === 'resolve') ?? o.clocks.find((c) => c.kind === 'respond')
  if (!first) return null
  const dueAt = first.dueAt
  const base = { promise: o.promise, dueAt }
  const finished = ['resolved', 'closed'].includes(o.status)
  if (!isOpen(o.status) && !finished) return null
  const met = kind === 'respond' ? (ofKind.find((c) => c.metAt !== null)?.metAt ?? null) : finished ? (o.resolvedAt ?? null) : null
  if (met !== null) return { ...base, state: met <= dueAt ? 'kept' : 'late', metAt: met }
  if (finished) return { ...base, state: 'kept', metAt: o.resolvedAt ?? null }
  if (ofKind.some((c) => c.paused)) return { ...base, state: 'paused', metAt: null }
  return { ...base, state: dueAt <= now ? 'overdue' : 'running', metAt: null }
}

export type ClockStatus = 'met' | 'met_late' | 'breached' | 'paused' | 'running' | 'stopped'

/**
 * One clock as the 时限 section shows it. A clock neither met nor breached is running only
 * while it belongs to the order's current level and is the latest of its kind (an escalation
 * or a reopen stops the old ones and starts fresh ones).
 */
export function clockStatus(c: ClockView, index: number, o: Pick<OrderView, 'clocks' | 'level' | 'status'>): ClockStatus {
  if (c.metAt !== null) return c.metAt > c.dueAt ? 'met_late' : 'met'
  if (c.breachedAt !== null) return 'breached'
  let last = -1
  o.clocks.forEach((x, i) => {
    if (x.kind === c.kind) last = i
  })
  const latest = last === index
  if (!isOpen(o.status) || c.level !== o.level || !latest) return 'stopped'
  return c.paused ? 'paused' : 'running'
}

/** The clock behind the summary's `dueAt` ("社区 · 响应"), if the view has it. */
export function headlineClock(o: Pick<OrderView, 'clocks' | 'dueAt'>): ClockView | null {
  if (o.dueAt === null) return null
  return o.clocks.find((c) => c.dueAt === o.dueAt && c.metAt === null && c.breachedAt === null) ?? null
}

/** The clocks grouped by level in the order they ran (a level may come back after a reopen). */
export function clocksByLevel(clocks: readonly ClockView[]): { level: OrderLevel; items: { clock: ClockView; index: number }[] }[] {
  const out: { level: OrderLevel; items: { clock: ClockView; index: number }[] }[] = []
  clocks.forEach((clock, index) => {
    const last = out[out.length - 1]
    if (last && last.level === clock.level) last.items.push({ clock, index })
    else out.push({ level: clock.level, items: [{ clock, index }] })
  })
  return out
}
