import { BEST_EFFORT_TARGETS, computeBestEfforts } from './best-efforts';
import { seededRandom } from './testing/synthetic';
import { trackFromLegs, T0 } from './testing/tracks';
import { buildRunTimeline } from './timeline';

describe('computeBestEfforts', () => {
  it('has the standard distances, a mile of 1609.344 m and a half of 21 097.5 m', () => {
    expect(BEST_EFFORT_TARGETS.map((t) => [t.key, t.meters])).toEqual([
      ['400m', 400],
      ['1k', 1000],
      ['1mile', 1609.344],
      ['5k', 5000],
      ['10k', 10000],
      ['half', 21097.5],
      ['marathon', 42195],
    ]);
  });

  it('at an even 5:00/km over 12 km every effort is distance × 0.3 s/m; longer ones are absent', () => {
    const run = trackFromLegs([{ duration: 3600, speed: 1000 / 300 }], { dt: 3 });
    const efforts = computeBestEfforts(buildRunTimeline(run));
    expect(efforts.map((e) => e.key)).toEqual(['400m', '1k', '1mile', '5k', '10k']);
    for (const e of efforts) {
      expect(e.durationSeconds).toBeCloseTo(e.distanceMeters * 0.3, 1);
      expect(e.paceSecondsPerKm).toBe(300);
      expect(e.endTime - e.startTime).toBeCloseTo(e.durationSeconds * 1000, -2);
    }
  });

  it('finds a fast kilometre that does not start or end at a fix (interpolated edges)', () => {
    // 3 km at 6:00, 1 km at 4:00, 3 km at 6:00; fixes every 7 s so no fix sits on the edges.
    const run = trackFromLegs(
      [
        { duration: 1080, speed: 1000 / 360 },
        { duration: 240, speed: 1000 / 240 },
        { duration: 1080, speed: 1000 / 360 },
      ],
      { dt: 7 },
    );
    const efforts = computeBestEfforts(buildRunTimeline(run));
    const k1 = efforts.find((e) => e.key === '1k')!;
    // Speed changes mid-step here, so within a step's resolution (the steps are 7 s).
    expect(Math.abs(k1.durationSeconds - 240)).toBeLessThan(1.5);
    expect(Math.abs(k1.startTime - (T0 + 1_080_000))).toBeLessThan(4000);
    expect(run[k1.startIndex].time!).toBeLessThanOrEqual(k1.startTime);
    expect(run[k1.endIndex].time!).toBeGreaterThanOrEqual(k1.endTime);
    const m400 = efforts.find((e) => e.key === '400m')!;
    expect(m400.durationSeconds).toBeCloseTo(96, 1); // well inside the fast kilometre: exact
  });

  it('matches a brute-force scan of every start position on a random pace profile', () => {
    const rnd = seededRandom(21);
    const legs = Array.from({ length: 40 }, () => ({ duration: 20 + rnd() * 100, speed: 2 + rnd() * 3 }));
    const run = trackFromLegs(legs, { dt: 3 });
    const tl = buildRunTimeline(run);
    const efforts = computeBestEfforts(tl, [
      { key: 'a', meters: 400 },
      { key: 'b', meters: 1000 },
    ]);
    // Time at distance x by linear interpolation, then every start at 0.5 m resolution.
    const timeAt = (x: number): number => {
      let i = 0;
      while (i + 1 < tl.length && tl.distance[i + 1] < x) i++;
      const f = (x - tl.distance[i]) / (tl.distance[i + 1] - tl.distance[i]);
      return tl.times[i] + f * (tl.times[i + 1] - tl.times[i]);
    };
    for (const e of efforts) {
      let best = Infinity;
      for (let x = 0; x + e.distanceMeters <= tl.totalDistance; x += 0.5) {
        best = Math.min(best, timeAt(x + e.distanceMeters) - timeAt(x));
      }
      expect(e.durationSeconds).toBeLessThanOrEqual(best / 1000 + 0.05);
      expect(e.durationSeconds).toBeGreaterThan(best / 1000 - 0.5);
    }
  });

  it('counts a rest inside the window (wall-clock time), while distance walked with the timer off is not on the axis', () => {
    const run = trackFromLegs([
      { duration: 150, speed: 1000 / 300 },
      { duration: 60, speed: 1 },
      { duration: 150, speed: 1000 / 300 },
    ]);
    const tl = buildRunTimeline(run, { pauses: [{ start: T0 + 150_000, end: T0 + 210_000 }] });
    expect(tl.totalDistance).toBeCloseTo(1000, 2);
    const k1 = computeBestEfforts(tl, [{ key: '1k', meters: 999.9 }])[0];
    expect(k1.durationSeconds).toBeCloseTo(360, 0);
  });

  it('durations are monotone in distance', () => {
    const rnd = seededRandom(8);
    const legs = Array.from({ length: 30 }, () => ({ duration: 60 + rnd() * 200, speed: 2.5 + rnd() * 2 }));
    const efforts = computeBestEfforts(buildRunTimeline(trackFromLegs(legs, { dt: 2 })));
    for (let i = 1; i < efforts.length; i++) {
      expect(efforts[i].durationSeconds).toBeGreaterThan(efforts[i - 1].durationSeconds);
    }
  });

  it('returns nothing for untimed, single-point or too-short runs', () => {
    const run = trackFromLegs([{ duration: 100, speed: 3 }]);
    expect(computeBestEfforts(buildRunTimeline(run.map((p) => ({ ...p, time: null }))))).toEqual([]);
    expect(computeBestEfforts(buildRunTimeline(run.slice(0, 1)))).toEqual([]);
    expect(computeBestEfforts(buildRunTimeline(run)).map((e) => e.key)).toEqual([]);
  });
});
