import { z } from 'zod';
import { ID, PHONE, SCENE, text } from '../orders/api';
import type { CauseType, TxKind } from '../points/ledger';
import {
  AVAILABILITY,
  type Availability,
  REGISTRATION_STATES,
  type RegistrationState,
  SESSION_STATES,
  type SessionFlag,
  type SessionState,
} from './model';
import { isClock, isDate, isMonth } from './time';

/**
 * The `checkins` function's contract: payload schemas (validated by the function,
 * typed for the app) and the views it answers with.
 */

const DATE = z.string().refine(isDate, '日期格式应为 YYYY-MM-DD');
const MONTH = z.string().refine(isMonth, '月份格式应为 YYYY-MM');
const CLOCK = z.string().refine(isClock, '时间格式应为 HH:MM');
const TOKEN = z.string().regex(/^[A-Za-z0-9_-]{8}$/, '签到码格式不正确');
const LIMIT = z.number().int().min(1).max(100).optional();
const CURSOR = z.string().max(200).regex(/^[A-Za-z0-9_-]*$/).optional();

export const LOCATION = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  accuracy: z.number().min(0).max(100_000).optional(),
});
export type LocationInput = z.infer<typeof LOCATION>;
export const CLIENTS = ['weapp', 'h5'] as const;
const CLIENT = z.enum(CLIENTS);

// ── 双报到 ───────────────────────────────────────────────────────────────────
export const registerInput = z
  .strictObject({
    communityId: ID.optional(),
    /** A building / unit QR scene of the home community. */
    scene: SCENE.optional(),
    name: text(1, 20).optional(),
    phone: PHONE.optional(),
    workUnit: text(2, 40),
    partyBranch: text(2, 40),
    skills: z.array(text(1, 12)).max(8, '最多8项特长').optional(),
    availability: z.array(z.enum(AVAILABILITY)).max(AVAILABILITY.length).optional(),
  })
  .refine((v) => (v.communityId === undefined) !== (v.scene === undefined), {
    message: '请选择报到社区或扫描所住楼栋的二维码（二选一）',
    path: ['communityId'],
  });
export type RegisterInput = z.input<typeof registerInput>;

export const registrationsInput = z.strictObject({
  communityId: ID.optional(),
  status: z.enum(REGISTRATION_STATES).optional(),
  limit: LIMIT,
});
export const idInput = z.strictObject({ id: ID });
export const idReasonInput = z.strictObject({ id: ID, reason: text(2, 200) });
export const idOptionalReasonInput = z.strictObject({ id: ID, reason: text(2, 200).optional() });
export const monthlyReportInput = z.strictObject({
  communityId: ID.optional(),
  month: MONTH,
  format: z.enum(['json', 'csv']).optional(),
});

// ── stations and rotas ───────────────────────────────────────────────────────
export const stationsInput = z.strictObject({ communityId: ID.optional() });
export const stationIdInput = z.strictObject({ stationId: ID });
export const shiftsInput = z.strictObject({
  stationId: ID,
  from: DATE.optional(),
  days: z.number().int().min(1).max(28).optional(),
});
export const shiftIdInput = z.strictObject({ shiftId: ID });
export const dutyInput = z.strictObject({ stationId: ID, weekOf: DATE });
export const planShiftsInput = z.strictObject({
  stationId: ID,
  weekOf: DATE,
  slots: z
    .array(z.strictObject({ start: CLOCK, end: CLOCK, capacity: z.number().int().min(1).max(50) }))
    .min(1)
    .max(6),
  /** Weekdays to plan (0 = Sunday … 6 = Saturday); default every day. */
  weekdays: z.array(z.number().int().min(0).max(6)).min(1).max(7).optional(),
});

// ── sessions ─────────────────────────────────────────────────────────────────
export const checkInInput = z
  .strictObject({
    stationId: ID,
    /** The rotating token from the station's duty screen. */
    token: TOKEN.optional(),
    /** The printed station code (signed scene); needs a location inside the fence. */
    staticScene: SCENE.optional(),
    /** GCJ-02, as wx.getLocation({type: 'gcj02'}) reports it; required with a token on weapp. */
    location: LOCATION.optional(),
    /**
     * Where the code was read: 'weapp' has a trusted location and must send it; 'h5' has none,
     * so its token check-in is accepted only within the code's step and waits for the secretary.
     */
    client: CLIENT.optional(),
  })
  .refine((v) => (v.token === undefined) !== (v.staticScene === undefined), {
    message: '请扫描驿站值班屏或张贴的二维码',
    path: ['token'],
  });
export type CheckInInput = z.input<typeof checkInInput>;
export const checkOutInput = z.strictObject({ location: LOCATION.optional(), client: CLIENT.optional() });
export type CheckOutInput = z.input<typeof checkOutInput>;
export const emptyInput = z.strictObject({});
export const grantKeeperInput = z
  .strictObject({
    stationId: ID,
    /** An approved member of the station's community, by their 双报到 registration… */
    registrationId: ID.optional(),
    /** …or staff of the community (its secretary or a grid worker), by openid. */
    openid: ID.optional(),
  })
  .refine((v) => (v.registrationId === undefined) !== (v.openid === undefined), { message: '请选择一名站点管理员', path: ['registrationId'] });
export const revokeKeeperInput = z.strictObject({ stationId: ID, keeperId: ID });
export const sessionsInput = z.strictObject({
  communityId: ID.optional(),
  status: z.enum(SESSION_STATES).optional(),
  limit: LIMIT,
});
export const confirmSessionInput = z.strictObject({ id: ID, minutes: z.number().int().min(0).max(24 * 60) });

// ── points ───────────────────────────────────────────────────────────────────
export const pointsInput = z.strictObject({ limit: LIMIT, cursor: CURSOR });
export const rewardsInput = z.strictObject({ communityId: ID.optional() });
export const redeemInput = z.strictObject({ rewardId: ID });
export const redemptionsInput = z.strictObject({
  communityId: ID.optional(),
  status: z.enum(['pending', 'approved', 'rejected']).optional(),
  limit: LIMIT,
});
export const adjustPointsInput = z.strictObject({
  communityId: ID.optional(),
  openid: ID,
  amount: z
    .number()
    .int()
    .min(-1000)
    .max(1000)
    .refine((n) => n !== 0, '调整分值不能为0'),
  reason: text(2, 200),
});

// ── views ────────────────────────────────────────────────────────────────────
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
