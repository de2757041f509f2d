import { isSecretaryOf } from '../authz/grants';
import { requireSeparate } from '../authz/duties';
import { DomainError } from '../model/envelope';
import { C } from '../points/ports';
import { type Actor, type CheckinsDeps, loadCommunity } from './deps';
import { isActingKeeper, seesCommunity } from './keepers';
import type { OpenSessionDoc, StationDoc } from './model';
import { notFound } from './not-found';
import { loadStation, shiftsOfStation } from './shifts';
import { DAY_MS, localDate, startOfLocalDay } from '../time/beijing';
import { encodeCheckinCode, type IssuedToken, issueToken } from './token';

/** The station's duty screen: who may open it and the rotating code it shows. */

/**
 * The duty screen's rotating token. It is opened by the community's secretary or a station
 * keeper the secretary named (still staff or an active member of the community), never by
 * someone who would check in with it: whoever is on this station's rota today, or checked
 * in here, is refused (show_duty_code). Anyone else who can see the station (a volunteer,
 * staff of the community) is FORBIDDEN; the rest get NOT_FOUND, like a station that does
 * not exist. Creates the station key on first use.
 */
export const dutyScreenToken = async (
  deps: CheckinsDeps,
  actor: Actor,
  stationId: string,
): Promise<{ station: StationDoc; token: IssuedToken; code: string }> => {
  const station = await loadStation(deps, stationId);
  const community = await loadCommunity(deps, station.communityId);
  const now = deps.clock.now();
  const secretary = isSecretaryOf(actor, community._id);
  const keeper = !secretary && (await isActingKeeper(deps, station, community, actor.openid));
  if (!secretary && !keeper) {
    if (await seesCommunity(deps, actor, community)) throw new DomainError('FORBIDDEN', DUTY_SCREEN_REFUSAL);
    throw notFound();
  }
  requireSeparate('show_duty_code', actor.openid, await onDutyToday(deps, station, actor.openid, now));
  const token = issueToken(await deps.ensureStationSigner(station._id), station._id, now);
  return { station, token, code: encodeCheckinCode(station._id, token.token) };
};

export const DUTY_SCREEN_REFUSAL = '值班屏只能由社区书记或本驿站的站点管理员打开';

/** The people who would check in at this station today: its rota for the day, and the caller if checked in here. */
export const onDutyToday = async (deps: CheckinsDeps, station: StationDoc, openid: string, now: number): Promise<string[]> => {
  const from = startOfLocalDay(localDate(now));
  const [shifts, lock] = await Promise.all([shiftsOfStation(deps, station._id, from, from + DAY_MS), deps.docs.get<OpenSessionDoc>(C.open, openid)]);
  const people = shifts.flatMap((s) => s.members.map((m) => m.openid));
  if (lock?.stationId === station._id) people.push(openid);
  return [...new Set(people)];
};
