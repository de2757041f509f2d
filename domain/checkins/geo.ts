/**
 * Geofences of red stations: a centre and a radius in metres. A phone reports its
 * position with an accuracy radius; we give the volunteer the benefit of that doubt,
 * but only up to a cap, so "accuracy 5 km" cannot check anyone in from home.
 */

export interface LatLng {
  lat: number;
  lng: number;
}

export interface Fence extends LatLng {
  radiusM: number;
}

export interface ReportedLocation extends LatLng {
  /** Radius of uncertainty reported by the device (metres). */
  accuracy?: number;
}

export const EARTH_RADIUS_M = 6_371_008.8;
/** The most reported inaccuracy we forgive (metres). */
export const ACCURACY_CAP_M = 100;

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine). */
export const haversineM = (a: LatLng, b: LatLng): number => {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
};

export interface FenceCheck {
  inside: boolean;
  /** Distance from the station's centre, rounded to the metre. */
  distanceM: number;
  /** The accuracy we allowed for (reported, capped, never negative). */
  allowanceM: number;
}

/** Inside when the distance minus the (capped) reported accuracy is within the radius. */
export const checkFence = (fence: Fence, at: ReportedLocation, accuracyCapM = ACCURACY_CAP_M): FenceCheck => {
  const distance = haversineM(fence, at);
  const reported = Number.isFinite(at.accuracy) ? Math.max(0, at.accuracy ?? 0) : 0;
  const allowance = Math.min(reported, accuracyCapM);
  return { inside: distance - allowance <= fence.radiusM, distanceM: Math.round(distance), allowanceM: allowance };
};

/** "您不在驿站范围内（距离 420 米）" — kilometres past 1 km. */
export const outsideFenceMessage = (distanceM: number): string =>
  distanceM >= 1000 ? `您不在驿站范围内（距离 ${(distanceM / 1000).toFixed(1)} 公里）` : `您不在驿站范围内（距离 ${distanceM} 米）`;
