import { prepareCourse } from './course-matcher';
import {
  compareWithGhost,
  ghostDistances,
  ghostInterval,
  ghostProfile,
  type GhostProfile,
  hideGhostSamples,
  type TimedFix,
} from './ghost';
import { resample, SEOUL, toLngLat, toRun, type XY } from './testing/synthetic';

const fixes = (xy: XY[], speed: number, start = Date.UTC(2026, 0, 1)): TimedFix[] =>
  toRun(resample(xy, speed), { speed, start, noise: 0.8, seed: 7 }).map((p) => ({
    lat: p.lat,
    lng: p.lng,
    time: p.time!,
  }));

describe('ghost profiles', () => {
  // A 2 km straight course heading east.
  const straight: XY[] = [
    [0, 0],
    [2000, 0],
  ];
  const course = prepareCourse(toLngLat(resample(straight, 50)));

  it('samples every 10 m (or length/400) up to a few hundred samples', () => {
    expect(ghostInterval(2000)).toBe(10);
    expect(ghostDistances(2000)).toHaveLength(201);
    expect(ghostInterval(42_195)).toBeCloseTo(105.49, 2);
    expect(ghostDistances(42_195)).toHaveLength(401);
    expect(ghostDistances(1005).slice(-2)).toEqual([1000, 1005]);
  });

  it('gives the moving time at each distance along the course, from leaving the start', () => {
    const start = Date.UTC(2026, 0, 1);
    // 30 s of standing at the start, then 4 m/s.
    const waiting: TimedFix[] = Array.from({ length: 30 }, (_, i) => ({
      lat: SEOUL.lat(0),
      lng: SEOUL.lng(-5),
      time: start + i * 1000,
    }));
    const profile = ghostProfile(course, [...waiting, ...fixes(straight, 4, start + 30_000)])!;
    expect(profile.intervalMeters).toBe(10);
    expect(profile.seconds[0]).toBe(0);
    for (const k of [50, 100, 150, 200]) {
      expect(Math.abs(profile.seconds[k]! - (k * 10) / 4)).toBeLessThan(1.5);
    }
    // Never decreasing.
    for (let k = 1; k < profile.seconds.length; k++) {
      expect(profile.seconds[k]!).toBeGreaterThanOrEqual(profile.seconds[k - 1]!);
    }
  });

  it('leaves the runner timer pauses out', () => {
    const start = Date.UTC(2026, 0, 1);
    const first = fixes(
      [
        [0, 0],
        [1000, 0],
      ],
      4,
      start,
    );
    const resumedAt = first[first.length - 1].time + 60_000;
    const second = fixes(
      [
        [1000, 0],
        [2000, 0],
      ],
      4,
      resumedAt,
    );
    const pause = { start: first[first.length - 1].time, end: resumedAt };
    const withPause = ghostProfile(course, [...first, ...second], [pause])!;
    const ignoring = ghostProfile(course, [...first, ...second])!;
    expect(Math.abs(withPause.seconds[200]! - 500)).toBeLessThan(2);
    expect(ignoring.seconds[200]! - withPause.seconds[200]!).toBeCloseTo(60, 0);
  });

  it('follows an out-and-back course in order, not by nearest position', () => {
    const outAndBack: XY[] = [
      [0, 0],
      [1000, 0],
      [0, 0],
    ];
    const oab = prepareCourse(toLngLat(resample(outAndBack, 25)));
    const profile = ghostProfile(oab, fixes(outAndBack, 5))!;
    // 1,500 m along the course is on the way back (the same place as 500 m): 300 s, not 100 s.
    const k = 150;
    expect(Math.abs(profile.seconds[k]! - 300)).toBeLessThan(2);
    expect(Math.abs(profile.seconds[50]! - 100)).toBeLessThan(2);
  });

  it('extrapolates the last metres short of the finish at the finishing pace', () => {
    const short = fixes(
      [
        [0, 0],
        [1985, 0],
      ],
      4,
    );
    const profile = ghostProfile(course, short)!;
    expect(profile.seconds[200]).not.toBeNull();
    expect(Math.abs(profile.seconds[200]! - 500)).toBeLessThan(2);
    // An effort that stopped half way is not invented.
    const half = ghostProfile(
      course,
      fixes(
        [
          [0, 0],
          [1000, 0],
        ],
        4,
      ),
    )!;
    expect(half.seconds[150]).toBeNull();
    expect(half.seconds[95]).not.toBeNull();
  });

  it('is null without movement along the course', () => {
    const t = Date.UTC(2026, 0, 1);
    expect(ghostProfile(course, [])).toBeNull();
    expect(
      ghostProfile(course, [
        { lat: SEOUL.lat(500), lng: SEOUL.lng(0), time: t },
        { lat: SEOUL.lat(600), lng: SEOUL.lng(0), time: t + 1000 },
      ]),
    ).toBeNull();
  });

  it('hides the samples inside privacy zones', () => {
    const profile = ghostProfile(course, fixes(straight, 4))!;
    const line = toLngLat(straight);
    const zone = { lat: SEOUL.lat(0), lng: SEOUL.lng(0), radiusMeters: 200 };
    const { profile: hiddenProfile, hidden } = hideGhostSamples(profile, line, [zone]);
    expect(hidden).toBe(21); // 0, 10 … 200 m
    expect(hiddenProfile.seconds.slice(0, 21).every((s) => s === null)).toBe(true);
    expect(hiddenProfile.seconds[21]).toBe(profile.seconds[21]);
    expect(hideGhostSamples(profile, line, []).hidden).toBe(0);
  });
});

describe('compareWithGhost', () => {
  const profileAt = (metresPerSecond: number, courseMeters: number): GhostProfile => ({
    courseMeters,
    intervalMeters: ghostInterval(courseMeters),
    seconds: ghostDistances(courseMeters).map((d) => Math.round((d / metresPerSecond) * 10) / 10),
  });

  it('says per kilometre where time was gained or lost', () => {
    const me = profileAt(4, 2500);
    const ghost = profileAt(5, 2500);
    const splits = compareWithGhost(me, ghost);
    expect(splits.map((s) => [s.from_meters, s.to_meters])).toEqual([
      [0, 1000],
      [1000, 2000],
      [2000, 2500],
    ]);
    expect(splits[0]).toEqual({
      from_meters: 0,
      to_meters: 1000,
      seconds: 250,
      ghost_seconds: 200,
      gained_seconds: -50,
      gap_seconds: 50,
    });
    expect(splits[2].gap_seconds).toBe(125);
    expect(compareWithGhost(ghost, me)[1].gained_seconds).toBe(50);
  });

  it('skips stretches it cannot time', () => {
    const me = profileAt(4, 2000);
    const ghost = profileAt(5, 2000);
    ghost.seconds[100] = null;
    expect(compareWithGhost(me, ghost).map((s) => s.from_meters)).toEqual([]);
    expect(compareWithGhost(me, profileAt(5, 3000))).toEqual([]);
  });
});
