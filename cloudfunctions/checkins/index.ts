import { createMain } from '../_shared/dispatch';
import { pointsActions } from './points-actions';
import { registrationActions } from './registration-actions';
import { sessionActions } from './session-actions';
import { stationActions } from './station-actions';

/**
 * Volunteer check-ins: 双报到, stations and rotas, sign-in/out, points. Each group of actions
 * lives in its own file; what they share is in ./shared.ts.
 */
const actions = {
  ...registrationActions,
  ...stationActions,
  ...sessionActions,
  ...pointsActions,
};

export const main = createMain('checkins', actions);
