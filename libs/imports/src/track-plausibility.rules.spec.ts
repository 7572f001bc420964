import {
  firstImplausibleGap,
  implausibleTrackReason,
  isImplausibleGap,
  MAX_GAP_METERS,
  MAX_GAP_SECONDS,
} from './track-plausibility.rules';

const T0 = Date.UTC(2026, 0, 10, 7);
/** Points due north from 37.5 N, 127 E, `metersApart` and `secondsApart` from each other. */
function track(n: number, metersApart: number, secondsApart: number) {
  return Array.from({ length: n }, (_, i) => ({
    lat: 37.5 + (i * metersApart) / 111_195,
    lng: 127,
    time: T0 + i * secondsApart * 1000,
  }));
}

describe('track plausibility', () => {
  it('accepts a dense recording', () => {
    expect(implausibleTrackReason(track(600, 3, 1))).toBeNull();
    expect(implausibleTrackReason(track(60, 90, 30))).toBeNull(); // smart recording
  });

  it('refuses two points 25 km apart', () => {
    const two = [
      { lat: 37.5, lng: 127, time: T0 },
      { lat: 37.5 + 25_000 / 111_195, lng: 127, time: T0 + 7_200_000 },
    ];
    const gap = firstImplausibleGap(two)!;
    expect(Math.round(gap.meters / 100) * 100).toBe(25_000);
    expect(implausibleTrackReason(two)).toMatch(
      /^Implausible track: 25\.00 km without a recorded point in 7200 s/,
    );
  });

  it('judges distance and running time of each gap', () => {
    expect(isImplausibleGap({ meters: MAX_GAP_METERS + 1, seconds: 10 })).toBe(true);
    expect(isImplausibleGap({ meters: MAX_GAP_METERS, seconds: 10 })).toBe(false);
    expect(isImplausibleGap({ meters: 400, seconds: MAX_GAP_SECONDS + 1 })).toBe(true);
    // Standing still unrecorded for ten minutes adds no distance: fine.
    expect(isImplausibleGap({ meters: 20, seconds: 600 })).toBe(false);
  });

  it('does not count a recorded pause as a gap', () => {
    const points = [
      { lat: 37.5, lng: 127, time: T0 },
      { lat: 37.5 + 300 / 111_195, lng: 127, time: T0 + 900_000 }, // 300 m in 15 min
    ];
    expect(implausibleTrackReason(points)).toMatch(/Implausible/);
    expect(implausibleTrackReason(points, [{ start: T0 + 60_000, end: T0 + 840_000 }])).toBeNull();
  });

  it('reads the points in time order and skips untimed ones', () => {
    const points = [...track(10, 5, 1)].reverse();
    expect(implausibleTrackReason([...points, { lat: 38, lng: 127, time: null }])).toBeNull();
  });
});
