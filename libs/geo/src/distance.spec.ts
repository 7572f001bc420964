import { Geodesic } from 'geographiclib-geodesic';
import {
  EARTH_RADIUS_M,
  createLocalProjection,
  flatDistanceMeters,
  geodesicDistance,
  geodesicMeters,
  geodesicMetersFast,
  SHORT_GEODESIC_LIMIT_M,
  haversine,
  haversineLngLat,
  haversineMeters,
  metricScaleAt,
  wrapLngDelta,
} from './distance';
import { seededRandom } from './testing/synthetic';

describe('haversine (§17 test_course_utils `_haversine`, R = 6 371 000 m)', () => {
  it('Seoul → Busan is between 320 and 330 km (≈ 325 050 m)', () => {
    const d = haversineLngLat([126.978, 37.566], [129.076, 35.18]);
    expect(d).toBeGreaterThan(320_000);
    expect(d).toBeLessThan(330_000);
    expect(d).toBeCloseTo(325_050, -2);
  });

  it('the same point is 0', () => {
    expect(haversineLngLat([127, 37.5], [127, 37.5])).toBe(0);
  });

  it('0.001° of latitude at the equator is ≈ 111.2 m', () => {
    const d = haversineLngLat([0, 0], [0, 0.001]);
    expect(d).toBeGreaterThan(100);
    expect(d).toBeLessThan(120);
    expect(d).toBeCloseTo(111.19, 2);
  });

  it('is symmetric', () => {
    expect(haversineLngLat([0, 0], [0, 1])).toBe(haversineLngLat([0, 1], [0, 0]));
    expect(haversineLngLat([0, 0], [1, 0])).toBe(haversineLngLat([1, 0], [0, 0]));
  });

  it('object and raw-number forms agree and use R = 6 371 000', () => {
    expect(EARTH_RADIUS_M).toBe(6_371_000);
    expect(haversine({ lat: 37.5, lng: 127 }, { lat: 37.6, lng: 127.1 })).toBe(
      haversineMeters(37.5, 127, 37.6, 127.1),
    );
    // A quarter meridian on the sphere is πR/2.
    expect(haversineMeters(0, 0, 90, 0)).toBeCloseTo((Math.PI * EARTH_RADIUS_M) / 2, 6);
  });

  it('does not produce NaN for antipodal points', () => {
    expect(haversineMeters(0, 0, 0, 180)).toBeCloseTo(Math.PI * EARTH_RADIUS_M, 3);
  });
});

describe('geodesicMeters (WGS84, Vincenty inverse)', () => {
  it('agrees with Karney (GeographicLib, as used by PostGIS) within 0.1 mm on running-scale pairs', () => {
    const rnd = seededRandom(42);
    let worst = 0;
    for (let i = 0; i < 2000; i++) {
      const lat = -80 + rnd() * 160;
      const lng = -180 + rnd() * 360;
      const lat2 = Math.max(-89.9, Math.min(89.9, lat + (rnd() - 0.5) * 0.2));
      const lng2 = lng + (rnd() - 0.5) * 0.2;
      const karney = Geodesic.WGS84.Inverse(lat, lng, lat2, lng2).s12!;
      worst = Math.max(worst, Math.abs(karney - geodesicMeters(lat, lng, lat2, lng2)));
    }
    expect(worst).toBeLessThan(1e-4);
  });

  it('agrees with Karney within 1 mm on continental and global pairs (not antipodal)', () => {
    const rnd = seededRandom(7);
    for (let i = 0; i < 500; i++) {
      const lat = -80 + rnd() * 160;
      const lng = -180 + rnd() * 360;
      const lat2 = -80 + rnd() * 160;
      const lng2 = lng + (rnd() - 0.5) * 200;
      const karney = Geodesic.WGS84.Inverse(lat, lng, lat2, lng2).s12!;
      expect(Math.abs(karney - geodesicMeters(lat, lng, lat2, lng2))).toBeLessThan(1e-3);
    }
  });

  it('known values: 1° of latitude at the equator is 110 574.4 m; Seoul → Busan ≈ 325.4 km', () => {
    expect(geodesicMeters(0, 0, 1, 0)).toBeCloseTo(110_574.389, 2);
    const sb = geodesicDistance({ lat: 37.566, lng: 126.978 }, { lat: 35.18, lng: 129.076 });
    expect(sb).toBeCloseTo(Geodesic.WGS84.Inverse(37.566, 126.978, 35.18, 129.076).s12!, 3);
  });

  it('is 0 for coincident points, symmetric, and handles the antimeridian and the equator', () => {
    expect(geodesicMeters(37.5, 127, 37.5, 127)).toBe(0);
    expect(geodesicMeters(10, 20, 11, 21)).toBeCloseTo(geodesicMeters(11, 21, 10, 20), 6);
    const across = geodesicMeters(0, 179.9995, 0, -179.9995);
    expect(across).toBeCloseTo(Geodesic.WGS84.Inverse(0, 179.9995, 0, -179.9995).s12!, 4);
    expect(across).toBeLessThan(112);
  });

  it('falls back to a finite sphere value for nearly antipodal points instead of diverging', () => {
    const d = geodesicMeters(0, 0, 0.5, 179.7);
    expect(Number.isFinite(d)).toBe(true);
    const karney = Geodesic.WGS84.Inverse(0, 0, 0.5, 179.7).s12!;
    expect(Math.abs(d - karney) / karney).toBeLessThan(0.005);
  });
});

