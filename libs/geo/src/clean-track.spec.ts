import { TELEPORT_SPEED_MS, cleanTrack } from './clean-track';
import { SEOUL, gaussian, seededRandom } from './testing/synthetic';
import type { GeoPoint } from './types';

const T0 = Date.UTC(2025, 3, 1, 6, 0, 0);

/** A straight run north at `speed` m/s, one fix per `dt` seconds. */
function straightRun(n: number, speed = 3, dt = 1): GeoPoint[] {
  return Array.from({ length: n }, (_, i) => ({
    lat: SEOUL.lat(i * speed * dt),
    lng: SEOUL.lng(0),
    ele: 20,
    time: T0 + i * dt * 1000,
  }));
}

describe('cleanTrack', () => {
  it('keeps a clean track untouched and returns the same objects', () => {
    const run = straightRun(50);
    const r = cleanTrack(run);
    expect(r.points).toHaveLength(50);
    expect(r.points[10]).toBe(run[10]);
    expect(r.removedTotal).toBe(0);
    expect(r.reordered).toBe(false);
    expect(r.sustainedJumps).toBe(0);
  });

  it('drops NaN, out-of-range and (0, 0) coordinates and non-finite timestamps', () => {
    const run = straightRun(10);
    const bad: GeoPoint[] = [
      { ...run[1], lat: NaN },
      { ...run[2], lng: Infinity },
      { ...run[3], lat: 91 },
      { ...run[4], lng: -181 },
      { ...run[5], lat: 0, lng: 0 },
      { ...run[6], lat: 0.0004, lng: -0.0002 },
      { ...run[7], time: NaN },
    ];
    const r = cleanTrack([run[0], ...bad, run[8], run[9]]);
    expect(r.removed.invalid).toBe(7);
    expect(r.points).toEqual([run[0], run[8], run[9]]);
  });

  it('drops fixes whose accuracy is worse than 50 m and tolerates other extra fields', () => {
    const run = straightRun(5).map((p, i) => ({
      ...p,
      accuracy: i === 2 ? 80 : 8,
      heartRate: 150,
      speed: 3,
    }));
    const r = cleanTrack(run);
    expect(r.removed.inaccurate).toBe(1);
    expect(r.points).toHaveLength(4);
    expect(r.points[0].heartRate).toBe(150);
    expect(cleanTrack(run, { maxAccuracyMeters: null }).points).toHaveLength(5);
  });

  it('drops exact duplicates and second fixes with the same timestamp', () => {
    const run = straightRun(5);
    const r = cleanTrack([
      run[0],
      run[1],
      { ...run[1] },
      { ...run[2], lat: run[2].lat + 1e-5 },
      run[2],
      run[3],
      run[4],
    ]);
    expect(r.removed.duplicates).toBe(2);
    expect(r.points.map((p) => p.time)).toEqual(run.map((p) => p.time));
  });

  it('sorts out-of-order timestamps by default and reports it', () => {
    const run = straightRun(6);
    const shuffled = [run[0], run[2], run[1], run[3], run[5], run[4]];
    const r = cleanTrack(shuffled);
    expect(r.reordered).toBe(true);
    expect(r.points).toEqual(run);
    expect(r.removed.outOfOrder).toBe(0);
  });

  it('drops points that go back in time in `drop` mode', () => {
    const run = straightRun(6);
    const r = cleanTrack([run[0], run[2], run[1], run[3], run[5], run[4]], { outOfOrder: 'drop' });
    expect(r.removed.outOfOrder).toBe(2);
    expect(r.points).toEqual([run[0], run[2], run[3], run[5]]);
  });

  it('handles partly untimed tracks in drop mode (nothing to sort untimed points into)', () => {
    const run = straightRun(4);
    const r = cleanTrack([run[0], { ...run[1], time: null }, run[3], run[2]]);
    expect(r.reordered).toBe(false);
    expect(r.removed.outOfOrder).toBe(1);
    expect(r.points).toHaveLength(3);
  });

  it('removes a single 500 m spike', () => {
    const run = straightRun(30);
    run[12] = { ...run[12], lng: SEOUL.lng(500) };
    const r = cleanTrack(run);
    expect(r.removed.teleports).toBe(1);
    expect(r.points).toHaveLength(29);
    expect(r.points).not.toContain(run[12]);
  });

  it('removes a two-point spike at the same wrong place', () => {
    const run = straightRun(30);
    run[12] = { ...run[12], lng: SEOUL.lng(400) };
    run[13] = { ...run[13], lng: SEOUL.lng(405) };
    const r = cleanTrack(run);
    expect(r.removed.teleports).toBe(2);
    expect(r.points).toHaveLength(28);
  });

  it('does not mistake 1 Hz GPS jitter (σ 6 m) for teleports', () => {
    const rnd = seededRandom(4);
    const run = straightRun(600).map((p) => ({
      ...p,
      lat: p.lat + (gaussian(rnd) * 6) / 111_000,
      lng: p.lng + (gaussian(rnd) * 6) / 88_000,
    }));
    expect(cleanTrack(run).removed.teleports).toBe(0);
  });

  it('keeps a plausible GPS gap (tunnel: 400 m in 120 s)', () => {
    const before = straightRun(20);
    const after = straightRun(20).map((p) => ({
      ...p,
      lat: SEOUL.lat(57 + 400 + SEOUL.y(p.lat)),
      time: (p.time as number) + 139_000,
    }));
    const r = cleanTrack([...before, ...after]);
    expect(r.removedTotal).toBe(0);
    expect(r.sustainedJumps).toBe(0);
  });

  it('after a tunnel, removes a bad first fix but keeps everything that follows', () => {
    const before = straightRun(20);
    const after = straightRun(20).map((p) => ({
      ...p,
      lat: SEOUL.lat(57 + 400 + SEOUL.y(p.lat)),
      time: (p.time as number) + 139_000,
    }));
    after[0] = { ...after[0], lng: SEOUL.lng(3000) };
    const r = cleanTrack([...before, ...after]);
    expect(r.removed.teleports).toBe(1);
    expect(r.points).toHaveLength(39);
  });

  it('does not eat the rest of the run after a sustained implausible jump; it counts it instead', () => {
    const before = straightRun(20);
    // GPS off on a bus: 5 km in 60 s, then running again from there.
    const after = straightRun(40).map((p) => ({
      ...p,
      lat: SEOUL.lat(57 + 5000 + SEOUL.y(p.lat)),
      time: (p.time as number) + 80_000,
    }));
    const r = cleanTrack([...before, ...after]);
    expect(r.points).toHaveLength(60);
    expect(r.removed.teleports).toBe(0);
    expect(r.sustainedJumps).toBe(1);
  });

  it('drops a bad first fix (cold start) instead of the whole track', () => {
    const run = straightRun(30);
    const r = cleanTrack([{ ...run[0], lng: SEOUL.lng(2000) }, ...run.slice(1)]);
    expect(r.points).toEqual(run.slice(1));
    expect(r.removed.teleports).toBe(1);
    expect(r.sustainedJumps).toBe(0);
  });

  it('drops a spike on the very last point', () => {
    const run = straightRun(10);
    run[9] = { ...run[9], lng: SEOUL.lng(900) };
    expect(cleanTrack(run).points).toHaveLength(9);
  });

  it('applies no speed test to untimed points but still drops repeated positions', () => {
    const run = straightRun(5).map((p) => ({ ...p, time: null }));
    const far = { ...run[2], lng: SEOUL.lng(5000) };
    const r = cleanTrack([run[0], run[1], run[1], far, run[3]]);
    expect(r.removed.duplicates).toBe(1);
    expect(r.removed.teleports).toBe(0);
    expect(r.points).toHaveLength(4);
  });

  it('judges jumps, not steady speed: 20 m/s over many fixes is left to the speed-anomaly flags', () => {
    expect(TELEPORT_SPEED_MS).toBe(12.5);
    const bike = straightRun(60, 20, 1);
    expect(cleanTrack(bike).removedTotal).toBe(0);
    const run = straightRun(30);
    run[15] = { ...run[15], lng: SEOUL.lng(300) };
    expect(cleanTrack(run).removed.teleports).toBe(1);
    expect(cleanTrack(run, { maxSpeedMs: 400 }).removed.teleports).toBe(0);
    expect(cleanTrack(run, { jitterMeters: 400 }).removed.teleports).toBe(0);
  });

  it('handles empty and single-point input', () => {
    expect(cleanTrack([]).points).toEqual([]);
    const one = straightRun(1);
    expect(cleanTrack(one).points).toEqual(one);
  });
});
