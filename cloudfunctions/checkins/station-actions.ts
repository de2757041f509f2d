import QRCode from 'qrcode';
import { dutyInput, grantKeeperInput, revokeKeeperInput, planShiftsInput, shiftIdInput, shiftsInput, stationIdInput, stationsInput, type KeepersView, type StationPosterView, type StationTokenView } from '../../domain/checkins/api';
import { loadCommunity, managesCommunity } from '../../domain/checkins/deps';
import type { RosterDoc } from '../../domain/checkins/model';
import { grantKeeper, revokeKeeper } from '../../domain/checkins/keepers';
import { dutyScreenToken } from '../../domain/checkins/duty-screen';
import { cancelSignUp, dutyWeek, loadStation, planShifts, shiftsOfStation, shiftView, signUp, stationView } from '../../domain/checkins/shifts';
import { DAY_MS, localDate, startOfLocalDay } from '../../domain/time/beijing';
import { C } from '../../domain/points/ports';
import { encodeScene } from '../../domain/qr/scene';
import { defineAction } from '../_shared/dispatch';
import { qrImageFor } from '../_shared/qr-image';
import { depsOf, stationTarget, stationsOf } from './shared';

/** Stations and rotas: stations, shifts and sign-ups, the duty screen and its keepers, posters. */
export const stationActions = {
  stations: defineAction({
    policy: 'checkins.stations',
    input: stationsInput,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const stations = await stationsOf(deps, input.communityId);
      const communities = await deps.orgs.getMany([...new Set(stations.map((s) => s.communityId))]);
      const now = ctx.clock.now();
      return stations.map((s) => stationView(s, communities.find((c) => c._id === s.communityId)?.name ?? '', now));
    },
  }),
  shifts: defineAction({
    policy: 'checkins.shifts',
    input: shiftsInput,
    target: stationTarget,
    hideForbidden: true,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const station = await loadStation(deps, input.stationId);
      const community = await loadCommunity(deps, station.communityId);
      const now = ctx.clock.now();
      const from = startOfLocalDay(input.from ?? localDate(now));
      const shifts = await shiftsOfStation(deps, station._id, from, from + (input.days ?? 7) * DAY_MS);
      const roster = await deps.docs.get<RosterDoc>(C.rosters, ctx.openid);
      const manager = managesCommunity(ctx, community);
      return shifts.map((s) => shiftView(s, station, ctx, now, deps.config, { roster, manager }));
    },
  }),
  signUp: defineAction({
    policy: 'checkins.signUp',
    input: shiftIdInput,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const { shift, station, roster } = await signUp(deps, ctx, input.shiftId);
      return shiftView(shift, station, ctx, ctx.clock.now(), deps.config, { roster });
    },
  }),
  cancelSignUp: defineAction({
    policy: 'checkins.cancelSignUp',
    input: shiftIdInput,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      const { shift, station, roster } = await cancelSignUp(deps, ctx, input.shiftId);
      return shiftView(shift, station, ctx, ctx.clock.now(), deps.config, { roster });
    },
  }),
  duty: defineAction({
    policy: 'checkins.duty',
    input: dutyInput,
    target: stationTarget,
    hideForbidden: true,
    run: (ctx, input) => dutyWeek(depsOf(ctx), ctx, input.stationId, input.weekOf),
  }),
  planShifts: defineAction({
    policy: 'checkins.planShifts',
    input: planShiftsInput,
    target: stationTarget,
    hideForbidden: true,
    async run(ctx, input) {
      const deps = depsOf(ctx);
      await planShifts(deps, input.stationId, input.weekOf, input.slots, input.weekdays);
      return dutyWeek(deps, ctx, input.stationId, input.weekOf);
    },
  }),
  // Who may open the duty screen is the domain's rule (secretary or station keeper, never someone on today's rota).
  stationToken: defineAction({
    policy: 'checkins.stationToken',
    input: stationIdInput,
    async run(ctx, input): Promise<StationTokenView> {
      const { station, token, code } = await dutyScreenToken(depsOf(ctx), ctx, input.stationId);
      return {
        stationId: station._id,
        stationName: station.name,
        token: token.token,
        code,
        image: await QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: 360 }),
        refreshAt: token.refreshAt,
        expiresAt: token.expiresAt,
        serverNow: ctx.clock.now(),
      };
    },
  }),
  stationPoster: defineAction({
    policy: 'checkins.stationPoster',
    input: stationIdInput,
    target: stationTarget,
    hideForbidden: true,
    async run(ctx, input): Promise<StationPosterView> {
      const deps = depsOf(ctx);
      const station = await loadStation(deps, input.stationId);
      const community = await loadCommunity(deps, station.communityId);
      const scene = encodeScene({ kind: 'station', id: station._id }, await deps.sceneSigner());
      const { image, url } = await qrImageFor(scene);
      return { station: stationView(station, community.name, ctx.clock.now()), scene, image, url };
    },
  }),
  grantKeeper: defineAction({
    policy: 'checkins.setKeeper',
    input: grantKeeperInput,
    target: stationTarget,
    hideForbidden: true,
    run: (ctx, input): Promise<KeepersView> => grantKeeper(depsOf(ctx), ctx, input.stationId, input),
  }),
  revokeKeeper: defineAction({
    policy: 'checkins.setKeeper',
    input: revokeKeeperInput,
    target: stationTarget,
    hideForbidden: true,
    run: (ctx, input): Promise<KeepersView> => revokeKeeper(depsOf(ctx), ctx, input.stationId, input.keeperId),
  }),
};