describe('geodesicMetersFast', () => {
  it('is within 0.2 mm of Karney below 1 km at any latitude up to ±85°, and exact (Vincenty) beyond', () => {
    const rnd = seededRandom(11);
    let worst = 0;
    for (let i = 0; i < 20_000; i++) {
      const lat = -85 + rnd() * 170;
      const lng = rnd() * 360 - 180;
      const d = rnd() * SHORT_GEODESIC_LIMIT_M;
      const r = Geodesic.WGS84.Direct(lat, lng, rnd() * 360, d);
      worst = Math.max(worst, Math.abs(geodesicMetersFast(lat, lng, r.lat2!, r.lon2!) - d));
    }
    expect(worst).toBeLessThan(2e-4);
    expect(geodesicMetersFast(37.5, 127, 37.6, 127.1)).toBe(geodesicMeters(37.5, 127, 37.6, 127.1));
    expect(geodesicMetersFast(0, 179.9999, 0, -179.9999)).toBeCloseTo(
      geodesicMeters(0, 179.9999, 0, -179.9999),
      4,
    );
  });
});

describe('local metric projection', () => {
  it('scale factors match WGS84 arc lengths per degree', () => {
    const { kx, ky } = metricScaleAt(37.5);
    expect(ky).toBeCloseTo(Geodesic.WGS84.Inverse(37.4995, 127, 37.5005, 127).s12! / 0.001, 1);
    expect(kx).toBeCloseTo(Geodesic.WGS84.Inverse(37.5, 126.9995, 37.5, 127.0005).s12! / 0.001, 1);
  });

  it('round-trips and measures short distances like the geodesic (< 0.01 % at 5 km)', () => {
    const p = createLocalProjection(37.5, 127);
    expect(p.lat(p.y(37.51))).toBeCloseTo(37.51, 12);
    expect(p.lng(p.x(127.02))).toBeCloseTo(127.02, 12);
    const dx = p.x(127.03) - p.x(127);
    const dy = p.y(37.53) - p.y(37.5);
    const truth = geodesicMeters(37.5, 127, 37.53, 127.03);
    expect(Math.abs(Math.hypot(dx, dy) - truth) / truth).toBeLessThan(1e-4);
  });

  it('raw degrees would be 26 % off east-west at Seoul; the projection is not', () => {
    const truth = geodesicMeters(37.5, 127, 37.5, 127.001);
    const p = createLocalProjection(37.5, 127);
    expect(p.x(127.001) - p.x(127)).toBeCloseTo(truth, 3);
    const rawDegreesAsIfLatitude = 0.001 * metricScaleAt(37.5).ky;
    expect(rawDegreesAsIfLatitude / truth).toBeGreaterThan(1.25);
  });

  it('keeps points across the antimeridian close together', () => {
    const p = createLocalProjection(-17, 179.999);
    expect(p.x(-179.999)).toBeCloseTo(0.002 * p.kx, 6);
    expect(p.lng(p.x(-179.999))).toBeCloseTo(-179.999, 9);
    expect(wrapLngDelta(359)).toBe(-1);
    expect(wrapLngDelta(-359)).toBe(1);
  });

  it('flatDistanceMeters agrees with the geodesic within 0.01 % up to 10 km at any latitude up to 80°', () => {
    const rnd = seededRandom(3);
    for (let i = 0; i < 1000; i++) {
      const lat = -80 + rnd() * 160;
      const lng = rnd() * 360 - 180;
      const lat2 = lat + (rnd() - 0.5) * 0.09;
      const lng2 = lng + ((rnd() - 0.5) * 0.09) / Math.cos((lat * Math.PI) / 180);
      const g = geodesicMeters(lat, lng, lat2, lng2);
      const f = flatDistanceMeters(lat, lng, lat2, lng2);
      expect(Math.abs(f - g)).toBeLessThanOrEqual(Math.max(1e-4 * g, 1e-6));
    }
  });
});
