import { maxSustainedSpeed, MAX_SPEED_WINDOW_S } from './max-speed';
import { SEOUL } from './testing/synthetic';
import { trackFromLegs, T0 } from './testing/tracks';
import { buildRunTimeline } from './timeline';

function maxSpeed(points: ReturnType<typeof trackFromLegs>, pauses = []) {
  return maxSustainedSpeed(points, buildRunTimeline(points, { pauses }));
}

describe('maxSustainedSpeed', () => {
  it('uses a 10 s window', () => {
    expect(MAX_SPEED_WINDOW_S).toBe(10);
  });

  it('is the running speed on a steady run, even with GPS noise', () => {
    expect(maxSpeed(trackFromLegs([{ duration: 300, speed: 3 }]))).toBeCloseTo(3, 4);
    expect(maxSpeed(trackFromLegs([{ duration: 300, speed: 3 }], { noise: 3 }))!).toBeLessThan(4);
  });

  it('finds a 30 s sprint at 6 m/s', () => {
    const run = trackFromLegs([
      { duration: 120, speed: 3 },
      { duration: 30, speed: 6 },
      { duration: 120, speed: 3 },
    ]);
    expect(maxSpeed(run)).toBeCloseTo(6, 4);
  });

  it('is not set by a single bad fix 60 m off', () => {
    const run = trackFromLegs([{ duration: 300, speed: 3 }]);
    run[150] = { ...run[150], lng: SEOUL.lng(60) };
    expect(maxSpeed(run)!).toBeLessThan(3.2);
  });

  it('ignores windows that span a pause (a bus ride with the timer stopped)', () => {
    const run = trackFromLegs([
      { duration: 60, speed: 3 },
      { duration: 60, speed: 15 },
      { duration: 60, speed: 3 },
    ]);
    expect(maxSpeed(run)).toBeCloseTo(15, 3);
    expect(
      maxSustainedSpeed(run, buildRunTimeline(run, { pauses: [{ start: T0 + 60_000, end: T0 + 120_000 }] })),
    ).toBeCloseTo(3, 4);
  });

  it('is null for runs shorter than the window and uses a lone window as is', () => {
    expect(maxSpeed(trackFromLegs([{ duration: 5, speed: 3 }]))).toBeNull();
    expect(maxSpeed(trackFromLegs([{ duration: 10, speed: 3 }]))).toBeCloseTo(3, 4);
    expect(
      maxSpeed(trackFromLegs([{ duration: 30, speed: 3 }]).map((p) => ({ ...p, time: null }))),
    ).toBeNull();
  });
});
