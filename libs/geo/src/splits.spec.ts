import { computeSplits } from './splits';
import { trackFromLegs, T0 } from './testing/tracks';
import { buildRunTimeline } from './timeline';
import { cumulativeDistances, smoothElevations } from './elevation';
import { geodesicMeters } from './distance';
import type { GeoPoint } from './types';

describe('computeSplits', () => {
  it('3.5 km at an even 5:00/km → three 300 s splits and a 500 m partial at the same pace', () => {
    const run = trackFromLegs([{ duration: 1050, speed: 1000 / 300 }], { dt: 3 });
    const { splits, partial } = computeSplits(buildRunTimeline(run));
    expect(splits.map((s) => [s.index, s.distanceMeters, s.durationSeconds, s.paceSecondsPerKm])).toEqual([
      [1, 1000, 300, 300],
      [2, 1000, 300, 300],
      [3, 1000, 300, 300],
    ]);
    expect(partial).toMatchObject({ index: 4, durationSeconds: 150, paceSecondsPerKm: 300 });
    expect(partial!.distanceMeters).toBeCloseTo(500, 0);
  });

  it('interpolates kilometre boundaries inside a step (4:00 then 6:00 per km, sparse fixes)', () => {
    const run = trackFromLegs(
      [
        { duration: 240, speed: 1000 / 240 },
        { duration: 360, speed: 1000 / 360 },
      ],
      { dt: 7 },
    );
    // The speed changes inside a 7 s step (at 240 s), so the first boundary is off by < 1 s.
    const { splits } = computeSplits(buildRunTimeline(run));
    expect(Math.abs(splits[0].durationSeconds - 240)).toBeLessThanOrEqual(1);
    const aligned = computeSplits(
      buildRunTimeline(
        trackFromLegs(
          [
            { duration: 240, speed: 1000 / 240 },
            { duration: 360, speed: 1000 / 360 },
          ],
          { dt: 8 },
        ),
      ),
    );
    expect(aligned.splits.map((s) => s.durationSeconds)).toEqual([240, 360]);
  });

  it('excludes an explicit pause from the split it falls in', () => {
    const run = trackFromLegs([
      { duration: 150, speed: 1000 / 300 },
      { duration: 120, speed: 0 },
      { duration: 180, speed: 1000 / 300 },
    ]);
    const tl = buildRunTimeline(run, {
      pauses: [{ start: T0 + 150_000, end: T0 + 270_000 }],
      autoPause: false,
    });
    const { splits, partial } = computeSplits(tl);
    expect(splits).toHaveLength(1);
    expect(splits[0].durationSeconds).toBe(300);
    expect(partial!.durationSeconds).toBe(30);
  });

  it('reports the elevation change per split', () => {
    const run = trackFromLegs([{ duration: 600, speed: 1000 / 300, climb: 20 }]);
    const tl = buildRunTimeline(run);
    const ele = smoothElevations(run, cumulativeDistances(tl.stepLength), { smoothingWindowMeters: 1 });
    const { splits } = computeSplits(tl, ele);
    expect(splits.map((s) => s.elevationChangeMeters)).toEqual([10, 10]);
    expect(computeSplits(tl).splits[0].elevationChangeMeters).toBeNull();
  });

  it('§10.1 worked example (11 points 0.001° apart, 30 s apart): one split, pace normalised (deliberately differs: the reference cut at 1000.75 m, 270 s)', () => {
    const pts: GeoPoint[] = Array.from({ length: 11 }, (_, i) => ({
      lat: 37.5 + i * 0.001,
      lng: 127,
      ele: [10, 11, 13, 12, 15, 15.5, 18, 16, 10, 0, 20][i],
      time: T0 + i * 30_000,
    }));
    const tl = buildRunTimeline(pts);
    const step = geodesicMeters(37.5, 127, 37.501, 127);
    const { splits, partial } = computeSplits(tl);
    expect(splits).toHaveLength(1);
    expect(splits[0].distanceMeters).toBe(1000);
    expect(splits[0].durationSeconds).toBe(Math.round((1000 / step) * 30));
    expect(partial!.distanceMeters).toBeCloseTo(10 * step - 1000, 1);
  });

  it('returns nothing for empty, single-point or motionless tracks', () => {
    expect(computeSplits(buildRunTimeline([]))).toEqual({ splits: [], partial: null });
    const still = trackFromLegs([{ duration: 10, speed: 0 }]);
    expect(computeSplits(buildRunTimeline(still))).toEqual({ splits: [], partial: null });
  });
});
