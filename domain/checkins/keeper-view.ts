import type { KeeperView } from './api';
import type { StationKeeper } from './model';

export const KEEPER_AS_LABELS: Record<StationKeeper['as'], string> = { staff: '社区工作人员', member: '报到党员' };

/** A station keeper as the secretary sees them: no openid, named by the record's id. */
export const keeperView = (k: StationKeeper): KeeperView => ({
  id: k.id,
  name: k.name,
  as: k.as,
  asLabel: KEEPER_AS_LABELS[k.as],
  grantedBy: k.grantedBy.name,
  at: k.at,
});
