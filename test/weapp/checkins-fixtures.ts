/**
 * Contract-shaped answers of the `checkins` function (domain/checkins/api.ts) for the
 * volunteer and secretary pages. Times are relative to the real clock: the pages compare
 * them with their own "now" (on weapp, the phone's clock).
 */
import type {
  MeView,
  PointsView,
  RedemptionView,
  RegistrationView,
  RewardView,
  SessionView,
  ShiftView,
  StationView,
} from '../../domain/checkins/api'
import { atLocal, addDays, localDate, WEEKDAY_LABELS, localWeekday } from '../../domain/time/beijing'

const DAY = 86_400_000
export const NOW = Date.now()
const today = localDate(NOW)

export const STATION: StationView = {
  id: 'st-wh',
  name: '文汇社区红色驿站',
  communityId: 'c-wh',
  communityName: '文汇社区',
  address: '文汇社区党群服务站一层',
  fence: { lat: 34.3305, lng: 108.7069, radiusM: 150 },
  openingHours: { open: '08:00', close: '20:00', closedDates: [] },
  hoursLabel: '08:00–20:00',
  openNow: true,
  status: 'active',
}

const NO_CAN = { approve: false, reject: false, suspend: false, reinstate: false, markMoved: false }

export const registration = (over: Partial<RegistrationView> = {}): RegistrationView => ({
  id: 'reg-c-wh-demo-volunteer',
  name: '王志强',
  phone: '13800000003',
  communityId: 'c-wh',
  communityName: '文汇社区',
  workUnit: '渭城区住建局',
  partyBranch: '区住建局机关第一党支部',
  skills: ['水电维修', '政策宣讲'],
  availability: ['weekday_evening', 'weekend'],
  availabilityLabels: ['工作日晚上', '周末'],
  status: 'active',
  statusLabel: '已报到',
  reason: null,
  createdAt: NOW - 30 * DAY,
  approvedAt: NOW - 29 * DAY,
  can: { ...NO_CAN },
  ...over,
})

/** A shift `days` from today at `start`–`end` (Beijing). */
export const shift = (days: number, start = '09:00', end = '12:00', over: Partial<ShiftView> = {}): ShiftView => {
  const date = addDays(today, days)
  const s = atLocal(date, start)
  const e = atLocal(date, end)
  const weekday = WEEKDAY_LABELS[localWeekday(s)]
  const [, m, d] = date.split('-')
  return {
    id: `sh-st-wh-${date.replace(/-/g, '')}-${start.replace(':', '')}`,
    stationId: 'st-wh',
    stationName: '文汇社区红色驿站',
    date,
    weekday,
    start: s,
    end: e,
    startLabel: start,
    endLabel: end,
    label: `${weekday} ${Number(m)}月${Number(d)}日 ${start}–${end}`,
    capacity: 2,
    taken: 1,
    members: [{ name: '王志强' }],
    mine: true,
    full: false,
    past: false,
    can: { signUp: false, cancel: true },
    note: null,
    ...over,
  }
}

export const me = (over: Partial<MeView> = {}): MeView => ({
  registration: registration(),
  others: [],
  month: { month: today.slice(0, 7), served: 1, target: 2, minutes: 180, label: '本月已服务 1/2' },
  nextShift: shift(3),
  upcoming: [shift(3)],
  openSession: null,
  balance: 120,
  ...over,
})

export const session = (over: Partial<SessionView> = {}): SessionView => ({
  id: 'ses-1',
  stationId: 'st-wh',
  stationName: '文汇社区红色驿站',
  communityId: 'c-wh',
  name: '王志强',
  status: 'open',
  statusLabel: '服务中',
  method: 'token',
  checkInAt: NOW - 75 * 60_000,
  checkOutAt: null,
  closesAt: NOW + 6 * 3_600_000,
  shift: null,
  minutes: null,
  creditedMinutes: 0,
  creditableMinutes: null,
  points: 0,
  credited: false,
  autoClosed: false,
  distanceM: 60,
  unverifiedLocation: false,
  awaitingConfirmation: false,
  flags: [],
  can: { confirm: false },
  ...over,
})

export const POINTS: PointsView = {
  balance: 120,
  held: 0,
  hours: 6,
  minutes: 360,
  lines: [
    { txId: 'ltx-2', at: NOW - 5 * DAY, amount: 60, kind: 'earn', memo: '文汇社区红色驿站服务 180 分钟', cause: { type: 'session', id: 'ses-b', label: '驿站服务' } },
    { txId: 'ltx-1', at: NOW - 7 * DAY, amount: 60, kind: 'earn', memo: '完成微心愿：帮独居老人换灯泡', cause: { type: 'order', id: 'o-9', label: '完成微心愿/诉求' } },
  ],
  nextCursor: null,
  redemptions: [],
}

export const reward = (over: Partial<RewardView> = {}): RewardView => ({
  id: 'rw-wh-haircut',
  communityId: 'c-wh',
  name: '社区理发一次',
  description: '文汇社区爱心理发室，凭兑换记录使用',
  sponsor: '文汇社区共建单位',
  cost: 60,
  stock: 10,
  affordable: true,
  ...over,
})

export const redemption = (over: Partial<RedemptionView> = {}): RedemptionView => ({
  id: 'rdm-1',
  rewardId: 'rw-wh-haircut',
  rewardName: '社区理发一次',
  communityId: 'c-wh',
  name: '王志强',
  cost: 60,
  status: 'pending',
  statusLabel: '待审核',
  reason: null,
  requestedAt: NOW - 3_600_000,
  decidedAt: null,
  can: { approve: false, reject: false },
  ...over,
})

/** 刘芳's pending 双报到 as the secretary sees it (phone masked, decisions allowed). */
export const APPLICANT = registration({
  id: 'reg-c-wh-demo-applicant',
  name: '刘芳',
  phone: '138****0011',
  workUnit: '渭城区教育局',
  partyBranch: '区教育局机关党支部',
  skills: ['课业辅导'],
  availability: ['weekend'],
  availabilityLabels: ['周末'],
  status: 'pending',
  statusLabel: '待审核',
  createdAt: NOW - 2 * 3_600_000,
  approvedAt: null,
  can: { ...NO_CAN, approve: true, reject: true },
})

/** whoami of 陈秀英, secretary of 文汇社区. */
export const SECRETARY_WH = {
  openid: 'demo-secretary',
  name: '陈秀英',
  roles: [{ role: 'secretary', orgId: 'c-wh', orgName: '文汇社区', orgLabel: '文汇社区', orgType: 'community' }],
}
