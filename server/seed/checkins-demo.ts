import type { RegistrationDoc, RosterDoc, SessionDoc, ShiftDoc } from '../../domain/checkins/model';
import { registrationId } from '../../domain/checkins/registration';
import { shiftId } from '../../domain/checkins/shifts';
import { addDays, atLocal, localDate, localMonth, mondayOf } from '../../domain/time/beijing';
import { DEFAULT_EARNING_RULES } from '../../domain/points/earning';
import { account, type BalanceDoc, type LedgerTxDoc, transfer } from '../../domain/points/ledger';
import type { RewardDoc } from '../../domain/points/rewards';
import type { Doc } from '../store/document-store';

/**
 * Demo data of volunteer check-ins: 王志强 (demo-volunteer) with an ACTIVE 双报到 in 文汇社区
 * and two credited services last week, a pending applicant for the secretary to decide,
 * two weeks of shifts at 文汇社区红色驿站 (08–12, 12–16, 16–20, two places each; 王志强 on
 * today's morning shift and Saturday's), the earning rules, and rewards with stock.
 */

export const DEMO_SHIFT_SLOTS = [
  { start: '08:00', end: '12:00', capacity: 2 },
  { start: '12:00', end: '16:00', capacity: 2 },
  { start: '16:00', end: '20:00', capacity: 2 },
] as const;

const reg = (openid: string, name: string, phone: string | null, communityId: string, communityName: string, fields: Partial<RegistrationDoc>, at: number): RegistrationDoc => ({
  _id: registrationId(communityId, openid),
  openid,
  name,
  phone,
  communityId,
  communityName,
  workUnit: '',
  partyBranch: '',
  skills: [],
  availability: [],
  status: 'pending',
  reason: null,
  history: [{ at, action: 'submit', from: null, to: 'pending', by: { openid, name } }],
  createdAt: at,
  updatedAt: at,
  approvedAt: null,
  ...fields,
});

export const buildCheckinsDemo = (nowMs: number): { collection: string; doc: Doc }[] => {
  const out: { collection: string; doc: Doc }[] = [];
  const put = (collection: string, doc: object) => out.push({ collection, doc: doc as Doc });
  const DAY = 86_400_000;
  const secretary = { openid: 'demo-secretary', name: '陈秀英' };

  for (const rule of DEFAULT_EARNING_RULES) put('points_rules', rule);

  const rewards: RewardDoc[] = [
    { _id: 'rw-wh-haircut', communityId: 'c-wh', name: '社区理发一次', description: '文汇社区爱心理发室，凭兑换记录使用', sponsor: '文汇社区共建单位', cost: 60, stock: 10, status: 'active', sort: 1 },
    { _id: 'rw-wh-market', communityId: 'c-wh', name: '超市购物券10元', description: '辖区合作超市通用', sponsor: '渭城区爱心超市', cost: 100, stock: 20, status: 'active', sort: 2 },
    { _id: 'rw-wh-oil', communityId: 'c-wh', name: '爱心粮油一桶', description: '5升食用油一桶', sponsor: '文汇社区党委', cost: 200, stock: 5, status: 'active', sort: 3 },
    { _id: 'rw-ms-market', communityId: 'c-ms', name: '超市购物券10元', description: '辖区合作超市通用', sponsor: '渭城区爱心超市', cost: 100, stock: 20, status: 'active', sort: 1 },
  ];
  for (const r of rewards) put('rewards', r);

  const joined = nowMs - 30 * DAY;
  const volunteer = reg('demo-volunteer', '王志强', '13800000003', 'c-wh', '文汇社区', {
    workUnit: '渭城区住建局',
    partyBranch: '区住建局机关第一党支部',
    skills: ['水电维修', '政策宣讲'],
    availability: ['weekday_evening', 'weekend'],
    status: 'active',
    approvedAt: joined + DAY,
    createdAt: joined,
    updatedAt: joined + DAY,
    history: [
      { at: joined, action: 'submit', from: null, to: 'pending', by: { openid: 'demo-volunteer', name: '王志强' } },
      { at: joined + DAY, action: 'approve', from: 'pending', to: 'active', by: secretary },
    ],
  }, joined);
  put('checkin_registrations', volunteer);
  put(
    'checkin_registrations',
    reg('demo-applicant', '刘芳', '13800000011', 'c-wh', '文汇社区', { workUnit: '渭城区教育局', partyBranch: '区教育局机关党支部', skills: ['课业辅导'], availability: ['weekend'] }, nowMs - 2 * 3_600_000),
  );

  // Two weeks of shifts at 文汇社区红色驿站 from this Monday; 王志强 on today's morning shift and this Saturday's.
  const today = localDate(nowMs);
  const monday = mondayOf(today);
  const saturday = addDays(monday, 5);
  const booked = new Set([shiftId('st-wh', today, '08:00'), shiftId('st-wh', saturday, '08:00')]);
  const roster: RosterDoc = { _id: 'demo-volunteer', items: [], updatedAt: nowMs };
  for (let d = 0; d < 14; d++) {
    const date = addDays(monday, d);
    for (const slot of DEMO_SHIFT_SLOTS) {
      const id = shiftId('st-wh', date, slot.start);
      const shift: ShiftDoc = {
        _id: id,
        stationId: 'st-wh',
        communityId: 'c-wh',
        date,
        start: atLocal(date, slot.start),
        end: atLocal(date, slot.end),
        startLabel: slot.start,
        endLabel: slot.end,
        capacity: slot.capacity,
        members: booked.has(id) ? [{ openid: 'demo-volunteer', name: '王志强', at: nowMs - DAY }] : [],
        updatedAt: nowMs,
      };
      put('checkin_shifts', shift);
      if (booked.has(id)) roster.items.push({ shiftId: id, stationId: 'st-wh', start: shift.start, end: shift.end });
    }
  }
  put('checkin_rosters', roster);

  // Two credited services last week (3 hours each → 60 points each) and their ledger lines.
  let balance = 0;
  const txs: LedgerTxDoc[] = [];
  for (const daysAgo of [7, 5]) {
    const date = addDays(today, -daysAgo);
    const checkInAt = atLocal(date, '09:00');
    const checkOutAt = atLocal(date, '12:00');
    const session: SessionDoc = {
      _id: `ses-demo-${date.replace(/-/g, '')}`,
      openid: 'demo-volunteer',
      name: '王志强',
      stationId: 'st-wh',
      stationName: '文汇社区红色驿站',
      communityId: 'c-wh',
      registrationId: volunteer._id,
      workUnit: volunteer.workUnit,
      partyBranch: volunteer.partyBranch,
      method: 'token',
      location: null,
      shift: null,
      checkInAt,
      closesAt: atLocal(date, '20:00'),
      month: localMonth(checkInAt),
      status: 'closed',
      checkOutAt,
      minutes: 180,
      creditableMinutes: 180,
      creditedMinutes: 180,
      points: 60,
      credited: true,
      autoClosed: false,
      confirmedBy: null,
      checkInKey: null,
      checkOutKey: null,
    };
    put('checkin_sessions', session);
    const tx = transfer(
      { _id: `ltx-${session._id}`, at: checkOutAt, month: localMonth(checkOutAt), communityId: 'c-wh', kind: 'earn', memo: '文汇社区红色驿站服务 180 分钟', cause: { type: 'session', id: session._id }, by: { openid: 'demo-volunteer', name: '王志强' } },
      account.pool('c-wh'),
      account.member('demo-volunteer'),
      60,
    );
    txs.push(tx);
    put('ledger_tx', tx);
    balance += 60;
  }
  const last = txs[txs.length - 1];
  const balanceDoc: BalanceDoc = { _id: account.member('demo-volunteer'), account: account.member('demo-volunteer'), balance, txCount: txs.length, lastTxId: last._id, updatedAt: last.at };
  put('ledger_balances', balanceDoc);
  return out;
};

