import type { OrderServiceDoc } from './order-services';
import type { OrgNode } from '../model/org';
import { account } from '../points/ledger';
import { C } from '../points/ports';
import type { CsvFileView, MeView, MonthlyReportMember, MonthlyReportView } from './api';
import { type Actor, type CheckinsConfig, type CheckinsDeps } from './deps';
import type { OpenSessionDoc, RegistrationDoc, RosterDoc, SessionDoc, ShiftDoc, StationDoc } from './model';
import { registrationsOf, registrationView } from './registration';
import { countsAsService, sessionView } from './session-rules';
import { shiftView } from './shifts';
import { localMonth } from '../time/beijing';
import { csvCell } from '../model/csv';

/**
 * The monthly target (每名在职党员每月至少到社区开展2次志愿服务): what counts as a
 * service, counted by the Beijing month it started in, shown to the member ("本月已服务
 * 1/2") and reported per work unit for the units' party branches.
 */

/** One service: a credited station session (≥ the minimum minutes) or an order the member handled to closure. */
export interface ServiceRecord {
  openid: string;
  at: number;
  minutes: number;
  points: number;
  kind: 'session' | 'order';
}

export const serviceRecords = (sessions: readonly SessionDoc[], orderServices: readonly OrderServiceDoc[], config: Pick<CheckinsConfig, 'minServiceMinutes'>): ServiceRecord[] => [
  ...sessions.filter((s) => countsAsService(s, config)).map((s) => ({ openid: s.openid, at: s.checkInAt, minutes: s.creditedMinutes, points: s.points, kind: 'session' as const })),
  ...orderServices.map((o) => ({ openid: o.openid, at: o.at, minutes: 0, points: o.points, kind: 'order' as const })),
];

/** Services of `month` (Beijing), by the time each one started. */
export const servicesInMonth = (records: readonly ServiceRecord[], month: string): ServiceRecord[] => records.filter((r) => localMonth(r.at) === month);

export const monthLabel = (served: number, target: number): string => `本月已服务 ${served}/${target}`;

/** `checkins.me`: the member's registration, this month against the target, next shift, open session. */
export const me = async (deps: CheckinsDeps, actor: Actor): Promise<MeView> => {
  const now = deps.clock.now();
  const month = localMonth(now);
  const member = account.member(actor.openid);
  const [regs, sessions, credits, roster, open, balance] = await Promise.all([
    registrationsOf(deps, actor.openid),
    deps.docs.find<SessionDoc>(C.sessions, { openid: actor.openid, month }, { limit: 500 }),
    deps.docs.find<OrderServiceDoc>(C.orderServices, { openid: actor.openid, month }, { limit: 500 }),
    deps.docs.get<RosterDoc>(C.rosters, actor.openid),
    deps.docs.get<OpenSessionDoc>(C.open, actor.openid),
    deps.docs.get<{ _id: string; balance: number }>(C.balances, member),
  ]);
  const rank: Record<string, number> = { active: 0, suspended: 1, pending: 2, rejected: 3, moved: 4 };
  const sorted = [...regs].sort((a, b) => rank[a.status] - rank[b.status] || b.updatedAt - a.updatedAt);
  const current = sorted[0] ?? null;
  const communities = await deps.orgs.getMany([...new Set(regs.map((r) => r.communityId))]);
  const nodeOf = (id: string) => communities.find((c) => c._id === id) ?? null;
  const served = servicesInMonth(serviceRecords(sessions, credits, deps.config), month);
  const upcomingItems = (roster?.items ?? []).filter((i) => i.end > now).sort((a, b) => a.start - b.start).slice(0, 5);
  const shifts = (await Promise.all(upcomingItems.map((i) => deps.docs.get<ShiftDoc>(C.shifts, i.shiftId)))).filter((s): s is ShiftDoc => !!s);
  const stations = await Promise.all([...new Set(shifts.map((s) => s.stationId))].map((id) => deps.docs.get<StationDoc>(C.stations, id)));
  const stationName = (id: string) => stations.find((s) => s?._id === id)?.name ?? '驿站';
  const upcoming = shifts.map((s) => shiftView(s, { name: stationName(s.stationId) }, actor, now, deps.config, { roster: roster ?? undefined }));
  const openSession = open ? await deps.docs.get<SessionDoc>(C.sessions, open.sessionId) : undefined;
  return {
    registration: current ? registrationView(current, actor, nodeOf(current.communityId)) : null,
    others: sorted.slice(1).map((r) => registrationView(r, actor, nodeOf(r.communityId))),
    month: {
      month,
      served: served.length,
      target: deps.config.monthlyTarget,
      minutes: served.reduce((s, r) => s + r.minutes, 0),
      label: monthLabel(served.length, deps.config.monthlyTarget),
    },
    nextShift: upcoming[0] ?? null,
    upcoming,
    openSession: openSession ? sessionView(openSession) : null,
    balance: balance?.balance ?? 0,
  };
};

