import { type CheckinsDeps, DEFAULT_CHECKINS_CONFIG } from '../../../domain/checkins/deps';
import type { Clock } from '../../../domain/ports/clock';
import type { IdGen } from '../../../domain/ports/ids';
import { sdkNotifier } from '../notifier';
import type { Db } from '../platform';
import { sceneSigner } from '../scene-signer';
import { sdkDocuments } from './checkin-documents';
import { ensureStationSigner, stationSigner } from './checkin-station-keys';
import { sdkEarningRules } from './ledger-rules';
import { sdkOrgRepo } from './org-repo';

/** The check-in / points use cases' dependencies over wx-server-sdk (the `checkins` and `sweep` functions, and order credits). */
export const sdkCheckinsDeps = (db: Db, clock: Clock, ids: IdGen): CheckinsDeps => {
  let rules: ReturnType<typeof sdkEarningRules> | undefined;
  return {
    docs: sdkDocuments(db),
    orgs: sdkOrgRepo(db),
    clock,
    ids,
    notifier: sdkNotifier(db, ids, clock.now),
    sceneSigner: () => sceneSigner(),
    stationSigner: (stationId) => stationSigner(db, stationId),
    ensureStationSigner: (stationId) => ensureStationSigner(db, stationId),
    rules: () => (rules ??= sdkEarningRules(db)),
    config: DEFAULT_CHECKINS_CONFIG,
  };
};
