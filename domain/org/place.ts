import { DomainError } from '../model/envelope';
import type { OrgNode } from '../model/org';
import type { OrderPlace } from '../model/order';
import type { OrgRepo } from '../ports/repos';
import type { PlaceView } from './api';

/** A building/unit with its ancestors resolved: what an order is anchored to and what a QR code names. */
export interface ResolvedPlace {
  node: OrgNode;
  place: OrderPlace;
  view: PlaceView;
}

export const resolvePlace = async (orgs: OrgRepo, node: OrgNode): Promise<ResolvedPlace> => {
  const ancestors = await orgs.getMany(node.path);
  const chain = [...node.path.map((id) => ancestors.find((a) => a._id === id)).filter((n): n is OrgNode => !!n), node];
  const of = (type: string) => chain.find((n) => n.type === type);
  const community = of('community');
  const street = of('street');
  const district = of('district');
  if (!community || !street || !district) throw new DomainError('NOT_FOUND', '该地点不属于任何社区');
  const building = of('building');
  const unit = of('unit');
  const grid = of('grid');
  const name = unit?.name ?? building?.name ?? node.name;
  return {
    node,
    place: {
      orgId: node._id,
      label: `${community.name} ${name}`,
      buildingId: building?._id ?? null,
      gridId: grid?._id ?? null,
      communityId: community._id,
      streetId: street._id,
      districtId: district._id,
    },
    view: {
      orgId: node._id,
      type: node.type === 'unit' ? 'unit' : 'building',
      name,
      label: [street.name, community.name, grid?.name, name].filter(Boolean).join(' · '),
      gridId: grid?._id ?? null,
      gridName: grid?.name ?? null,
      communityId: community._id,
      communityName: community.name,
      streetName: street.name,
    },
  };
};
