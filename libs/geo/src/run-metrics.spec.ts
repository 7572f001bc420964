import { geodesicMeters } from './distance';
import { computeRunMetrics } from './run-metrics';
import { SEOUL } from './testing/synthetic';
import { trackFromLegs, T0 } from './testing/tracks';
import type { GeoPoint } from './types';

describe('computeRunMetrics', () => {
  // 2.53 km at 5:00/km, a 2 min stop at a light (timer running), 2.5 km at 4:30/km; a 30 m hill.
  const run = trackFromLegs(
    [
      { duration: 760, speed: 1000 / 300, climb: 30 },
      { duration: 120, speed: 0 },
      { duration: 675, speed: 1000 / 270, climb: -30 },
    ],
    // Position noise is left out: white 1 Hz jitter inflates any sum of fixes (devices filter it).
    { eleNoise: 1.5, seed: 9 },
  );

  it('computes the server-side summary of a run', () => {
    const m = computeRunMetrics(run, { weightKg: 70 });
    expect(m.pointCount).toBe(run.length);
    expect(m.distanceMeters).toBeGreaterThan(5025);
    expect(m.distanceMeters).toBeLessThan(5045);
    expect(m.elapsedSeconds).toBe(1555);
    // The stop is auto-paused.
    expect(m.pauses.some((p) => p.source === 'auto')).toBe(true);
    expect(m.movingSeconds).toBeGreaterThan(1430);
    expect(m.movingSeconds).toBeLessThan(1442);
    expect(m.pausedSeconds).toBe(m.elapsedSeconds - m.movingSeconds);
    expect(m.avgPaceSecondsPerKm).toBeGreaterThan(278);
    expect(m.avgPaceSecondsPerKm).toBeLessThan(290);
    expect(m.splits).toHaveLength(5);
    expect(m.bestPaceSecondsPerKm).toBeLessThan(280);
    expect(m.avgSpeedMs).toBeCloseTo(m.distanceMeters / m.movingSeconds, 2);
    expect(m.maxSpeedMs).toBeGreaterThan(3.6);
    expect(m.maxSpeedMs).toBeLessThan(4.1);
    expect(m.elevationGainMeters).toBeGreaterThan(24);
    expect(m.elevationGainMeters).toBeLessThan(34);
    expect(m.elevationLossMeters).toBeGreaterThan(24);
    expect(m.elevationProfile).toHaveLength(100);
    expect(m.calories).toBe(
      Math.round(
        70 * (m.distanceMeters / 1000 + (0.0175 * m.movingSeconds) / 60 + 0.0045 * m.elevationGainMeters),
      ),
    );
    expect(m.bestEfforts.map((e) => e.key)).toEqual(['400m', '1k', '1mile', '5k']);
    expect(Math.abs(m.bestEfforts[1].durationSeconds - 270)).toBeLessThan(1.5);
    expect(m.runnerLevel).toBe(2);
  });

  it('uses explicit pauses and the runner level after this run', () => {
    const m = computeRunMetrics(run, {
      pauses: [{ start: T0 + 760_000, end: T0 + 880_000 }],
      autoPause: false,
      previousTotalDistanceMeters: 36_000,
    });
    expect(m.movingSeconds).toBe(1435);
    expect(m.pauses).toEqual([{ start: T0 + 760_000, end: T0 + 880_000, source: 'explicit' }]);
    expect(m.runnerLevel).toBe(8);
    expect(m.calories).toBeGreaterThan(300);
  });

  it('§10.1 worked example, our numbers: WGS84 distance, normalised split pace; same 18/8 climb (points 111 m apart are not averaged together)', () => {
    // 11 points 0.001° of latitude apart, 30 s apart, altitudes 10,11,13,12,15,15.5,18,16,10,0,20.
    const pts: GeoPoint[] = [10, 11, 13, 12, 15, 15.5, 18, 16, 10, 0, 20].map((ele, i) => ({
      lat: 37.5 + i * 0.001,
      lng: 127,
      ele,
      time: T0 + i * 30_000,
    }));
    const m = computeRunMetrics(pts);
    // The reference: 1111 m (sphere), 300 s, pace 269, gain 18 / loss 8 (2 m, raw), one split 270 s.
    let wgs84 = 0;
    for (let i = 1; i < pts.length; i++) wgs84 += geodesicMeters(pts[i - 1].lat, 127, pts[i].lat, 127);
    expect(m.distanceMeters).toBeCloseTo(wgs84, 1);
    expect(m.distanceMeters).toBeCloseTo(1109.9, 1);
    expect(m.movingSeconds).toBe(300);
    expect(m.avgPaceSecondsPerKm).toBe(270);
    expect(m.avgSpeedMs).toBe(3.7);
    expect(m.splits).toHaveLength(1);
    expect(m.splits[0].durationSeconds).toBe(270);
    expect(m.partialSplit!.distanceMeters).toBeCloseTo(109.9, 1);
    expect(m.elevationGainMeters).toBe(18);
    expect(m.elevationLossMeters).toBe(8);
    expect(m.elevationProfile).not.toContain(0);
  });

  it('degrades gracefully: empty, single point, untimed', () => {
    const empty = computeRunMetrics([]);
    expect(empty).toMatchObject({
      distanceMeters: 0,
      movingSeconds: 0,
      avgPaceSecondsPerKm: null,
      bestPaceSecondsPerKm: null,
      avgSpeedMs: null,
      maxSpeedMs: null,
      splits: [],
      partialSplit: null,
      calories: 0,
      runnerLevel: 1,
    });
    const one = computeRunMetrics([{ lat: SEOUL.lat(0), lng: SEOUL.lng(0), ele: 5, time: T0 }]);
    expect(one.distanceMeters).toBe(0);
    expect(one.elevationProfile).toEqual([5]);
    const untimed = computeRunMetrics(run.map((p) => ({ ...p, time: null })));
    expect(untimed.distanceMeters).toBeGreaterThan(4990);
    expect(untimed.movingSeconds).toBe(0);
    expect(untimed.avgPaceSecondsPerKm).toBeNull();
    expect(untimed.bestEfforts).toEqual([]);
  });
});
