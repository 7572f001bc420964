import { computeRunValues, showDeviceTotals } from './run-values';

/** 1 km due north in 300 s, a fix every second. */
const points = Array.from({ length: 301 }, (_, i) => ({
  lat: 37.5 + (i * 1000) / 300 / 111_320,
  lng: 127,
  ele: null,
  time: 1_700_000_000_000 + i * 1000,
}));

describe('showDeviceTotals', () => {
  const ours = computeRunValues({ points });

  it('shows the device’s distance, timer and elapsed time, the pace from them, and keeps ours beside', () => {
    const shown = showDeviceTotals(ours, {
      distanceMeters: 1049.6,
      durationSeconds: 320.4,
      elapsedSeconds: 330,
    });
    expect(shown).toMatchObject({
      distanceMeters: 1050,
      durationSeconds: 320,
      totalElapsedSeconds: 330,
      avgPaceSecondsPerKm: Math.round(320 / 1.05),
      avgSpeedMs: Math.round((1050 / 320) * 100) / 100,
      gpsDistanceMeters: ours.distanceMeters,
      movingTimeSeconds: ours.durationSeconds,
      elapsedSeconds: ours.totalElapsedSeconds,
    });
    // What is read from the track stays ours.
    expect(shown.splits).toBe(ours.splits);
    expect(shown.bestPaceSecondsPerKm).toBe(ours.bestPaceSecondsPerKm);
  });

  it('a total the device did not give leaves ours shown', () => {
    expect(showDeviceTotals(ours, null)).toBe(ours);
    expect(showDeviceTotals(ours, { distanceMeters: 0, durationSeconds: null, elapsedSeconds: null })).toBe(
      ours,
    );
    const distanceOnly = showDeviceTotals(ours, {
      distanceMeters: 1100,
      durationSeconds: null,
      elapsedSeconds: null,
    });
    expect(distanceOnly).toMatchObject({ distanceMeters: 1100, durationSeconds: ours.durationSeconds });
  });

  it('our own figures equal the shown ones when nothing else is shown', () => {
    expect([ours.gpsDistanceMeters, ours.movingTimeSeconds, ours.elapsedSeconds]).toEqual([
      ours.distanceMeters,
      ours.durationSeconds,
      ours.totalElapsedSeconds,
    ]);
  });
});
