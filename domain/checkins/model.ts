import type { Fence } from './geo';

/** Documents of volunteer check-ins (双报到, stations, rotas, sessions). */

// ── 双报到 registration ──────────────────────────────────────────────────────
export const REGISTRATION_STATES = ['pending', 'active', 'rejected', 'suspended', 'moved'] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];

export const REGISTRATION_STATE_LABELS: Record<RegistrationState, string> = {
  pending: '待审核',
  active: '已报到',
  rejected: '未通过',
  suspended: '已暂停',
  moved: '已迁出',
};

export const AVAILABILITY = ['weekday_daytime', 'weekday_evening', 'weekend', 'holiday'] as const;
export type Availability = (typeof AVAILABILITY)[number];
export const AVAILABILITY_LABELS: Record<Availability, string> = {
  weekday_daytime: '工作日白天',
  weekday_evening: '工作日晚上',
  weekend: '周末',
  holiday: '节假日',
};

export interface RegistrationHistoryEntry {
  at: number;
  action: string;
  from: RegistrationState | null;
  to: RegistrationState;
  by: { openid: string; name: string };
  reason?: string;
}

export interface RegistrationDoc {
  _id: string;
  openid: string;
  name: string;
  phone: string | null;
  communityId: string;
  communityName: string;
  workUnit: string;
  partyBranch: string;
  skills: string[];
  availability: Availability[];
  status: RegistrationState;
  /** Why it was rejected / suspended (shown to the member). */
  reason: string | null;
  history: RegistrationHistoryEntry[];
  createdAt: number;
  updatedAt: number;
  approvedAt: number | null;
}

// ── stations and rotas ───────────────────────────────────────────────────────
export interface StationDoc {
  _id: string;
  name: string;
  communityId: string;
  address: string;
  fence: Fence;
  /** Daily opening hours (Beijing), e.g. 08:00–20:00; `closedDates` are days it stays shut. */
  openingHours: { open: string; close: string; closedDates?: string[]; holidays?: boolean };
  status: 'active' | 'paused';
}

export interface ShiftMember {
  openid: string;
  name: string;
  at: number;
}

export interface ShiftDoc {
  _id: string;
  stationId: string;
  communityId: string;
  /** Beijing date 'YYYY-MM-DD'. */
  date: string;
  start: number;
  end: number;
  startLabel: string;
  endLabel: string;
  capacity: number;
  members: ShiftMember[];
  updatedAt: number;
}

/** One volunteer's booked shifts (kept with the shift in one transaction: no double booking). */
export interface RosterDoc {
  _id: string; // openid
  items: { shiftId: string; stationId: string; start: number; end: number }[];
  updatedAt: number;
}

// ── sessions (签到 / 签退) ───────────────────────────────────────────────────
export const SESSION_STATES = ['open', 'closed', 'auto_closed', 'confirmed'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export const SESSION_STATE_LABELS: Record<SessionState, string> = {
  open: '服务中',
  closed: '已签退',
  auto_closed: '未签退·待确认',
  confirmed: '已确认',
};

export interface SessionDoc {
  _id: string;
  openid: string;
  name: string;
  stationId: string;
  stationName: string;
  communityId: string;
  registrationId: string;
  workUnit: string;
  partyBranch: string;
  method: 'token' | 'static';
  location: { lat: number; lng: number; accuracy: number | null; distanceM: number } | null;
  shift: { id: string; start: number; end: number } | null;
  checkInAt: number;
  /** Closing time of the station that day: the latest a session can run. */
  closesAt: number;
  /** Beijing month of the check-in (the month the service counts for). */
  month: string;
  status: SessionState;
  checkOutAt: number | null;
  /** Whole minutes between check-in and check-out (or closing). */
  minutes: number | null;
  /** The most a secretary may confirm for an auto-closed session. */
  creditableMinutes: number | null;
  /** Minutes credited as service (0 until confirmed for auto-closed sessions). */
  creditedMinutes: number;
  points: number;
  credited: boolean;
  autoClosed: boolean;
  confirmedBy: { openid: string; name: string; at: number } | null;
  checkInKey: string | null;
  checkOutKey: string | null;
}

/** The lock "one open session per volunteer, anywhere": `_id` = openid. */
export interface OpenSessionDoc {
  _id: string;
  sessionId: string;
  stationId: string;
  stationName: string;
  checkInAt: number;
  closesAt: number;
}
