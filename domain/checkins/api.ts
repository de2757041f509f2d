import { z } from 'zod';
import { ID, PHONE, SCENE, text } from '../orders/api';
import { AVAILABILITY, REGISTRATION_STATES, SESSION_STATES } from './model';
import { isClock, isDate, isMonth } from '../time/beijing';

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

// The views the actions answer live in ./api-views.ts; one import of the contract serves the app.
export type * from './api-views';
