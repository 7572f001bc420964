import { EARTH_RADIUS_M, haversineMeters } from './distance';
import { closestOnArc, fromVector, greatCirclePoint, toUnitVector } from './great-circle';

function unit(lat: number, lng: number): Float64Array {
  const v = new Float64Array(3);
  toUnitVector(lat, lng, v);
  return v;
}

describe('great-circle helpers', () => {
  it('unit vectors round-trip', () => {
    for (const [lat, lng] of [
      [37.5, 127],
      [-89, -179],
      [0, 180],
      [60, -0.5],
    ]) {
      const v = unit(lat, lng);
      expect(Math.hypot(v[0], v[1], v[2])).toBeCloseTo(1, 15);
      const [la, ln] = fromVector(v[0], v[1], v[2]);
      expect(la).toBeCloseTo(lat, 12);
      expect(Math.abs(((ln - lng + 540) % 360) - 180)).toBeLessThan(1e-9);
    }
  });

  it('greatCirclePoint follows meridians and the equator, and bulges poleward elsewhere', () => {
    expect(greatCirclePoint(10, 20, 30, 20, 0.5)[0]).toBeCloseTo(20, 10);
    const eq = greatCirclePoint(0, 10, 0, 30, 0.25);
    expect(eq[0]).toBeCloseTo(0, 12);
    expect(eq[1]).toBeCloseTo(15, 10);
    const [lat, lng] = greatCirclePoint(60, 24, 60, 24.36, 0.5);
    expect(lat).toBeGreaterThan(60);
    expect(lng).toBeCloseTo(24.18, 10);
    expect(greatCirclePoint(5, 5, 5, 5, 0.3)).toEqual([5, 5].map((v) => expect.closeTo(v, 12)));
  });

  it('closestOnArc: perpendicular foot inside the arc, an endpoint outside it', () => {
    const a = unit(0, 0);
    const b = unit(0, 10);
    const out = new Float64Array(3);
    const inside = unit(1, 5);
    const angle = closestOnArc(inside[0], inside[1], inside[2], a[0], a[1], a[2], b[0], b[1], b[2], out);
    expect(angle).toBeCloseTo((1 * Math.PI) / 180, 12);
    expect(fromVector(out[0], out[1], out[2])[1]).toBeCloseTo(5, 10);

    const beyond = unit(0.5, 12);
    closestOnArc(beyond[0], beyond[1], beyond[2], a[0], a[1], a[2], b[0], b[1], b[2], out);
    expect(Array.from(out)).toEqual(Array.from(b));

    // A zero-length arc is its endpoint.
    const p = unit(1, 1);
    const d = closestOnArc(p[0], p[1], p[2], a[0], a[1], a[2], a[0], a[1], a[2], out);
    expect(d).toBeCloseTo(haversineMeters(1, 1, 0, 0) / EARTH_RADIUS_M, 12);
  });

  it('is precise for tiny angles (centimetres on the ground)', () => {
    const a = unit(37.5, 127);
    const b = unit(37.5, 127.001);
    const p = unit(37.5000001, 127.0005);
    const out = new Float64Array(3);
    const angle = closestOnArc(p[0], p[1], p[2], a[0], a[1], a[2], b[0], b[1], b[2], out);
    expect(angle * 6_371_000).toBeGreaterThan(0.005);
    expect(angle * 6_371_000).toBeLessThan(0.02);
  });
});
