import { chooseHandler, decideRoute, DEFAULT_ROUTING_RULES, matchRule, type HandlerCandidate, type RoutableOrder, type RoutingContext } from '../../../domain/orders/routing';

const order = (over: Partial<RoutableOrder> = {}): RoutableOrder => ({
  category: 'repair',
  kind: 'service',
  priority: 'normal',
  orgPath: ['d-wc', 's-wy', 'c-wh', 'g-wh-1', 'b-wh-1-1'],
  localHour: 10,
  ...over,
});
const person = (openid: string, over: Partial<HandlerCandidate> = {}): HandlerCandidate => ({
  openid,
  name: openid,
  role: 'grid_worker',
  skills: [],
  openLoad: 0,
  lastAssignedAt: 0,
  ...over,
});
const ctx = (over: Partial<RoutingContext> = {}): RoutingContext => ({
  communityId: 'c-wh',
  communityName: '文汇',
  gridId: 'g-wh-1',
  gridWorkers: [person('a')],
  department: { id: 'dep-zj', name: '区住建局' },
  responders: [person('a'), person('v', { role: 'volunteer' })],
  ...over,
});

describe('routing rules (data, first match by order)', () => {
  it('the default rules route each kind of order where the field says', () => {
    expect(matchRule(DEFAULT_ROUTING_RULES, order())?._id).toBe('rule-default');
    expect(matchRule(DEFAULT_ROUTING_RULES, order({ kind: 'emergency', category: 'emergency' }))?._id).toBe('rule-emergency');
    expect(matchRule(DEFAULT_ROUTING_RULES, order({ priority: 'emergency' }))?._id).toBe('rule-emergency-priority');
    expect(matchRule(DEFAULT_ROUTING_RULES, order({ kind: 'wish', category: 'wish' }))?._id).toBe('rule-wish');
    expect(matchRule(DEFAULT_ROUTING_RULES, order({ category: 'property' }))?._id).toBe('rule-property');
    expect(matchRule(DEFAULT_ROUTING_RULES, order({ category: 'dispute' }))?._id).toBe('rule-dispute');
  });

  it('disabled rules, org subtrees and night hours are honoured', () => {
    const rules = [
      { ...DEFAULT_ROUTING_RULES[5] },
      { _id: 'night', name: '夜间', order: 1, enabled: true, match: { hours: [22, 7] as [number, number] }, target: { type: 'community_queue' as const } },
      { _id: 'ms-only', name: '民生', order: 2, enabled: true, match: { orgId: 'c-ms' }, target: { type: 'community_queue' as const } },
      { _id: 'off', name: '停用', order: 0, enabled: false, match: {}, target: { type: 'community_queue' as const } },
    ];
    expect(matchRule(rules, order({ localHour: 23 }))?._id).toBe('night');
    expect(matchRule(rules, order({ localHour: 3 }))?._id).toBe('night');
    expect(matchRule(rules, order({ localHour: 12 }))?._id).toBe('rule-default');
    expect(matchRule(rules, order({ orgPath: ['d-wc', 's-wy', 'c-ms'] }))?._id).toBe('ms-only');
    expect(matchRule([rules[3]], order())).toBeUndefined();
  });
});

describe('choosing a handler: skills, then least load, then round-robin', () => {
  it('prefers a skilled person even with more load', () => {
    const pick = chooseHandler([person('a', { openLoad: 0 }), person('b', { openLoad: 3, skills: ['repair'] })], 'repair');
    expect(pick?.chosen.openid).toBe('b');
    expect(pick?.why).toContain('擅长');
  });

  it('then the least loaded, then whoever waited longest since their last order', () => {
    expect(chooseHandler([person('a', { openLoad: 2 }), person('b', { openLoad: 1 })], 'repair')?.chosen.openid).toBe('b');
    expect(chooseHandler([person('a', { lastAssignedAt: 50 }), person('b', { lastAssignedAt: 10 })], 'repair')?.chosen.openid).toBe('b');
    expect(chooseHandler([], 'repair')).toBeUndefined();
  });

  it('round-robin: assigning in turn spreads orders evenly', () => {
    const people = [person('a'), person('b'), person('c')];
    const counts = new Map<string, number>();
    for (let t = 1; t <= 9; t++) {
      const { chosen } = chooseHandler(people, 'repair')!;
      chosen.lastAssignedAt = t;
      counts.set(chosen.openid, (counts.get(chosen.openid) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([3, 3, 3]);
  });
});

describe('decideRoute', () => {
  const rule = (type: (typeof DEFAULT_ROUTING_RULES)[number]['target']['type'], approval = false) => ({
    _id: 'r',
    name: '测试规则',
    order: 1,
    enabled: true,
    match: {},
    target: { type, approval },
  });

  it('grid worker of the grid, explained; falls back to the community queue when the grid has none', () => {
    const d = decideRoute(rule('grid_worker'), order(), ctx());
    expect(d.assignee).toEqual({ kind: 'user', openid: 'a', name: 'a', role: 'grid_worker' });
    expect(d.explanation).toContain('测试规则');
    const none = decideRoute(rule('grid_worker'), order(), ctx({ gridWorkers: [] }));
    expect(none.assignee).toMatchObject({ kind: 'queue', queue: 'community', orgId: 'c-wh' });
    expect(none.explanation).toContain('暂无网格员');
  });

  it('department by category, wish wall, emergency broadcast to responders, approval flag', () => {
    expect(decideRoute(rule('department'), order(), ctx()).assignee).toMatchObject({ queue: 'department', orgId: 'dep-zj' });
    expect(decideRoute(rule('department'), order(), ctx({ department: null })).assignee).toMatchObject({ queue: 'community' });
    expect(decideRoute(rule('wish_wall'), order(), ctx()).assignee).toMatchObject({ queue: 'wish_wall', orgId: 'c-wh' });
    expect(decideRoute(rule('emergency_broadcast'), order(), ctx()).assignee).toMatchObject({ queue: 'broadcast', candidates: ['a', 'v'] });
    expect(decideRoute(rule('emergency_broadcast'), order(), ctx({ responders: [] })).assignee).toMatchObject({ queue: 'community' });
    expect(decideRoute(rule('community_queue', true), order(), ctx()).needsApproval).toBe(true);
  });
});
