import { isSecretaryOf } from '../authz/grants';
import { DomainError } from '../model/envelope';
import { keeperView } from './keeper-view';
import { notFound } from './not-found';
import { C } from '../points/ports';
import type { DutyView, ShiftView, StationView } from './api';
import { type Actor, type CheckinsConfig, type CheckinsDeps, loadCommunity, managesCommunity } from './deps';
import type { RosterDoc, ShiftDoc, StationDoc } from './model';
import { requireActiveRegistration } from './registration';
import {
  DAY_MS,
  MINUTE_MS,
  WEEKDAY_LABELS,
  addDays,
  atLocal,
  clockMinutes,
  localClock,
  localDate,
  localWeekday,
  mondayOf,
  startOfLocalDay,
} from '../time/beijing';

/**
 * Stations (红色驿站) and their rota: opening hours, shifts with capacity, sign-ups with
 * no double booking and a cancellation cut-off, and the secretary's week of duty with
 * its gaps. The rules are pure functions; the use cases apply them in one transaction
 * over the shift and the volunteer's roster.
 */

// ── opening hours ────────────────────────────────────────────────────────────
export interface OpeningWindow {
  date: string;
  openAt: number;
  closeAt: number;
}

/** The station's opening window on the Beijing day holding `ms`, or null when it is closed that day. */
export const openingWindow = (station: Pick<StationDoc, 'openingHours' | 'status'>, ms: number): OpeningWindow | null => {
  if (station.status !== 'active') return null;
  const date = localDate(ms);
  const hours = station.openingHours;
  if ((hours.closedDates ?? []).includes(date)) return null;
  const openAt = atLocal(date, hours.open);
  const closeAt = atLocal(date, hours.close);
  return closeAt > openAt ? { date, openAt, closeAt } : null;
};

export const isOpenAt = (station: Pick<StationDoc, 'openingHours' | 'status'>, ms: number): boolean => {
  const w = openingWindow(station, ms);
  return w !== null && ms >= w.openAt && ms < w.closeAt;
};

export const hoursLabel = (station: Pick<StationDoc, 'openingHours'>): string => `${station.openingHours.open}–${station.openingHours.close}`;

export const stationView = (station: StationDoc, communityName: string, now: number): StationView => ({
  id: station._id,
  name: station.name,
  communityId: station.communityId,
  communityName,
  address: station.address,
  fence: { lat: station.fence.lat, lng: station.fence.lng, radiusM: station.fence.radiusM },
  openingHours: { open: station.openingHours.open, close: station.openingHours.close, closedDates: station.openingHours.closedDates ?? [] },
  hoursLabel: hoursLabel(station),
  openNow: isOpenAt(station, now),
  status: station.status,
});

export const loadStation = async (deps: Pick<CheckinsDeps, 'docs'>, id: string): Promise<StationDoc> => {
  const station = await deps.docs.get<StationDoc>(C.stations, id);
  if (!station) throw notFound();
  return station;
};

// ── shift rules (pure) ───────────────────────────────────────────────────────
export const shiftId = (stationId: string, date: string, start: string): string => `sh-${stationId}-${date.replace(/-/g, '')}-${start.replace(':', '')}`;

export const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;

export const isMember = (shift: Pick<ShiftDoc, 'members'>, openid: string): boolean => shift.members.some((m) => m.openid === openid);

/** Why `openid` cannot sign up for `shift` now, or null when they can. */
export const signUpProblem = (
  shift: Pick<ShiftDoc, '_id' | 'start' | 'end' | 'capacity' | 'members'>,
  roster: Pick<RosterDoc, 'items'> | undefined,
  openid: string,
  now: number,
  config: Pick<CheckinsConfig, 'bookingHorizonDays'>,
): string | null => {
  if (isMember(shift, openid)) return '您已报名该班次';
  if (shift.start <= now) return '该班次已开始或已结束，不能报名';
  if (shift.start > now + config.bookingHorizonDays * DAY_MS) return `只能报名${config.bookingHorizonDays}天内的班次`;
  if (shift.members.length >= shift.capacity) return '该班次已满员';
  const clash = (roster?.items ?? []).find((b) => b.shiftId !== shift._id && b.end > now && overlaps(b, shift));
  if (clash) return `与您已报名的班次时间冲突（${localDate(clash.start).slice(5)} ${localClock(clash.start)}–${localClock(clash.end)}）`;
  return null;
};

