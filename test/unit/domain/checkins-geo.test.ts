import fc from 'fast-check';
import { ACCURACY_CAP_M, checkFence, haversineM, outsideFenceMessage } from '../../../domain/checkins/geo';

const STATION = { lat: 34.3305, lng: 108.7069, radiusM: 150 };
const north = (m: number) => ({ lat: STATION.lat + m / 111_195, lng: STATION.lng });

describe('geofence', () => {
  it('haversine: known distances', () => {
    expect(haversineM({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(111_195, -1);
    expect(haversineM({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).toBeCloseTo(111_195, -1);
    // Beijing Tiananmen → Shanghai People's Square ≈ 1,067 km
    expect(haversineM({ lat: 39.9087, lng: 116.3975 }, { lat: 31.2304, lng: 121.4737 }) / 1000).toBeCloseTo(1067, -1);
    // a degree of longitude shrinks with latitude (Xianyang, 34.33°N)
    expect(haversineM({ lat: 34.33, lng: 108 }, { lat: 34.33, lng: 109 })).toBeCloseTo(111_195 * Math.cos((34.33 * Math.PI) / 180), -2);
    expect(haversineM(STATION, north(420))).toBeCloseTo(420, 0);
  });

  it('property: symmetric, non-negative, zero to itself, triangle inequality', () => {
    const point = fc.record({ lat: fc.double({ min: -80, max: 80, noNaN: true }), lng: fc.double({ min: -179, max: 179, noNaN: true }) });
    fc.assert(
      fc.property(point, point, point, (a, b, c) => {
        expect(haversineM(a, b)).toBeCloseTo(haversineM(b, a), 6);
        expect(haversineM(a, b)).toBeGreaterThanOrEqual(0);
        expect(haversineM(a, a)).toBe(0);
        expect(haversineM(a, c)).toBeLessThanOrEqual(haversineM(a, b) + haversineM(b, c) + 1e-6);
      }),
    );
  });

  it('inside / outside, allowing for the reported accuracy up to the cap', () => {
    expect(checkFence(STATION, north(149))).toMatchObject({ inside: true, distanceM: 149, allowanceM: 0 });
    expect(checkFence(STATION, north(151))).toMatchObject({ inside: false, distanceM: 151 });
    expect(checkFence(STATION, { ...north(200), accuracy: 30 })).toMatchObject({ inside: false, allowanceM: 30 });
    expect(checkFence(STATION, { ...north(200), accuracy: 60 })).toMatchObject({ inside: true, allowanceM: 60 });
    // "accuracy 5 km" is forgiven only up to the cap
    expect(checkFence(STATION, { ...north(240), accuracy: 5000 })).toMatchObject({ inside: true, allowanceM: ACCURACY_CAP_M });
    expect(checkFence(STATION, { ...north(300), accuracy: 5000 })).toMatchObject({ inside: false, allowanceM: ACCURACY_CAP_M });
    expect(checkFence(STATION, { ...north(300), accuracy: 5000 }, 200)).toMatchObject({ inside: true, allowanceM: 200 });
    // nonsense accuracies give no benefit
    expect(checkFence(STATION, { ...north(200), accuracy: -500 })).toMatchObject({ inside: false, allowanceM: 0 });
    expect(checkFence(STATION, { ...north(200), accuracy: Number.NaN })).toMatchObject({ inside: false, allowanceM: 0 });
  });

  it('property: more reported inaccuracy never turns inside into outside; beyond radius + cap is always outside', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 500 }), (m, a1, a2) => {
        const lo = Math.min(a1, a2);
        const hi = Math.max(a1, a2);
        if (checkFence(STATION, { ...north(m), accuracy: lo }).inside) expect(checkFence(STATION, { ...north(m), accuracy: hi }).inside).toBe(true);
        if (m > STATION.radiusM + ACCURACY_CAP_M + 1) expect(checkFence(STATION, { ...north(m), accuracy: hi }).inside).toBe(false);
      }),
    );
  });

  it('the refusal names the distance', () => {
    expect(outsideFenceMessage(420)).toBe('您不在驿站范围内（距离 420 米）');
    expect(outsideFenceMessage(2460)).toBe('您不在驿站范围内（距离 2.5 公里）');
  });
});
