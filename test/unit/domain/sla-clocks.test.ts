import { breach, dueNow, headlineClock, matchPolicy, meet, nextWakeAt, pause, resume, SLA_TEMPLATES, startClock, stopAll } from '../../../domain/sla/clocks';

const at = (local: string) => Date.parse(`${local}+08:00`);
const subject = (over: Partial<Parameters<typeof matchPolicy>[1]> = {}) => ({ category: 'repair', kind: 'service' as const, priority: 'normal' as const, orgPath: ['d-wc'], ...over });
const MIN = 60_000;

describe('SLA templates from the field', () => {
  it('match by priority, category and kind; 15-30-24 is the default', () => {
    expect(matchPolicy(SLA_TEMPLATES, subject({ priority: 'emergency' }))?._id).toBe('sla-54321-emergency');
    expect(matchPolicy(SLA_TEMPLATES, subject({ category: 'dispute' }))?._id).toBe('sla-54321-complex');
    expect(matchPolicy(SLA_TEMPLATES, subject({ category: 'policy' }))?._id).toBe('sla-54321-special');
    expect(matchPolicy(SLA_TEMPLATES, subject({ priority: 'urgent' }))?._id).toBe('sla-54321-serious');
    expect(matchPolicy(SLA_TEMPLATES, subject({ kind: 'wish', category: 'wish' }))?._id).toBe('sla-1-4-wish');
    expect(matchPolicy(SLA_TEMPLATES, subject())?._id).toBe('sla-15-30-24');
  });

  it.each([
    ['sla-54321-emergency', 'respond', 5],
    ['sla-54321-emergency', 'resolve', 40],
    ['sla-54321-serious', 'resolve', 180],
    ['sla-54321-complex', 'resolve', 2880],
    ['sla-54321-special', 'respond', 1440],
    ['sla-15-30-24', 'respond', 15],
    ['sla-15-30-24', 'reply', 30],
    ['sla-15-30-24', 'resolve', 1440],
    ['sla-1-4-wish', 'dispatch', 60],
    ['sla-1-4-wish', 'respond', 240],
  ] as const)('%s %s clock = %d minutes', (id, kind, minutes) => {
    const policy = SLA_TEMPLATES.find((p) => p._id === id)!;
    const start = at('2026-03-02T10:00');
    const clock = startClock(policy, kind, 'grid', start)!;
    expect(clock.budgetMinutes).toBe(minutes);
    if (policy.calendar.kind === '24x7') expect(clock.dueAt - start).toBe(minutes * MIN);
  });

  it('the 1-4 wish clock counts working hours only (Friday evening → Monday)', () => {
    const policy = SLA_TEMPLATES.find((p) => p._id === 'sla-1-4-wish')!;
    const clock = startClock(policy, 'respond', 'community', at('2026-03-06T16:30'))!;
    expect(clock.dueAt).toBe(at('2026-03-09T11:30'));
  });
});

describe('clocks', () => {
  const policy = SLA_TEMPLATES.find((p) => p._id === 'sla-15-30-24')!;
  const t0 = at('2026-03-02T10:00');
  // The reply clock (30 min) and the resolve clock (24 h) of 15-30-24.
  const clocks = [startClock(policy, 'reply', 'grid', t0)!, startClock(policy, 'resolve', 'grid', t0)!];

  it('remind at 80%, breach at 100%, wake for the earliest', () => {
    expect(nextWakeAt(clocks)).toBe(t0 + 24 * MIN);
    expect(dueNow(clocks, t0 + 24 * MIN)).toMatchObject({ breached: [], remind: [{ kind: 'reply' }] });
    expect(dueNow(clocks, t0 + 30 * MIN).breached.map((c) => c.kind)).toEqual(['reply']);
  });

  it('met clocks stop; breached clocks record when; stopAll ends a level', () => {
    const met = meet(clocks, 'reply', t0 + 10 * MIN);
    expect(met[0].metAt).toBe(t0 + 10 * MIN);
    expect(nextWakeAt(met)).toBe(met[1].remindAt);
    const late = breach(clocks, [clocks[0]], t0 + 31 * MIN);
    expect(late[0].breachedAt).toBe(t0 + 30 * MIN);
    expect(stopAll(late, t0 + 40 * MIN).every((c) => c.metAt !== null || c.breachedAt !== null || c.stoppedAt !== null)).toBe(true);
    expect(nextWakeAt(stopAll(clocks, t0))).toBeNull();
  });

  it('pause and resume: waiting on the resident moves the due time out by the pause', () => {
    const paused = pause(clocks, 'resolve', t0 + 60 * MIN);
    expect(nextWakeAt(paused)).toBe(clocks[0].remindAt);
    expect(dueNow(paused, t0 + 48 * 60 * MIN).breached.map((c) => c.kind)).toEqual(['reply']);
    const resumed = resume(paused, 'resolve', t0 + 180 * MIN);
    expect(resumed[1].pausedMinutes).toBe(120);
    expect(resumed[1].dueAt).toBe(clocks[1].dueAt + 120 * MIN);
    expect(headlineClock(meet(resumed, 'reply', t0))?.kind).toBe('resolve');
  });
});