/** Why `openid` cannot cancel now, or null when they can. */
export const cancelProblem = (shift: Pick<ShiftDoc, 'start' | 'members'>, openid: string, now: number, config: Pick<CheckinsConfig, 'cancelCutoffMs'>): string | null => {
  if (!isMember(shift, openid)) return '您没有报名该班次';
  if (now >= shift.start - config.cancelCutoffMs) {
    return `开班前${Math.round(config.cancelCutoffMs / 3_600_000)}小时内不能取消，请联系社区书记调整`;
  }
  return null;
};

/** The booked shift a check-in at `stationId` at `ms` belongs to (started, or starting within the lead time). */
export const bookedShiftAt = (
  roster: Pick<RosterDoc, 'items'> | undefined,
  stationId: string,
  ms: number,
  leadMs: number,
): RosterDoc['items'][number] | undefined =>
  (roster?.items ?? []).filter((b) => b.stationId === stationId && b.start - leadMs <= ms && ms < b.end).sort((a, b) => a.start - b.start)[0];

/** Opening hours of the day not covered by any shift, as "HH:MM–HH:MM" (gaps of 30 minutes or more). */
export const uncoveredIntervals = (window: OpeningWindow | null, shifts: readonly Pick<ShiftDoc, 'start' | 'end'>[]): string[] => {
  if (!window) return [];
  const out: string[] = [];
  let cursor = window.openAt;
  for (const s of [...shifts].sort((a, b) => a.start - b.start)) {
    if (s.start > cursor && s.start - cursor >= 30 * MINUTE_MS) out.push(`${localClock(cursor)}–${localClock(Math.min(s.start, window.closeAt))}`);
    cursor = Math.max(cursor, s.end);
    if (cursor >= window.closeAt) break;
  }
  if (window.closeAt - cursor >= 30 * MINUTE_MS) out.push(`${localClock(cursor)}–${localClock(window.closeAt)}`);
  return out;
};

// ── views ────────────────────────────────────────────────────────────────────
export const shiftLabel = (shift: Pick<ShiftDoc, 'date' | 'start' | 'startLabel' | 'endLabel'>): string => {
  const [, m, d] = shift.date.split('-').map(Number);
  return `${WEEKDAY_LABELS[localWeekday(shift.start)]} ${m}月${d}日 ${shift.startLabel}–${shift.endLabel}`;
};

export const shiftView = (
  shift: ShiftDoc,
  station: Pick<StationDoc, 'name'>,
  viewer: Actor,
  now: number,
  config: CheckinsConfig,
  options: { roster?: RosterDoc; manager?: boolean } = {},
): ShiftView => {
  const mine = isMember(shift, viewer.openid);
  const signUpNote = mine ? null : signUpProblem(shift, options.roster, viewer.openid, now, config);
  const cancelNote = mine ? cancelProblem(shift, viewer.openid, now, config) : null;
  return {
    id: shift._id,
    stationId: shift.stationId,
    stationName: station.name,
    date: shift.date,
    weekday: WEEKDAY_LABELS[localWeekday(shift.start)],
    start: shift.start,
    end: shift.end,
    startLabel: shift.startLabel,
    endLabel: shift.endLabel,
    label: shiftLabel(shift),
    capacity: shift.capacity,
    taken: shift.members.length,
    members: shift.members.map((m) => (options.manager ? { name: m.name, openid: m.openid } : { name: m.name })),
    mine,
    full: shift.members.length >= shift.capacity,
    past: shift.end <= now,
    can: { signUp: !mine && signUpNote === null, cancel: mine && cancelNote === null },
    note: mine ? cancelNote : signUpNote,
  };
};

// ── use cases ────────────────────────────────────────────────────────────────
export const loadShift = async (deps: Pick<CheckinsDeps, 'docs'>, id: string): Promise<ShiftDoc> => {
  const shift = await deps.docs.get<ShiftDoc>(C.shifts, id);
  if (!shift) throw notFound();
  return shift;
};

export const shiftsOfStation = (deps: Pick<CheckinsDeps, 'docs'>, stationId: string, from: number, to: number): Promise<ShiftDoc[]> =>
  deps.docs.find<ShiftDoc>(C.shifts, { stationId, start: { gte: from, lt: to } }, { orderBy: [['start', 'asc']], limit: 500 });

const pruneRoster = (items: RosterDoc['items'], now: number) => items.filter((i) => i.end > now - DAY_MS);