const REPORTED: readonly RegistrationDoc['status'][] = ['active', 'suspended', 'moved'];

/** Per-work-unit 双报到 report of a community for a month. */
export const monthlyReport = async (deps: CheckinsDeps, community: OrgNode, month: string): Promise<MonthlyReportView> => {
  const [regs, sessions, credits] = await Promise.all([
    deps.docs.find<RegistrationDoc>(C.registrations, { communityId: community._id }, { limit: 5000 }),
    deps.docs.find<SessionDoc>(C.sessions, { communityId: community._id, month }, { limit: 20000 }),
    deps.docs.find<OrderServiceDoc>(C.orderServices, { communityId: community._id, month }, { limit: 20000 }),
  ]);
  const records = servicesInMonth(serviceRecords(sessions, credits, deps.config), month);
  const target = deps.config.monthlyTarget;
  const byUnit = new Map<string, MonthlyReportMember[]>();
  for (const reg of regs) {
    const mine = records.filter((r) => r.openid === reg.openid);
    if (!REPORTED.includes(reg.status) || (reg.status === 'moved' && mine.length === 0)) continue;
    const minutes = mine.reduce((s, r) => s + r.minutes, 0);
    const row: MonthlyReportMember = {
      name: reg.name,
      partyBranch: reg.partyBranch,
      status: reg.status,
      services: mine.length,
      minutes,
      hours: Math.round(minutes / 6) / 10,
      points: mine.reduce((s, r) => s + r.points, 0),
      met: mine.length >= target,
    };
    byUnit.set(reg.workUnit, [...(byUnit.get(reg.workUnit) ?? []), row]);
  }
  const totalsOf = (rows: readonly MonthlyReportMember[]) => ({
    members: rows.length,
    met: rows.filter((r) => r.met).length,
    services: rows.reduce((s, r) => s + r.services, 0),
    hours: Math.round(rows.reduce((s, r) => s + r.minutes, 0) / 6) / 10,
  });
  const units = [...byUnit.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'zh-Hans-CN'))
    .map(([workUnit, members]) => {
      const sortedMembers = [...members].sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN'));
      return { workUnit, members: sortedMembers, totals: totalsOf(sortedMembers) };
    });
  return { communityId: community._id, communityName: community.name, month, target, units, totals: totalsOf(units.flatMap((u) => u.members)) };
};

export { csvCell };

export const reportCsv = (report: MonthlyReportView): CsvFileView => {
  const header = ['工作单位', '党支部', '姓名', '状态', '服务次数', '服务时长（小时）', '获得积分', `是否达标（≥${report.target}次）`];
  const status: Record<string, string> = { active: '已报到', suspended: '已暂停', moved: '已迁出' };
  const rows = report.units.flatMap((u) =>
    u.members.map((m) => [u.workUnit, m.partyBranch, m.name, status[m.status] ?? m.status, m.services, m.hours, m.points, m.met ? '是' : '否']),
  );
  const total = ['合计', '', `${report.totals.members}人`, '', report.totals.services, report.totals.hours, '', `${report.totals.met}人达标`];
  const lines = [header, ...rows, total].map((r) => r.map(csvCell).join(','));
  return {
    filename: `${report.communityName}-双报到-${report.month}.csv`,
    mime: 'text/csv;charset=utf-8',
    content: `\uFEFF${lines.join('\r\n')}\r\n`,
  };
};

