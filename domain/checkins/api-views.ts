import type { CauseType, TxKind } from '../points/ledger';
import type { Availability, RegistrationState, SessionFlag, SessionState } from './model';

/** What the check-in actions answer (the views); the payload schemas are in ./api.ts. */

export interface RegistrationView {
  id: string;
  name: string;
  /** Masked for everyone but the member themself. */
  phone: string | null;
  communityId: string;
  communityName: string;
  workUnit: string;
  partyBranch: string;
  skills: string[];
  availability: Availability[];
  availabilityLabels: string[];
  status: RegistrationState;
  statusLabel: string;
  reason: string | null;
  createdAt: number;
  approvedAt: number | null;
  /** What the viewer (a secretary) may do with it now. */
  can: { approve: boolean; reject: boolean; suspend: boolean; reinstate: boolean; markMoved: boolean };
}

export interface StationView {
  id: string;
  name: string;
  communityId: string;
  communityName: string;
  address: string;
  fence: { lat: number; lng: number; radiusM: number };
  openingHours: { open: string; close: string; closedDates: string[] };
  /** "08:00–20:00" */
  hoursLabel: string;
  openNow: boolean;
  status: 'active' | 'paused';
}

export interface ShiftView {
  id: string;
  stationId: string;
  stationName: string;
  date: string;
  weekday: string;
  start: number;
  end: number;
  startLabel: string;
  endLabel: string;
  /** "周六 3月7日 08:00–12:00" */
  label: string;
  capacity: number;
  taken: number;
  /** Names only (and openids for the community's secretary). */
  members: { name: string; openid?: string }[];
  mine: boolean;
  full: boolean;
  past: boolean;
  can: { signUp: boolean; cancel: boolean };
  /** Why signing up / cancelling is not possible now (for a greyed-out button). */
  note: string | null;
}

export interface DutyDayView {
  date: string;
  weekday: string;
  closed: boolean;
  shifts: ShiftView[];
  /** Opening hours of the day with no shift planned, e.g. ["18:00–20:00"]. */
  uncovered: string[];
}

export interface DutyView {
  station: StationView;
  weekStart: string;
  days: DutyDayView[];
  /** Shifts with free places, soonest first. */
  gaps: { shiftId: string; date: string; weekday: string; startLabel: string; endLabel: string; missing: number }[];
  totals: { shifts: number; capacity: number; filled: number; missing: number; uncoveredDays: number };
  /** 站点管理员 who may open the duty screen (for the community's secretary; empty for others). */
  keepers: KeeperView[];
}

export interface SessionView {
  id: string;
  stationId: string;
  stationName: string;
  communityId: string;
  name: string;
  status: SessionState;
  statusLabel: string;
  method: 'token' | 'static';
  checkInAt: number;
  checkOutAt: number | null;
  closesAt: number;
  shift: { id: string; start: number; end: number; label: string } | null;
  minutes: number | null;
  creditedMinutes: number;
  creditableMinutes: number | null;
  points: number;
  credited: boolean;
  autoClosed: boolean;
  distanceM: number | null;
  /** Checked in with the duty-screen code alone (no trusted location). */
  unverifiedLocation: boolean;
  /** Nothing is credited until the secretary confirms it ("待书记确认"). */
  awaitingConfirmation: boolean;
  /** Why its presence is in doubt, for the secretary. */
  flags: { code: SessionFlag; label: string }[];
  /** The secretary may confirm it (auto-closed or unverified, not yet credited, not her own). */
  can: { confirm: boolean };
}

export interface KeeperView {
  id: string;
  name: string;
  as: 'staff' | 'member';
  asLabel: string;
  grantedBy: string;
  at: number;
}

export interface KeepersView {
  id: string;
  stationName: string;
  keepers: KeeperView[];
  changed: boolean;
}

export interface CheckInResult {
  session: SessionView;
  /** True when this idempotency key had already checked in (a retry). */
  replayed: boolean;
  /** "签到成功：文汇社区红色驿站 09:00" */
  message: string;
}

export interface CheckOutResult {
  session: SessionView;
  replayed: boolean;
  /** "签退成功：服务 180 分钟，获得 60 积分" or the auto-close explanation. */
  message: string;
  balance: number;
}

export interface StationTokenView {
  stationId: string;
  stationName: string;
  token: string;
  /** The text the duty-screen QR encodes: `CI.<stationId>.<token>` (parse with parseCheckinCode). */
  code: string;
  /** PNG data URL of the QR for `code`. */
  image: string;
  /** Fetch the next token at this time. */
  refreshAt: number;
  /** The token is refused after this. */
  expiresAt: number;
  serverNow: number;
}

export interface StationPosterView {
  station: StationView;
  /** Signed static scene `S<stationId>.<sig>` (accepted only with a location inside the fence). */
  scene: string;
  image: string;
  url: string | null;
}

export interface MeView {
  registration: RegistrationView | null;
  /** Other registrations (history: rejected, moved…). */
  others: RegistrationView[];
  month: { month: string; served: number; target: number; minutes: number; label: string };
  nextShift: ShiftView | null;
  upcoming: ShiftView[];
  openSession: SessionView | null;
  balance: number;
}

export interface MonthlyReportMember {
  name: string;
  partyBranch: string;
  status: RegistrationState;
  services: number;
  minutes: number;
  hours: number;
  points: number;
  met: boolean;
}

export interface MonthlyReportView {
  communityId: string;
  communityName: string;
  month: string;
  target: number;
  units: { workUnit: string; members: MonthlyReportMember[]; totals: { members: number; met: number; services: number; hours: number } }[];
  totals: { members: number; met: number; services: number; hours: number };
}

export interface CsvFileView {
  filename: string;
  mime: 'text/csv;charset=utf-8';
  /** UTF-8 text starting with a BOM, so Excel opens the Chinese correctly. */
  content: string;
}

export interface StatementLineView {
  txId: string;
  at: number;
  amount: number;
  kind: TxKind;
  memo: string;
  cause: { type: CauseType; id: string; label: string };
}

export interface PointsView {
  balance: number;
  /** Points set aside for pending redemptions (already taken off the balance). */
  held: number;
  /** Confirmed service hours, one decimal. */
  hours: number;
  minutes: number;
  lines: StatementLineView[];
  nextCursor: string | null;
  redemptions: RedemptionView[];
}

export interface RewardView {
  id: string;
  communityId: string;
  name: string;
  description: string;
  sponsor: string;
  cost: number;
  stock: number;
  /** The caller has enough points and it is in stock. */
  affordable: boolean;
}

export interface RedemptionView {
  id: string;
  rewardId: string;
  rewardName: string;
  communityId: string;
  name: string;
  cost: number;
  status: 'pending' | 'approved' | 'rejected';
  statusLabel: string;
  reason: string | null;
  requestedAt: number;
  decidedAt: number | null;
  can: { approve: boolean; reject: boolean };
}
