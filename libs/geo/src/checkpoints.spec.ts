import { generateCheckpoints, validateCheckpoints } from './checkpoints';
import type { LngLat } from './types';

/** The §17 test route: N–S from (127.0, 37.5), Δ = km·0.009/(steps − 1), steps = max(2, int(km·2)). */
function nsRoute(km: number): LngLat[] {
  const steps = Math.max(2, Math.trunc(km * 2));
  const delta = (km * 0.009) / (steps - 1);
  return Array.from({ length: steps }, (_, i) => [127.0, 37.5 + i * delta]);
}

describe('generateCheckpoints (§17 test_course_utils)', () => {
  it('≈0.5 km route → none', () => {
    expect(generateCheckpoints(nsRoute(0.5), 500)).toEqual([]);
  });

  it('≈2 km route → at least 2, first = first coordinate, last = last coordinate', () => {
    const route = nsRoute(2);
    const cps = generateCheckpoints(route, 500);
    expect(cps.length).toBeGreaterThanOrEqual(2);
    expect([cps[0].lng, cps[0].lat]).toEqual(route[0]);
    expect([cps[cps.length - 1].lng, cps[cps.length - 1].lat]).toEqual(route[route.length - 1]);
  });

  it('≈3 km route → first order 0 at distance 0, last order = len − 1 with distance > 0', () => {
    const cps = generateCheckpoints(nsRoute(3), 500);
    expect(cps[0]).toMatchObject({ order: 0, distanceFromStartMeters: 0 });
    expect(cps[cps.length - 1].order).toBe(cps.length - 1);
    expect(cps[cps.length - 1].distanceFromStartMeters).toBeGreaterThan(0);
  });

  it('single point → none', () => {
    expect(generateCheckpoints([[127, 37.5]], 500)).toEqual([]);
  });

  it('≈5 km route → ids 1..n', () => {
    const cps = generateCheckpoints(nsRoute(5), 500);
    expect(cps.map((c) => c.id)).toEqual(Array.from({ length: cps.length }, (_, i) => i + 1));
  });

  it('≈3 km route → finish at least 200 m after the last intermediate', () => {
    const cps = generateCheckpoints(nsRoute(3), 500);
    expect(
      cps[cps.length - 1].distanceFromStartMeters - cps[cps.length - 2].distanceFromStartMeters,
    ).toBeGreaterThanOrEqual(200);
  });

  it('places intermediates every 500 m by interpolation, finish at int(total)', () => {
    const cps = generateCheckpoints(nsRoute(2), 500);
    // 0.018° of latitude on the R = 6 371 000 sphere is 2001.5 m.
    expect(cps.map((c) => c.distanceFromStartMeters)).toEqual([0, 500, 1000, 1500, 2001]);
    expect(cps[1].lat).toBeCloseTo(37.5 + 500 / 111_194.93, 7);
    expect(cps[1].lng).toBe(127);
  });

  it('skips an intermediate closer than 200 m to the finish', () => {
    // 1.65 km: 500, 1000 and 1500 would leave 150 m → 1500 is dropped.
    const cps = generateCheckpoints(nsRoute(1.65 / 1.0005), 500);
    expect(cps.map((c) => c.distanceFromStartMeters).slice(0, -1)).toEqual([0, 500, 1000]);
  });

  it('accepts [lng, lat, alt] coordinates', () => {
    const cps = generateCheckpoints(
      nsRoute(2).map(([lng, lat]) => [lng, lat, 30]),
      500,
    );
    expect(cps).toHaveLength(5);
  });
});

describe('validateCheckpoints (§17 test_run_logic)', () => {
  const cps = (...ids: number[]) => ids.map((id) => ({ id }));

  it('all passed', () => {
    const r = validateCheckpoints(cps(1, 2, 3), [
      { checkpoint_id: 1, distance_from_checkpoint: 10.0 },
      { checkpoint_id: 2, distance_from_checkpoint: 25.0 },
      { checkpoint_id: 3, distance_from_checkpoint: 50.0 },
    ]);
    expect(r).toHaveLength(3);
    expect(r.every((x) => x.passed)).toBe(true);
  });

  it('a missing pass fails that checkpoint only', () => {
    const r = validateCheckpoints(cps(1, 2, 3), [
      { checkpoint_id: 1, distance_from_checkpoint: 5.0 },
      { checkpoint_id: 3, distance_from_checkpoint: 40.0 },
    ]);
    expect(r.map((x) => x.passed)).toEqual([true, false, true]);
  });

  it('a pass for an unknown id passes nothing', () => {
    expect(
      validateCheckpoints(cps(1, 2), [{ checkpoint_id: 99, distance_from_checkpoint: 1 }]).map(
        (x) => x.passed,
      ),
    ).toEqual([false, false]);
  });

  it('50.1 m fails, 50.0 m passes (inclusive)', () => {
    expect(
      validateCheckpoints(cps(1), [{ checkpoint_id: 1, distance_from_checkpoint: 50.1 }])[0].passed,
    ).toBe(false);
    expect(
      validateCheckpoints(cps(1), [{ checkpoint_id: 1, distance_from_checkpoint: 50.0 }])[0].passed,
    ).toBe(true);
  });

  it('no checkpoints, no passes → []', () => {
    expect(validateCheckpoints([], [])).toEqual([]);
  });

  it('checkpoints without passes → not passed, timestamp and distance null', () => {
    expect(validateCheckpoints(cps(1, 2), [])).toEqual([
      { checkpointId: 1, passed: false, timestamp: null, distanceMeters: null },
      { checkpointId: 2, passed: false, timestamp: null, distanceMeters: null },
    ]);
  });

  it('echoes the timestamp verbatim and the distance', () => {
    expect(
      validateCheckpoints(cps(1), [
        { checkpoint_id: 1, distance_from_checkpoint: 12.5, timestamp: '2024-01-01T00:05:00Z' },
      ]),
    ).toEqual([{ checkpointId: 1, passed: true, timestamp: '2024-01-01T00:05:00Z', distanceMeters: 12.5 }]);
  });

  it('a pass without a distance counts as 999 m; of several passes the closest is reported', () => {
    expect(validateCheckpoints(cps(1), [{ checkpoint_id: 1, timestamp: 5 }])[0]).toEqual({
      checkpointId: 1,
      passed: false,
      timestamp: 5,
      distanceMeters: null,
    });
    const r = validateCheckpoints(cps(1), [
      { checkpoint_id: 1, distance_from_checkpoint: 80, timestamp: 1 },
      { checkpoint_id: 1, distance_from_checkpoint: 20, timestamp: 2 },
    ]);
    expect(r[0]).toEqual({ checkpointId: 1, passed: true, timestamp: 2, distanceMeters: 20 });
  });
});
