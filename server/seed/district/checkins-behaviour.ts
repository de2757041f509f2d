import { shiftId } from '../../../domain/checkins/shifts';
import { addDays, atLocal, localDate, mondayOf } from '../../../domain/time/beijing';
import { account } from '../../../domain/points/ledger';
import type { Agenda } from './agenda';
import type { Executor } from './executor';
import type { OrgTree } from './org-tree';
import type { PartyMember, People } from './people';
import type { Rng } from './random';
import { DAY, duringWork, HOUR } from './timeline';

/**
 * 双报到 and red-station service over the simulated period, through the executor: party
 * members apply in their home community and the secretary decides; secretaries plan a
 * rota of three shifts a day at their station; members serve about as often as their
 * habit says (the field's rule is twice a month), some on booked shifts, most as
 * walk-ins, checking in with the duty screen's rotating code and checking out (a few
 * forget: the sweep closes the session at 20:00 and the secretary confirms the time);
 * points earned are sometimes redeemed for the community's rewards.
 */

const MINUTE = 60_000;
const SLOTS = [
  { start: '08:00', end: '12:00', capacity: 2 },
  { start: '12:00', end: '16:00', capacity: 2 },
  { start: '16:00', end: '20:00', capacity: 2 },
] as const;

export interface CheckinsStats {
  registered: number;
  approved: number;
  sessions: number;
  calls: number;
  refused: Record<string, number>;
}

export interface CheckinsWorld {
  ex: Executor;
  agenda: Agenda;
  tree: OrgTree;
  people: People;
  volunteers: Map<string, string[]>;
  startMs: number;
  endMs: number;
  stats: CheckinsStats;
}

export class CheckinsBehaviour {
  private readonly stationOf = new Map<string, { id: string; lat: number; lng: number }>();
  /** Weeks (Monday dates) with a planned rota, per station. */
  private readonly planned = new Set<string>();

  constructor(private readonly w: CheckinsWorld) {
    for (const c of w.tree.communities) {
      const station = w.tree.stations.find((s) => s.communityId === c.id);
      if (station) {
        const fence = station.fence as { lat: number; lng: number };
        this.stationOf.set(c.id, { id: station._id, lat: fence.lat, lng: fence.lng });
      }
    }
  }

  private at(when: number, run: () => Promise<void>): void {
    if (when <= this.w.endMs && when >= this.w.startMs) this.w.agenda.add(when, run);
  }

  private async call(action: string, payload: unknown, openid: string, key?: string) {
    this.w.stats.calls++;
    const res = await this.w.ex.call('checkins', action, payload, openid, key);
    if (!res.ok) {
      const k = `checkins.${action}:${res.error?.code ?? '?'}`;
      this.w.stats.refused[k] = (this.w.stats.refused[k] ?? 0) + 1;
    }
    return res;
  }

  /** Rotas: each station plans the weeks near the end of the period (the last six and the next one). */
  scheduleRotas(rng: Rng): void {
    const { startMs, endMs } = this.w;
    const lastMonday = mondayOf(localDate(endMs));
    for (let k = -6; k <= 1; k++) {
      const weekOf = addDays(lastMonday, 7 * k);
      const friday = atLocal(addDays(weekOf, -3), '10:00');
      const when = Math.min(friday, endMs - HOUR);
      if (when < startMs) continue;
      for (const c of this.w.tree.communities) {
        const station = this.stationOf.get(c.id);
        if (!station) continue;
        this.planned.add(`${station.id}|${weekOf}`);
        const secretary = this.w.people.secretary.get(c.id)!;
        this.at(when + rng.int(0, 120) * MINUTE, async () => {
          await this.call('planShifts', { stationId: station.id, weekOf, slots: SLOTS.map((s) => ({ ...s })) }, secretary);
        });
      }
    }
  }

  /** One member's year: the application, the secretary's decision, then services. */
  scheduleMember(m: PartyMember, rng: Rng, late: boolean): void {
    const { startMs, endMs } = this.w;
    const appliedAt = late ? endMs - rng.int(1, 10) * DAY + rng.int(0, 600) * MINUTE : startMs + rng.int(0, 4 * 24 * 60) * MINUTE;
    this.at(appliedAt, async () => {
      const res = await this.call(
        'register',
        {
          communityId: m.communityId,
          name: m.name,
          phone: m.phone,
          workUnit: m.workUnit,
          partyBranch: m.partyBranch,
          skills: m.skills,
          availability: [rng.pick(['weekday_evening', 'weekend', 'weekday_daytime', 'holiday'] as const)],
        },
        m.openid,
      );
      if (!res.ok) return;
      this.w.stats.registered++;
      if (late && rng.chance(0.7)) return; // still waiting for the secretary
      const secretary = this.w.people.secretary.get(m.communityId)!;
      const decideAt = duringWork(appliedAt + rng.logNormal(1, 0.6) * DAY, rng);
      this.at(decideAt, async () => {
        const id = typeof res.data === 'string' ? res.data : String((res.data as { id?: unknown }).id); // the function answers the view, the generator's world the id
        if (rng.chance(0.04)) {
          await this.call('reject', { id, reason: '经核实不是本社区常住居民，请到居住地社区报到' }, secretary);
          return;
        }
        const ok = await this.call('approve', { id }, secretary);
        if (!ok.ok) return;
        this.w.stats.approved++;
        const list = this.w.volunteers.get(m.communityId) ?? [];
        list.push(m.openid);
        this.w.volunteers.set(m.communityId, list);
        this.scheduleServices(m, rng, this.w.ex.now());
      });
    });
  }

