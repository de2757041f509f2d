import { createMain } from '../_shared/dispatch';
import { dashboardActions } from './dashboard-actions';
import { reportActions } from './report-actions';
import { reviewActions } from './review-actions';
import { scoreActions } from './score-actions';
import { visitActions } from './visit-actions';

/**
 * Satisfaction scoring: return visits, scores and rankings, dashboards, evidence,
 * exports and the half-year review. Each group of actions lives in its own file.
 */
const actions = {
  ...visitActions,
  ...scoreActions,
  ...dashboardActions,
  ...reportActions,
  ...reviewActions,
};

export const main = createMain('scoring', actions);