/** Sign up for a shift: capacity and no double booking, checked and written atomically; a repeat is a no-op. */
export const signUp = async (deps: CheckinsDeps, actor: Actor, id: string): Promise<{ shift: ShiftDoc; station: StationDoc; roster: RosterDoc; replayed: boolean }> => {
  const shift = await loadShift(deps, id);
  const station = await loadStation(deps, shift.stationId);
  const community = await loadCommunity(deps, shift.communityId);
  await requireActiveRegistration(deps, actor.openid, community);
  const now = deps.clock.now();
  return deps.docs.transact(async (tx) => {
    const current = await tx.get<ShiftDoc>(C.shifts, id);
    if (!current) throw notFound();
    const roster = (await tx.get<RosterDoc>(C.rosters, actor.openid)) ?? { _id: actor.openid, items: [], updatedAt: now };
    if (isMember(current, actor.openid)) return { shift: current, station, roster, replayed: true };
    const problem = signUpProblem(current, roster, actor.openid, now, deps.config);
    if (problem) throw new DomainError(current.members.length >= current.capacity ? 'CONFLICT' : 'FAILED_PRECONDITION', problem, { shiftId: id });
    const members = [...current.members, { openid: actor.openid, name: actor.name, at: now }];
    await tx.update(C.shifts, id, { members, updatedAt: now });
    const next: RosterDoc = {
      _id: actor.openid,
      items: [...pruneRoster(roster.items, now), { shiftId: id, stationId: current.stationId, start: current.start, end: current.end }].sort((a, b) => a.start - b.start),
      ...(roster.cancelled ? { cancelled: roster.cancelled.filter((c) => c.shiftId !== id) } : {}),
      updatedAt: now,
    };
    await tx.put(C.rosters, next as unknown as RosterDoc & Record<string, unknown>);
    return { shift: { ...current, members, updatedAt: now }, station, roster: next, replayed: false };
  });
};

/**
 * Cancel a booking up to the cut-off. Cancelling is "make sure I am not on it": a retry
 * after success (the caller's roster remembers the shifts they cancelled) answers the shift
 * as it is. Anyone else — never on it, or an unknown openid — gets the same NOT_FOUND as a
 * shift that does not exist: the shift and its members' names are not theirs to see.
 */
export const cancelSignUp = async (deps: CheckinsDeps, actor: Actor, id: string): Promise<{ shift: ShiftDoc; station: StationDoc; roster: RosterDoc; replayed: boolean }> => {
  const shift = await loadShift(deps, id);
  const now = deps.clock.now();
  const result = await deps.docs.transact(async (tx) => {
    const current = await tx.get<ShiftDoc>(C.shifts, id);
    if (!current) throw notFound();
    const roster = (await tx.get<RosterDoc>(C.rosters, actor.openid)) ?? { _id: actor.openid, items: [], updatedAt: now };
    if (!isMember(current, actor.openid)) {
      if ((roster.cancelled ?? []).some((c) => c.shiftId === id)) return { shift: current, roster, replayed: true };
      throw notFound();
    }
    const problem = cancelProblem(current, actor.openid, now, deps.config);
    if (problem) throw new DomainError('FAILED_PRECONDITION', problem, { shiftId: id });
    const members = current.members.filter((m) => m.openid !== actor.openid);
    await tx.update(C.shifts, id, { members, updatedAt: now });
    const cancelled = [...(roster.cancelled ?? []).filter((c) => c.shiftId !== id && c.end > now - DAY_MS), { shiftId: id, end: current.end }].slice(-MAX_CANCELLED);
    const next: RosterDoc = { _id: actor.openid, items: pruneRoster(roster.items, now).filter((i) => i.shiftId !== id), cancelled, updatedAt: now };
    await tx.put(C.rosters, next as unknown as RosterDoc & Record<string, unknown>);
    return { shift: { ...current, members, updatedAt: now }, roster: next, replayed: false };
  });
  return { ...result, station: await loadStation(deps, shift.stationId) };
};

/** How many recent cancellations a roster remembers (so a retried cancel is recognised). */
const MAX_CANCELLED = 50;