  private scheduleServices(m: PartyMember, rng: Rng, fromMs: number): void {
    if (m.monthlyRate <= 0) return;
    const station = this.stationOf.get(m.communityId);
    if (!station) return;
    const span = this.w.endMs - fromMs;
    const expected = (m.monthlyRate * span) / (30 * DAY);
    const count = Math.floor(expected) + (rng.chance(expected - Math.floor(expected)) ? 1 : 0);
    const days = new Set<string>();
    for (let n = 0; n < count; n++) {
      const day = localDate(fromMs + DAY + Math.floor(rng.next() * Math.max(DAY, span - DAY)));
      if (days.has(day)) continue;
      days.add(day);
      const booked = this.planned.has(`${station.id}|${mondayOf(day)}`) && rng.chance(0.4);
      if (booked) this.bookedService(m, rng, station, day, n);
      else {
        const start = atLocal(day, '08:30') + rng.int(0, 8 * 60) * MINUTE;
        const minutes = Math.max(40, Math.min(300, Math.round(rng.logNormal(140, 0.4))));
        this.service(m, rng, station, start, Math.min(start + minutes * MINUTE, atLocal(day, '19:50')), n);
      }
    }
  }

  private bookedService(m: PartyMember, rng: Rng, station: { id: string; lat: number; lng: number }, day: string, n: number): void {
    const slot = rng.pick(SLOTS);
    const id = shiftId(station.id, day, slot.start);
    const start = atLocal(day, slot.start);
    this.at(start - rng.int(24, 72) * HOUR, async () => {
      const res = await this.call('signUp', { shiftId: id }, m.openid);
      if (!res.ok) return; // full or not planned: no service that day
      this.service(m, rng, station, start - rng.int(5, 40) * MINUTE, atLocal(day, slot.end) - rng.int(-10, 20) * MINUTE, n);
    });
  }

  private service(m: PartyMember, rng: Rng, station: { id: string; lat: number; lng: number }, start: number, end: number, n: number): void {
    const secretary = this.w.people.secretary.get(m.communityId)!;
    const forget = rng.chance(0.04);
    this.at(start, async () => {
      const token = await this.call('stationToken', { stationId: station.id }, secretary);
      if (!token.ok) return;
      const location = { lat: station.lat + (rng.next() - 0.5) * 0.0006, lng: station.lng + (rng.next() - 0.5) * 0.0006, accuracy: rng.int(8, 35) };
      const res = await this.call('checkIn', { stationId: station.id, token: token.data.token, location }, m.openid, `ci-${m.openid}-${n}`);
      if (!res.ok) return;
      this.w.stats.sessions++;
      if (forget) {
        // Forgotten sign-out: the sweep closes it at 20:00; the secretary confirms the time the next working day.
        const sessionId = this.w.ex.idFor('ses', m.openid, `ci-${m.openid}-${n}`);
        if (rng.chance(0.7)) {
          this.at(duringWork(atLocal(localDate(start), '20:00') + rng.int(12, 40) * HOUR, rng), async () => {
            // The secretary confirms what the member says they served, within what the session allows.
            const cap = (this.w.ex.read('checkin_sessions', sessionId) as { creditableMinutes?: number | null } | undefined)?.creditableMinutes ?? 0;
            await this.call('confirmSession', { id: sessionId, minutes: Math.min(cap, Math.round((end - start) / MINUTE)) }, secretary);
          });
        }
        return;
      }
      this.at(end, async () => {
        await this.call('checkOut', { location }, m.openid, `co-${m.openid}-${n}`);
        if (rng.chance(0.06)) this.maybeRedeem(m, rng);
      });
    });
  }

  private maybeRedeem(m: PartyMember, rng: Rng): void {
    const balance = (this.w.ex.read('ledger_balances', account.member(m.openid)) as { balance?: number } | undefined)?.balance ?? 0;
    const short = m.communityId.slice(2);
    const reward = balance >= 100 ? `rw-${short}-market` : balance >= 60 ? `rw-${short}-haircut` : undefined;
    if (!reward || !this.w.ex.read('rewards', reward)) return;
    const key = `rd-${m.openid}-${Math.floor(this.w.ex.now() / DAY)}`;
    this.at(this.w.ex.now() + rng.int(1, 48) * HOUR, async () => {
      const res = await this.call('redeem', { rewardId: reward }, m.openid, key);
      if (!res.ok) return;
      const id = this.w.ex.idFor('rdm', m.openid, key);
      const secretary = this.w.people.secretary.get(m.communityId)!;
      this.at(duringWork(this.w.ex.now() + rng.logNormal(1, 0.5) * DAY, rng), async () => {
        await this.call('approveRedemption', { id }, secretary);
      });
    });
  }
}
