import type { OrderDoc } from '../../../domain/model/order';
import { suggestDuplicates, textSimilarity } from '../../../domain/orders/duplicates';

const H = 3_600_000;
const o = (id: string, description: string, over: Partial<OrderDoc> = {}) =>
  ({
    _id: id,
    no: id,
    description,
    category: 'repair',
    status: 'dispatched',
    submittedAt: 100 * H,
    place: { orgId: 'b1', label: '', buildingId: 'b1', gridId: 'g1', communityId: 'c', streetId: 's', districtId: 'd' },
    ...over,
  }) as OrderDoc;

describe('duplicate suggestions (共性诉求)', () => {
  it('text similarity on Chinese without a tokenizer', () => {
    expect(textSimilarity('楼道灯坏了', '楼道的灯坏了，晚上很黑')).toBeGreaterThan(0.2);
    expect(textSimilarity('楼道灯坏了', '垃圾桶满了没人清理')).toBe(0);
    expect(textSimilarity('', '任何')).toBe(0);
  });

  it('suggests similar open orders of the same category within 72 hours, best first', () => {
    const fresh = o('new', '3号楼楼道灯坏了，晚上看不见', { submittedAt: 110 * H });
    const out = suggestDuplicates(fresh, [
      o('a', '楼道灯坏了好几天了'),
      o('b', '楼道灯坏了', { category: 'environment' }),
      o('c', '楼道灯坏了', { submittedAt: 10 * H }),
      o('d', '小区门口路面塌陷'),
      o('e', '晚上楼道灯不亮看不见', { place: { orgId: 'b2', label: '', buildingId: 'b2', gridId: 'g1', communityId: 'c', streetId: 's', districtId: 'd' } }),
    ]);
    expect(out.map((s) => s.id)).toEqual(['a', 'e']);
    expect(out[0].sameBuilding).toBe(true);
  });
});
