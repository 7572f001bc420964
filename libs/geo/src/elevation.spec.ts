import {
  ELEVATION_HYSTERESIS_M,
  ELEVATION_SMOOTHING_WINDOW_M,
  cumulativeDistances,
  hysteresisGainLoss,
  sampleElevationProfile,
  smoothElevations,
  summarizeElevation,
} from './elevation';
import { trackFromLegs } from './testing/tracks';
import { buildRunTimeline } from './timeline';
import type { GeoPoint } from './types';

function summarize(points: GeoPoint[], opts = {}) {
  const d = cumulativeDistances(buildRunTimeline(points).stepLength);
  return summarizeElevation(points, d, opts);
}

describe('hysteresisGainLoss', () => {
  it('§10.1 worked example: 10,11,13,12,15,15.5,18,16,10,(0),20 with 2 m → gain 18, loss 8', () => {
    expect(hysteresisGainLoss([10, 11, 13, 12, 15, 15.5, 18, 16, 10, NaN, 20], 2)).toEqual({
      gain: 18,
      loss: 8,
    });
  });

  it('ignores wiggles smaller than the threshold', () => {
    expect(hysteresisGainLoss([10, 12, 10, 12, 10, 12], 3)).toEqual({ gain: 0, loss: 0 });
    expect(hysteresisGainLoss([], 3)).toEqual({ gain: 0, loss: 0 });
  });
});

describe('smoothed elevation gain/loss', () => {
  it('documents its constants', () => {
    expect(ELEVATION_SMOOTHING_WINDOW_M).toBe(100);
    expect(ELEVATION_HYSTERESIS_M).toBe(3);
  });

  it('GPS altitude noise (σ 4 m) on a flat 5 km run adds almost no climb; the raw sum would add hundreds of metres', () => {
    const run = trackFromLegs([{ duration: 1500, speed: 3.33 }], { eleNoise: 4, seed: 3 });
    let raw = 0;
    for (let i = 1; i < run.length; i++)
      raw += Math.max(0, (run[i].ele as number) - (run[i - 1].ele as number));
    const s = summarize(run);
    expect(raw).toBeGreaterThan(1000);
    expect(s.gainMeters).toBeLessThan(10);
    expect(s.lossMeters).toBeLessThan(10);
  });

  it('keeps a real 50 m hill (up 1 km, down 1 km) under the same noise', () => {
    const run = trackFromLegs(
      [
        { duration: 300, speed: 3.33, climb: 50 },
        { duration: 300, speed: 3.33, climb: -50 },
      ],
      { eleNoise: 2, seed: 5 },
    );
    const s = summarize(run);
    // Smoothing rounds the summit a little and hysteresis may drop < 3 m there.
    expect(s.gainMeters).toBeGreaterThan(42);
    expect(s.gainMeters).toBeLessThan(53);
    expect(s.lossMeters).toBeGreaterThan(42);
    expect(s.lossMeters).toBeLessThan(53);
    expect(s.maxMeters).toBeGreaterThan(95);
    expect(s.minMeters).toBeLessThan(55);
  });

  it('ignores null elevations and, by default, exact zeros', () => {
    const run = trackFromLegs([{ duration: 600, speed: 3, climb: 30 }]).map((p, i) => ({
      ...p,
      ele: i % 3 === 0 ? null : i % 7 === 0 ? 0 : p.ele,
    }));
    const s = summarize(run);
    expect(s.gainMeters).toBeGreaterThan(27);
    expect(s.gainMeters).toBeLessThan(31);
    expect(s.lossMeters).toBe(0);
    expect(s.minMeters).toBeGreaterThan(0);
    // Treating the zeros as real creates big fake drops.
    expect(summarize(run, { zeroIsMissing: false }).lossMeters).toBeGreaterThan(100);
  });

  it('returns zeros and an empty profile without any elevation', () => {
    const run = trackFromLegs([{ duration: 60, speed: 3 }], { startEle: null });
    expect(summarize(run)).toEqual({
      gainMeters: 0,
      lossMeters: 0,
      minMeters: null,
      maxMeters: null,
      profile: [],
    });
  });

  it('fills points without elevation by interpolating along the distance', () => {
    const pts: GeoPoint[] = trackFromLegs([{ duration: 4, speed: 10 }]).map((p, i) => ({
      ...p,
      ele: i === 0 ? 10 : i === 4 ? 20 : null,
    }));
    const d = cumulativeDistances(buildRunTimeline(pts).stepLength);
    const s = smoothElevations(pts, d, { smoothingWindowMeters: 1 });
    expect(Array.from(s).map((v) => Math.round(v * 10) / 10)).toEqual([10, 12.5, 15, 17.5, 20]);
  });
});

describe('sampleElevationProfile', () => {
  it('samples evenly by distance, first and last included, 1 dp', () => {
    const ele = Float64Array.from([0, 10, 20, 30, 40]);
    const dist = Float64Array.from([0, 100, 200, 300, 400]);
    expect(sampleElevationProfile(ele, dist, 3)).toEqual([0, 20, 40]);
    expect(sampleElevationProfile(ele, dist, 5)).toEqual([0, 10, 20, 30, 40]);
    expect(sampleElevationProfile(ele, dist, 9)[1]).toBe(5);
  });

  it('produces 100 samples by default and handles degenerate input', () => {
    const run = trackFromLegs([{ duration: 600, speed: 3, climb: 30 }]);
    expect(summarize(run).profile).toHaveLength(100);
    expect(sampleElevationProfile([], [], 10)).toEqual([]);
    expect(sampleElevationProfile([7.04], [0], 10)).toEqual([7]);
    expect(sampleElevationProfile([NaN, NaN], [0, 1], 10)).toEqual([]);
  });
});
