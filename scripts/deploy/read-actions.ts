import { addDays, localDate, localMonth, mondayOf } from '../../domain/time/beijing';

/**
 * Every list / dashboard read of the app, as the person who opens it: the reads the
 * query-discipline test runs on a district-scale store and the deploy dry run runs for
 * index coverage. Ids are the demo district's (kept by the generated district).
 */
export interface ReadCall {
  fn: 'orders' | 'checkins' | 'scoring' | 'org';
  action: string;
  payload: Record<string, unknown>;
  openid: string;
}

export const readCalls = (nowMs: number): ReadCall[] => {
  const today = localDate(nowMs);
  const month = localMonth(nowMs);
  const from = addDays(today, -30);
  const yearAgo = addDays(today, -364);
  const weekOf = mondayOf(today);
  const calls: ReadCall[] = [];
  const add = (openid: string, fn: ReadCall['fn'], action: string, payload: Record<string, unknown> = {}) => calls.push({ fn, action, payload, openid });

  // Residents and volunteers.
  for (const who of ['demo-resident', 'demo-volunteer']) {
    add(who, 'org', 'whoami');
    add(who, 'org', 'inbox', { limit: 20 });
    add(who, 'org', 'categories');
    add(who, 'orders', 'list', { box: 'mine' });
    add(who, 'orders', 'list', { box: 'mine', status: 'active' });
    add(who, 'orders', 'list', { box: 'mine', status: 'done' });
    add(who, 'checkins', 'me');
  }
  add('demo-volunteer', 'checkins', 'points', { limit: 20 });
  add('demo-volunteer', 'checkins', 'rewards');
  add('demo-volunteer', 'checkins', 'stations', { communityId: 'c-wh' });
  add('demo-volunteer', 'checkins', 'shifts', { stationId: 'st-wh', days: 14 });

  // Handlers: grid worker, department, street, district.
  for (const [who, boxes] of [
    ['demo-grid-worker', ['todo', 'org', 'overdue', 'mine']],
    ['demo-department', ['todo']],
    ['demo-street-admin', ['todo', 'org', 'overdue']],
    ['demo-district-admin', ['todo', 'org', 'overdue']],
    ['demo-secretary', ['todo', 'org', 'overdue']],
  ] as const) {
    for (const box of boxes) {
      add(who, 'orders', 'list', { box });
      add(who, 'orders', 'list', { box, status: 'active' });
    }
    if (who !== 'demo-department') {
      // A department has no area of its own: only its 待办 (what is queued to it).
      add(who, 'orders', 'list', { box: 'org', status: 'done' });
      add(who, 'orders', 'list', { box: 'org', status: 'to_rate' });
    }
    add(who, 'org', 'inbox', { limit: 20 });
    add(who, 'org', 'tree', { depth: 2 });
  }
  add('demo-grid-worker', 'scoring', 'visits', { box: 'todo' });
  add('demo-grid-worker', 'scoring', 'visits', { box: 'overdue' });
  add('demo-secretary', 'scoring', 'visits', { box: 'todo' });
  add('demo-secretary', 'org', 'handlers', { orgId: 'c-wh' });

  // The secretary's community management.
  add('demo-secretary', 'checkins', 'registrations', { communityId: 'c-wh' });
  add('demo-secretary', 'checkins', 'registrations', { communityId: 'c-wh', status: 'pending' });
  add('demo-secretary', 'checkins', 'sessions', { communityId: 'c-wh' });
  add('demo-secretary', 'checkins', 'sessions', { communityId: 'c-wh', status: 'auto_closed' });
  add('demo-secretary', 'checkins', 'monthlyReport', { communityId: 'c-wh', month });
  add('demo-secretary', 'checkins', 'duty', { stationId: 'st-wh', weekOf });
  add('demo-secretary', 'checkins', 'redemptions', { communityId: 'c-wh' });
  add('demo-secretary', 'checkins', 'redemptions', { communityId: 'c-wh', status: 'pending' });

  // Scores and dashboards at every level, for a month and for a year.
  for (const [who, orgId] of [
    ['demo-secretary', 'c-wh'],
    ['demo-street-admin', 's-wy'],
    ['demo-district-admin', 'd-wc'],
  ] as const) {
    for (const start of [from, yearAgo]) {
      add(who, 'scoring', 'scores', { orgId, from: start, to: today });
      add(who, 'scoring', 'ranking', { orgId, from: start, to: today });
      add(who, 'scoring', 'dashboard', { orgId, from: start, to: today });
    }
    add(who, 'scoring', 'evidence', { orgId, metric: 'late', from, to: today });
    add(who, 'scoring', 'export', { kind: 'orders', orgId, from, to: today });
    add(who, 'scoring', 'export', { kind: 'ratings', orgId, from, to: today });
    add(who, 'scoring', 'export', { kind: 'visits', orgId, from, to: today });
    add(who, 'scoring', 'reviews', { orgId });
  }
  add('demo-district-admin', 'org', 'config', { kind: 'routing_rules' });
  add('demo-district-admin', 'org', 'config', { kind: 'sla_policies' });
  return calls;
};
