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
  /** 站点管理员: people the secretary lets open this station's duty screen. */
  keepers?: StationKeeper[];
}

export interface StationKeeper {
  /** The record's own id (views name a keeper by it, never by openid). */
  id: string;
  openid: string;
  name: string;
  /** Why they qualify: staff of the community, or an approved 双报到 member of it. */
  as: 'staff' | 'member';
  grantedBy: { openid: string; name: string };
  at: number;
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
  /** Shifts this volunteer cancelled lately (a retried cancel answers as done; nobody else learns of the shift). */
  cancelled?: { shiftId: string; end: number }[];
  updatedAt: number;
}

// ── sessions (签到 / 签退) ───────────────────────────────────────────────────
export const SESSION_STATES = ['open', 'closed', 'auto_closed', 'unverified', 'confirmed'] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export const SESSION_STATE_LABELS: Record<SessionState, string> = {
  open: '服务中',
  closed: '已签退',
  auto_closed: '未签退·待确认',
  unverified: '待书记确认',
  confirmed: '已确认',
};

/**
 * Why a session's presence is in doubt (each shown to the secretary):
 *  - unverified_location: checked in with the duty-screen code alone (H5: no trusted location);
 *  - code_holder: checked in with a code they can show themselves (the secretary, a station keeper);
 *  - checkout_outside: checked out outside the fence (credited up to the last verified moment);
 *  - checkout_no_location: checked out without a location (likewise);
 *  - registration_inactive: the registration was no longer active at check-out (nothing credited).
 */
export const SESSION_FLAGS = ['unverified_location', 'code_holder', 'checkout_outside', 'checkout_no_location', 'registration_inactive'] as const;
export type SessionFlag = (typeof SESSION_FLAGS)[number];
export const SESSION_FLAG_LABELS: Record<SessionFlag, string> = {
  unverified_location: '未核验位置（仅凭值班屏签到码）',
  code_holder: '本人可打开值班屏，签到码不能证明到场',
  checkout_outside: '签退时不在驿站范围内',
  checkout_no_location: '签退时未提供位置',
  registration_inactive: '签退时报到已不是“已报到”状态',
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
  /** Checked in without a verified location: nothing is credited until the secretary confirms. */
  unverifiedLocation?: boolean;
  /** The last moment the volunteer was verified inside the fence (null when never). */
  lastVerifiedAt?: number | null;
  checkOutLocation?: { lat: number; lng: number; accuracy: number | null; distanceM: number } | null;
  flags?: SessionFlag[];
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