/**
 * Users with an ACTIVE 双报到 in 文汇社区, written in bulk (burst tests and benchmarks):
 * the user doc with the volunteer grant and the registration, as approval would leave them.
 */
export const activeVolunteerWrites = (openids: readonly string[], nowMs: number): { collection: string; id: string; doc: Doc }[] =>
  openids.flatMap((openid, i) => {
    const id = registrationId('c-wh', openid);
    const registration: RegistrationDoc = {
      _id: id,
      openid,
      name: `志愿者${i}`,
      phone: null,
      communityId: 'c-wh',
      communityName: '文汇社区',
      workUnit: `单位${i % 7}`,
      partyBranch: '机关党支部',
      skills: [],
      availability: [],
      status: 'active',
      reason: null,
      history: [],
      createdAt: nowMs,
      updatedAt: nowMs,
      approvedAt: nowMs,
    };
    return [
      { collection: 'users', id: openid, doc: { _id: openid, name: `志愿者${i}`, roles: [{ role: 'volunteer', orgId: 'c-wh' }], createdAt: nowMs } },
      { collection: 'checkin_registrations', id, doc: registration as unknown as Doc },
    ];
  });

/**
 * A session at 文汇社区红色驿站 as the sweep leaves one nobody signed out of: auto-closed at
 * `closedAt` with its creditable minutes capped at 240, nothing credited, awaiting the secretary.
 */
export const autoClosedSession = (s: {
  id: string;
  openid: string;
  registrationId: string;
  checkInAt: number;
  closedAt: number;
  /** Minutes on duty (default: from check-in to the close). */
  minutes?: number;
  name?: string;
  workUnit?: string;
  partyBranch?: string;
}): SessionDoc => ({
  _id: s.id,
  openid: s.openid,
  name: s.name ?? '志愿者',
  stationId: 'st-wh',
  stationName: '文汇社区红色驿站',
  communityId: 'c-wh',
  registrationId: s.registrationId,
  workUnit: s.workUnit ?? '单位0',
  partyBranch: s.partyBranch ?? '机关党支部',
  method: 'token',
  location: null,
  shift: null,
  checkInAt: s.checkInAt,
  closesAt: s.closedAt,
  month: localMonth(s.checkInAt),
  status: 'auto_closed',
  checkOutAt: s.closedAt,
  minutes: s.minutes ?? Math.round((s.closedAt - s.checkInAt) / 60_000),
  creditableMinutes: 240,
  creditedMinutes: 0,
  points: 0,
  credited: false,
  autoClosed: true,
  confirmedBy: null,
  checkInKey: null,
  checkOutKey: null,
});
