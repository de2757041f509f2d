import { planDistrict } from '../../../server/seed/district/generate';
import { SCALES } from '../../../server/seed/district/scale';

/** The district's shape before anything happens: 渭城区's numbers, spread over all its streets. */
describe('the planned district', () => {
  const plan = planDistrict(SCALES.district, 'weicheng-2026', Date.parse('2026-03-02T09:00:00+08:00'));
  const { tree } = plan;

  it('has 渭城区’s communities, grids and buildings', () => {
    expect(tree.communities).toHaveLength(57);
    expect(tree.grids).toHaveLength(455);
    expect(tree.buildings).toHaveLength(3389);
    expect(tree.grids.reduce((n, g) => n + g.households, 0)).toBe(134_768);
  });

  it('spreads the communities over all eleven streets, four to six each', () => {
    expect(tree.streetIds).toHaveLength(11);
    const perStreet = new Map<string, number>();
    for (const c of tree.communities) perStreet.set(c.streetId, (perStreet.get(c.streetId) ?? 0) + 1);
    expect([...perStreet.keys()].sort()).toEqual([...tree.streetIds].sort());
    for (const n of perStreet.values()) {
      expect(n).toBeGreaterThanOrEqual(4);
      expect(n).toBeLessThanOrEqual(6);
    }
  });

  it('is the same plan for the same seed', () => {
    const again = planDistrict(SCALES.district, 'weicheng-2026', Date.parse('2026-03-02T09:00:00+08:00'));
    expect(again.tree.communities.map((c) => `${c.id}:${c.streetId}`)).toEqual(tree.communities.map((c) => `${c.id}:${c.streetId}`));
  });
});