/** The week of duty at a station for its secretary: every shift with its people, and the gaps. */
export const dutyWeek = async (deps: CheckinsDeps, actor: Actor, stationId: string, weekOf: string): Promise<DutyView> => {
  const station = await loadStation(deps, stationId);
  const community = await loadCommunity(deps, station.communityId);
  const weekStart = mondayOf(weekOf);
  const from = startOfLocalDay(weekStart);
  const shifts = await shiftsOfStation(deps, stationId, from, from + 7 * DAY_MS);
  const now = deps.clock.now();
  const manager = managesCommunity(actor, community);
  const days = Array.from({ length: 7 }, (_, i) => {
    const date = addDays(weekStart, i);
    const window = openingWindow(station, startOfLocalDay(date) + 12 * 3_600_000);
    const dayShifts = shifts.filter((s) => s.date === date);
    return {
      date,
      weekday: WEEKDAY_LABELS[localWeekday(startOfLocalDay(date))],
      closed: window === null,
      shifts: dayShifts.map((s) => shiftView(s, station, actor, now, deps.config, { manager })),
      uncovered: uncoveredIntervals(window, dayShifts),
    };
  });
  const gaps = shifts
    .filter((s) => s.members.length < s.capacity && s.end > now)
    .map((s) => ({ shiftId: s._id, date: s.date, weekday: WEEKDAY_LABELS[localWeekday(s.start)], startLabel: s.startLabel, endLabel: s.endLabel, missing: s.capacity - s.members.length }));
  const capacity = shifts.reduce((n, s) => n + s.capacity, 0);
  const filled = shifts.reduce((n, s) => n + Math.min(s.capacity, s.members.length), 0);
  return {
    station: stationView(station, community.name, now),
    weekStart,
    days,
    gaps,
    totals: { shifts: shifts.length, capacity, filled, missing: capacity - filled, uncoveredDays: days.filter((d) => d.uncovered.length > 0).length },
    keepers: isSecretaryOf(actor, community._id) ? (station.keepers ?? []).map(keeperView) : [],
  };
};

/** Plans a week of shifts at a station (secretary). Existing shifts keep their people; capacity never drops below them. */
export const planShifts = async (
  deps: CheckinsDeps,
  stationId: string,
  weekOf: string,
  slots: readonly { start: string; end: string; capacity: number }[],
  weekdays?: readonly number[],
): Promise<ShiftDoc[]> => {
  const station = await loadStation(deps, stationId);
  for (const slot of slots) {
    if (clockMinutes(slot.end) <= clockMinutes(slot.start)) throw new DomainError('INVALID_ARGUMENT', `班次结束时间应晚于开始时间（${slot.start}–${slot.end}）`);
    if (slot.start < station.openingHours.open || slot.end > station.openingHours.close) {
      throw new DomainError('INVALID_ARGUMENT', `班次应在驿站开放时间内（${hoursLabel(station)}）`);
    }
  }
  const sorted = [...slots].sort((a, b) => clockMinutes(a.start) - clockMinutes(b.start));
  for (let i = 1; i < sorted.length; i++) {
    if (clockMinutes(sorted[i].start) < clockMinutes(sorted[i - 1].end)) throw new DomainError('INVALID_ARGUMENT', '班次时间不能重叠');
  }
  const now = deps.clock.now();
  const weekStart = mondayOf(weekOf);
  const planned: ShiftDoc[] = [];
  for (let i = 0; i < 7; i++) {
    const date = addDays(weekStart, i);
    if (weekdays && !weekdays.includes(localWeekday(startOfLocalDay(date)))) continue;
    if ((station.openingHours.closedDates ?? []).includes(date)) continue;
    for (const slot of sorted) {
      const start = atLocal(date, slot.start);
      if (start <= now) continue;
      planned.push({
        _id: shiftId(station._id, date, slot.start),
        stationId: station._id,
        communityId: station.communityId,
        date,
        start,
        end: atLocal(date, slot.end),
        startLabel: slot.start,
        endLabel: slot.end,
        capacity: slot.capacity,
        members: [],
        updatedAt: now,
      });
    }
  }
  const out: ShiftDoc[] = [];
  for (const shift of planned) {
    out.push(
      await deps.docs.transact(async (tx) => {
        const existing = await tx.get<ShiftDoc>(C.shifts, shift._id);
        if (!existing) {
          await tx.insert(C.shifts, shift as unknown as ShiftDoc & Record<string, unknown>);
          return shift;
        }
        const capacity = Math.max(shift.capacity, existing.members.length);
        await tx.update(C.shifts, shift._id, { capacity, updatedAt: now });
        return { ...existing, capacity, updatedAt: now };
      }),
    );
  }
  return out;
};

