import { computeRunValues, durationComparableWith, showDeviceTotals } from './run-values';

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

describe('a client summary against our figures', () => {
  const T0 = 1_700_000_000_000;
  const METRE_LAT = 1 / 111_320;
  /** 1.8 km at 3 m/s, standing still for 400 s after the first 600 s (no pause pressed), then on. */
  const withStop = [
    ...Array.from({ length: 600 }, (_, i) => ({
      lat: 37.5 + i * 3 * METRE_LAT,
      lng: 127,
      ele: null,
      time: T0 + i * 1000,
    })),
    ...Array.from({ length: 400 }, (_, i) => ({
      lat: 37.5 + 1800 * METRE_LAT,
      lng: 127,
      ele: null,
      time: T0 + (600 + i) * 1000,
    })),
    ...Array.from({ length: 601 }, (_, i) => ({
      lat: 37.5 + (1800 + i * 3) * METRE_LAT,
      lng: 127,
      ele: null,
      time: T0 + (1000 + i) * 1000,
    })),
  ];
  const measured = computeRunValues({ points: withStop });

  it('compares a timer that counted the stop with our timer time, not our moving time', () => {
    expect(measured.movingTimeSeconds).toBeLessThan(1300);
    const watch = { distanceMeters: measured.gpsDistanceMeters, durationSeconds: 1600 };
    const values = computeRunValues({ points: withStop, clientSummary: watch });
    expect(values.flagReasons).toEqual([]);
    expect(values.isFlagged).toBe(false);
  });

  it('compares a timer with auto-pause with our moving time', () => {
    const watch = {
      distanceMeters: measured.gpsDistanceMeters,
      durationSeconds: measured.movingTimeSeconds + 20,
    };
    expect(computeRunValues({ points: withStop, clientSummary: watch }).isFlagged).toBe(false);
  });

  it('still flags a duration far from both', () => {
    const claimed = { distanceMeters: measured.gpsDistanceMeters, durationSeconds: 2400 };
    const values = computeRunValues({ points: withStop, clientSummary: claimed });
    expect(values.isFlagged).toBe(true);
    expect(values.comparison?.codes).toEqual(['DURATION_MISMATCH']);
  });
});

describe('durationComparableWith', () => {
  it('takes the closer of our moving time and our timer time', () => {
    expect(durationComparableWith(1590, 1200, 1600)).toBe(1600);
    expect(durationComparableWith(1210, 1200, 1600)).toBe(1200);
    expect(durationComparableWith(5000, 1200, 1600)).toBe(1600);
  });
});
