import { Geodesic } from 'geographiclib-geodesic';
import {
  CURVED_THRESHOLD_M,
  STRAIGHT_THRESHOLD_M,
  distancesToCourse,
  locateOnCourse,
  matchRunToCourse,
  prepareCourse,
} from './course-matcher';
import { mengerCurvature } from './curvature';
import { closestOnArc, fromVector, toUnitVector } from './great-circle';
import { createLocalProjection, geodesicMeters } from './distance';
import {
  SEOUL,
  circle,
  gaussian,
  resample,
  seededRandom,
  toLngLat,
  toRun,
  type XY,
} from './testing/synthetic';
import type { GeoPoint, LatLng, LngLat } from './types';

/** The reference test's way of placing a point `m` metres east: degrees = m / (111 320 · cos φ). */
function referenceEast(lat: number, lng: number, m: number): LatLng {
  return { lat, lng: lng + m / (111_320 * Math.cos((lat * Math.PI) / 180)) };
}

const NS_COURSE: LngLat[] = [
  [127.0, 37.5],
  [127.0, 37.51],
];

function nsRunner(offsetM: number): LatLng[] {
  return Array.from({ length: 11 }, (_, i) => referenceEast(37.5 + i * 0.001, 127.0, offsetM));
}

describe('§5 worked examples (straight N–S course 37.50 → 37.51 at 127.0, 11 points offset east)', () => {
  const course = prepareCourse(NS_COURSE);

  it('offset 40 m → 100 %, completed (max 40.1 on WGS84; the reference sphere says 40.0)', () => {
    const r = matchRunToCourse(course, nsRunner(40));
    expect(r.routeMatchPercent).toBe(100);
    expect(r.isCompleted).toBe(true);
    expect(r.reasons).toEqual([]);
    expect(r.maxDeviationMeters).toBeGreaterThanOrEqual(40);
    expect(r.maxDeviationMeters).toBeLessThanOrEqual(40.1);
    expect(r.deviationPoints).toBe(0);
    expect(r.warningPoints).toBe(11); // 40 m is beyond the 30 m warning distance
    expect(r.curveSectionCount).toBe(0);
    expect(matchRunToCourse(course, nsRunner(29)).warningPoints).toBe(0);
  });

  it('offset "50 m" built in raw degrees → 0 % on WGS84 (Decision 2: it is really 50.06 m; the reference reports 100 %, max 49.9)', () => {
    const r = matchRunToCourse(course, nsRunner(50));
    expect(r.maxDeviationMeters).toBe(50.1);
    expect(r.routeMatchPercent).toBe(0);
    expect(r.isCompleted).toBe(false);
    // The same points measured on the reference's sphere give its 49.9 m.
    const p = nsRunner(50)[5];
    const sphere = ((6_371_000 * ((p.lng - 127) * Math.PI)) / 180) * Math.cos((p.lat * Math.PI) / 180);
    expect(Math.round(sphere * 10) / 10).toBe(49.9);
  });

  it('points truly 49.9 m away on WGS84 match and 50.1 m do not (threshold ≤ 50 inclusive)', () => {
    const proj = createLocalProjection(37.505, 127);
    const at = (m: number): LatLng[] =>
      Array.from({ length: 11 }, (_, i) => ({ lat: 37.5 + i * 0.001, lng: proj.lng(m) }));
    expect(matchRunToCourse(course, at(49.9)).routeMatchPercent).toBe(100);
    expect(matchRunToCourse(course, at(50.1)).routeMatchPercent).toBe(0);
  });

  it('offset 55 m → 0 %, not completed (max 55.1 on WGS84; the reference sphere says 54.9)', () => {
    const r = matchRunToCourse(course, nsRunner(55));
    expect(r.routeMatchPercent).toBe(0);
    expect(r.maxDeviationMeters).toBe(55.1);
    expect(r.isCompleted).toBe(false);
    expect(r.deviationPoints).toBe(11);
    expect(r.reasons).toContain('LOW_MATCH_PERCENT');
  });

  it('8 of 10 points matched → 80.0 %, completed', () => {
    const pts = Array.from({ length: 10 }, (_, i) =>
      referenceEast(37.5 + (i * 0.01) / 9, 127, i === 4 || i === 5 ? 100 : 5),
    );
    const r = matchRunToCourse(course, pts);
    expect(r.routeMatchPercent).toBe(80);
    expect(r.matchedPoints).toBe(8);
    expect(r.deviationPoints).toBe(2);
    expect(r.isCompleted).toBe(true);
  });

  it('7 of 10 points matched → 70.0 %, not completed', () => {
    const pts = Array.from({ length: 10 }, (_, i) =>
      referenceEast(37.5 + (i * 0.01) / 9, 127, i >= 3 && i <= 5 ? 100 : 5),
    );
    const r = matchRunToCourse(course, pts);
    expect(r.routeMatchPercent).toBe(70);
    expect(r.isCompleted).toBe(false);
    expect(r.reasons).toContain('LOW_MATCH_PERCENT');
  });

  it('an empty run or a course under 2 points is not completed, 0 %', () => {
    const empty = matchRunToCourse(course, []);
    expect(empty.isCompleted).toBe(false);
    expect(empty.routeMatchPercent).toBe(0);
    expect(empty.totalPoints).toBe(0);
    expect(empty.startDistanceMeters).toBeNull();
    expect(empty.reasons).toContain('NOT_ENOUGH_POINTS');

    for (const line of [
      [],
      [[127, 37.5]],
      [
        [127, 37.5],
        [127, 37.5],
      ],
    ] as LngLat[][]) {
      const r = matchRunToCourse(prepareCourse(line), nsRunner(0));
      expect(r.isCompleted).toBe(false);
      expect(r.routeMatchPercent).toBe(0);
      expect(r.reasons).toEqual(['INVALID_COURSE']);
    }
  });
});

describe('§5 worked example: right-angle course (37.5,127.0) → (37.5005,127.0) → (37.5005,127.0006)', () => {
  const line: LngLat[] = [
    [127.0, 37.5],
    [127.0, 37.5005],
    [127.0006, 37.5005],
  ];
  const course = prepareCourse(line);
  const proj = createLocalProjection(37.5, 127);

  it('curvature ≈ 0.01303 (metric plane instead of haversine sides: same to 3 significant digits); both segments curved', () => {
    const k = mengerCurvature(
      proj.x(127),
      proj.y(37.5),
      proj.x(127),
      proj.y(37.5005),
      proj.x(127.0006),
      proj.y(37.5005),
    );
    expect(k).toBeCloseTo(0.01303, 4);
    expect(course.curveSectionCount).toBe(2);
  });

  it('points 55 m off → 100 % under the 60 m curved rule (≥ 10 points, as our minimum requires)', () => {
    // 55 m west of the first leg and 55 m north of the second leg.
    const west = proj.x(127) - 55;
    const north = proj.y(37.5005) + 55;
    const pts: LatLng[] = [];
    for (let i = 0; i <= 5; i++) pts.push({ lat: 37.5 + (i * 0.0005) / 5, lng: proj.lng(west) });
    for (let i = 1; i <= 5; i++) pts.push({ lat: proj.lat(north), lng: 127 + (i * 0.0006) / 5 });
    const r = matchRunToCourse(course, pts);
    expect(r.routeMatchPercent).toBe(100);
    expect(r.maxDeviationMeters).toBeCloseTo(55, 0);
    expect(r.curveSectionCount).toBe(2);
    // The same offset against a straight course fails the 50 m rule.
    const straight = matchRunToCourse(prepareCourse(NS_COURSE), nsRunner(55));
    expect(straight.routeMatchPercent).toBe(0);
    expect(STRAIGHT_THRESHOLD_M).toBe(50);
    expect(CURVED_THRESHOLD_M).toBe(60);
  });
});

/** Run points sampled every `spacing` m along planar shape `xy`. */
function runAlong(xy: XY[], spacing = 5, noise = 0, seed = 1): GeoPoint[] {
  return toRun(resample(xy, spacing), { noise, seed });
}

describe('in-order coverage (Decision 2)', () => {
  const loopXY = circle(400, 120); // ≈ 2.5 km, counter-clockwise from the south point
  const loop = prepareCourse(toLngLat(loopXY));

  it('a loop run in its direction completes with ~100 % coverage', () => {
    const r = matchRunToCourse(loop, runAlong(loopXY, 4, 5));
    expect(r.isCompleted).toBe(true);
    expect(r.coveragePercent).toBeGreaterThanOrEqual(99);
    expect(r.routeMatchPercent).toBe(100);
  });

  it('Decision 2: the same loop run backwards matches 100 % of points but is not completed (LOW_COVERAGE)', () => {
    const r = matchRunToCourse(loop, runAlong([...loopXY].reverse(), 4, 5));
    expect(r.routeMatchPercent).toBe(100);
    expect(r.coveragePercent).toBeLessThan(10);
    expect(r.isCompleted).toBe(false);
    expect(r.reasons).toEqual(['LOW_COVERAGE']);
  });

  it('two laps of a loop course complete (progress stays at the end)', () => {
    const r = matchRunToCourse(loop, runAlong([...loopXY, ...loopXY.slice(1)], 5, 4));
    expect(r.isCompleted).toBe(true);
    expect(r.coveragePercent).toBeGreaterThanOrEqual(99);
  });

  // Figure-eight: two 300 m circles touching at the origin, each run from the crossing.
  const lobeA = circle(300, 90, false, 0, 300); // north lobe, starts at the origin (its south point)
  // South lobe centred on (0, -300), mirrored so it starts at the origin (its north point).
  const southLobe: XY[] = circle(300, 90, true).map(([x, y]): XY => [x, -y - 300]);
  const eightXY: XY[] = [...lobeA, ...southLobe.slice(1)];
  const eight = prepareCourse(toLngLat(eightXY));

  it('a figure-eight run in order completes even though the crossing is near both lobes', () => {
    const r = matchRunToCourse(eight, runAlong(eightXY, 5, 4));
    expect(r.isCompleted).toBe(true);
    expect(r.coveragePercent).toBeGreaterThanOrEqual(99);
  });

  it('Decision 2: a figure-eight run lobe B first, then lobe A, matches 100 % but is not completed', () => {
    const r = matchRunToCourse(eight, runAlong([...southLobe, ...lobeA.slice(1)], 5, 4));
    expect(r.routeMatchPercent).toBe(100);
    expect(r.startDistanceMeters).toBeLessThan(20);
    expect(r.finishDistanceMeters).toBeLessThan(20);
    expect(r.coveragePercent).toBeLessThan(70);
    expect(r.reasons).toEqual(['LOW_COVERAGE']);
  });

  it('Decision 2: running the first lobe twice is not the figure-eight', () => {
    const r = matchRunToCourse(eight, runAlong([...lobeA, ...lobeA.slice(1)], 5, 4));
    expect(r.isCompleted).toBe(false);
    expect(r.reasons).toContain('LOW_COVERAGE');
  });

  // Out-and-back on one road: 1.5 km north and back, the return leg 6 m to the side.
  const outXY: XY[] = [
    [0, 0],
    [0, 1500],
    [6, 1500],
    [6, 0],
  ];
  const outAndBack = prepareCourse(toLngLat(outXY));

  it('an out-and-back run completes although every point is near both legs', () => {
    const r = matchRunToCourse(outAndBack, runAlong(outXY, 5, 4));
    expect(r.isCompleted).toBe(true);
    expect(r.coveragePercent).toBeGreaterThanOrEqual(99);
  });

  it('Decision 2: turning back at 40 % of the way out touches only course points but is not completed', () => {
    const shortXY: XY[] = [
      [0, 0],
      [0, 600],
      [6, 600],
      [6, 0],
    ];
    const r = matchRunToCourse(outAndBack, runAlong(shortXY, 5, 4));
    expect(r.routeMatchPercent).toBe(100);
    expect(r.startDistanceMeters).toBeLessThan(20);
    expect(r.finishDistanceMeters).toBeLessThan(20);
    expect(r.coveragePercent).toBeLessThan(50);
    expect(r.reasons).toEqual(['LOW_COVERAGE']);
  });

  it('Decision 2: a lollipop run that skips the loop (shortcut) is not completed though all its points are on the course', () => {
    // 1 km stick north, a 2.5 km loop, the stick back south.
    const stick: XY[] = resample(
      [
        [0, 0],
        [0, 1000],
      ],
      20,
    );
    const head = circle(400, 120).map(([x, y]): XY => [x, y + 1400]);
    const course = prepareCourse(toLngLat([...stick, ...head.slice(1), ...[...stick].reverse().slice(1)]));
    const r = matchRunToCourse(course, runAlong([...stick, ...[...stick].reverse().slice(1)], 5, 3));
    expect(r.routeMatchPercent).toBe(100);
    expect(r.coveragePercent).toBeLessThan(50);
    expect(r.reasons).toEqual(['LOW_COVERAGE']);
  });

  it('Decision 2: cutting across a loop loses the arc it skipped beyond the chord it ran (and the chord is off course)', () => {
    // Run the first 45 % of the loop, cut straight to 85 % (chord 761 m for a 1005 m arc), run on.
    const n = loopXY.length - 1;
    const a = Math.round(n * 0.45);
    const b = Math.round(n * 0.85);
    const xy: XY[] = [...loopXY.slice(0, a + 1), ...loopXY.slice(b)];
    const r = matchRunToCourse(loop, runAlong(xy, 5, 3));
    // Arc 1005 m minus the off-course chord (≈ 654 m between the last and first matching points)
    // minus the 100 m slack: ≈ 8 % of the 2.5 km loop is not credited.
    expect(r.coveragePercent).toBeGreaterThan(88);
    expect(r.coveragePercent).toBeLessThan(95);
    expect(r.isCompleted).toBe(false);
    expect(r.reasons).toEqual(['LOW_MATCH_PERCENT', 'TOO_MANY_DEVIATIONS']);
  });

  it('Decision 2: a shortcut skipping 30 % of a long course along a parallel street is LOW_COVERAGE', () => {
    // 5 km course: 2 km north, 1 km east, 2 km south (a U). The runner cuts the U's bottom
    // half: goes 1 km north, straight east 1 km (off course), then 1 km south.
    const uXY: XY[] = [
      [0, 0],
      [0, 2000],
      [1000, 2000],
      [1000, 0],
    ];
    const course = prepareCourse(toLngLat(uXY));
    const cut: XY[] = [
      [0, 0],
      [0, 1000],
      [1000, 1000],
      [1000, 0],
    ];
    const r = matchRunToCourse(course, runAlong(cut, 5, 3));
    expect(r.coveragePercent).toBeLessThan(70);
    expect(r.reasons).toContain('LOW_COVERAGE');
  });

  it('a run that starts 500 m into a point-to-point course is not completed (START_TOO_FAR, LOW_COVERAGE)', () => {
    const lineXY: XY[] = [
      [0, 0],
      [0, 1500],
      [1500, 1500],
    ];
    const course = prepareCourse(toLngLat(lineXY));
    const r = matchRunToCourse(
      course,
      runAlong(
        [
          [0, 500],
          [0, 1500],
          [1500, 1500],
        ],
        5,
        3,
      ),
    );
    expect(r.routeMatchPercent).toBe(100);
    expect(r.reasons).toEqual(['START_TOO_FAR', 'LOW_COVERAGE']);
    expect(r.coveragePercent).toBeGreaterThan(80);
    expect(r.coveragePercent).toBeLessThan(90);
  });

  it('running 300 m past the finish is FINISH_TOO_FAR (finish means the run ends at the course end)', () => {
    const lineXY: XY[] = [
      [0, 0],
      [0, 2000],
    ];
    const course = prepareCourse(toLngLat(lineXY));
    const r = matchRunToCourse(
      course,
      runAlong(
        [
          [0, 0],
          [0, 2000],
          [300, 2000],
        ],
        5,
        3,
      ),
    );
    expect(r.coveragePercent).toBeGreaterThanOrEqual(99);
    expect(r.reasons).toEqual(['FINISH_TOO_FAR']);
  });

  it('a GPS gap of 400 m (tunnel) on a straight stretch is bridged', () => {
    const lineXY: XY[] = [
      [0, 0],
      [0, 1000],
      [800, 1000],
    ];
    const course = prepareCourse(toLngLat(lineXY));
    const pts = runAlong(lineXY, 5, 3).filter((p) => {
      const y = SEOUL.y(p.lat);
      return y < 300 || y > 700;
    });
    const r = matchRunToCourse(course, pts);
    expect(r.isCompleted).toBe(true);
    expect(r.coveragePercent).toBeGreaterThanOrEqual(99);
    expect(r.longestOffCourseMeters).toBe(0);
  });

  it('a detour of 1.2 km off the course is TOO_MANY_DEVIATIONS even when 80 % of points match', () => {
    // 6 km straight course; the runner leaves at 2 km for a 1.6 km loop to the east, with sparse
    // points there (smart recording), and rejoins where they left.
    const lineXY: XY[] = [
      [0, 0],
      [0, 6000],
    ];
    const course = prepareCourse(toLngLat(lineXY));
    const before = resample(
      [
        [0, 0],
        [0, 2000],
      ],
      5,
    );
    const detour = resample(
      [
        [0, 2000],
        [300, 2000],
        [300, 2500],
        [100, 2500],
        [100, 2000],
        [0, 2000],
      ],
      100,
    ).slice(1, -1);
    const after = resample(
      [
        [0, 2000],
        [0, 6000],
      ],
      5,
    );
    const r = matchRunToCourse(course, toRun([...before, ...detour, ...after]));
    expect(r.routeMatchPercent).toBeGreaterThan(95);
    expect(r.coveragePercent).toBeGreaterThan(99);
    expect(r.longestOffCourseMeters).toBeGreaterThan(1400);
    expect(r.reasons).toEqual(['TOO_MANY_DEVIATIONS']);
  });

  it('noisy GPS (σ 8 m, plus a few 80 m spikes) on a curvy 5 km course still completes', () => {
    const rnd = seededRandom(11);
    const wiggle: XY[] = [];
    for (let i = 0; i <= 500; i++) wiggle.push([i * 10, 150 * Math.sin(i / 25) + 40 * Math.sin(i / 7)]);
    const course = prepareCourse(toLngLat(wiggle));
    const run = toRun(resample(wiggle, 4), { noise: 8, seed: 5 });
    for (let k = 0; k < 10; k++) {
      const i = 50 + Math.floor(rnd() * (run.length - 100));
      run[i] = { ...run[i], lat: run[i].lat + (80 / 111_000) * (rnd() > 0.5 ? 1 : -1) };
    }
    const r = matchRunToCourse(course, run);
    expect(r.isCompleted).toBe(true);
    expect(r.routeMatchPercent).toBeGreaterThan(95);
    expect(r.coveragePercent).toBeGreaterThan(98);
    expect(r.maxDeviationMeters).toBeGreaterThan(60);
  });

  it('a run elsewhere entirely is far from everything', () => {
    const r = matchRunToCourse(loop, runAlong(circle(400, 120, false, 5000, 5000), 10));
    expect(r.routeMatchPercent).toBe(0);
    expect(r.coveragePercent).toBe(0);
    expect(r.reasons).toEqual([
      'START_TOO_FAR',
      'FINISH_TOO_FAR',
      'LOW_MATCH_PERCENT',
      'TOO_MANY_DEVIATIONS',
      'LOW_COVERAGE',
    ]);
  });

  it('requires at least 10 usable points and skips unusable ones', () => {
    const few = runAlong(
      [
        [0, -400],
        [0, -395],
      ],
      1,
    ).slice(0, 5);
    expect(matchRunToCourse(loop, few).reasons).toContain('NOT_ENOUGH_POINTS');
    const withJunk: LatLng[] = [...runAlong(loopXY, 5)];
    withJunk.splice(10, 0, { lat: NaN, lng: 127 }, { lat: 95, lng: 127 });
    const r = matchRunToCourse(loop, withJunk);
    expect(r.totalPoints).toBe(withJunk.length - 2);
    expect(r.isCompleted).toBe(true);
  });

  it('options override the thresholds', () => {
    const run = nsRunner(55);
    const r = matchRunToCourse(prepareCourse(NS_COURSE), run, { straightThresholdMeters: 56 });
    expect(r.routeMatchPercent).toBe(100);
    const strict = matchRunToCourse(loop, runAlong(loopXY, 5, 5), { minCoverageRatio: 1.01 });
    expect(strict.reasons).toEqual(['LOW_COVERAGE']);
  });
});

describe('distances agree with the ellipsoid (PostGIS geography semantics)', () => {
  /**
   * Brute force, as specified: the nearest point over every segment — in the course's metric
   * plane up to 100 m away, on the sphere's great-circle edges (PostGIS's way) beyond — then the
   * WGS84 geodesic (Karney) to it.
   */
  function bruteForce(line: LngLat[], p: LatLng): number {
    const proj = createLocalProjection(line.reduce((s, c) => s + c[1], 0) / line.length, line[0][0]);
    const px = proj.x(p.lng);
    const py = proj.y(p.lat);
    let best = Infinity;
    let bestLat = 0;
    let bestLng = 0;
    for (let i = 0; i + 1 < line.length; i++) {
      const ax = proj.x(line[i][0]);
      const ay = proj.y(line[i][1]);
      const bx = proj.x(line[i + 1][0]);
      const by = proj.y(line[i + 1][1]);
      const dx = bx - ax;
      const dy = by - ay;
      const l2 = dx * dx + dy * dy;
      const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / l2));
      const d = Math.hypot(ax + t * dx - px, ay + t * dy - py);
      if (d < best) {
        best = d;
        bestLng = line[i][0] + t * (line[i + 1][0] - line[i][0]);
        bestLat = line[i][1] + t * (line[i + 1][1] - line[i][1]);
      }
    }
    if (best > 100) {
      const v = new Float64Array(9);
      const out = new Float64Array(3);
      toUnitVector(p.lat, p.lng, v, 0);
      let bestAngle = Infinity;
      for (let i = 0; i + 1 < line.length; i++) {
        toUnitVector(line[i][1], line[i][0], v, 3);
        toUnitVector(line[i + 1][1], line[i + 1][0], v, 6);
        const a = closestOnArc(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], out);
        if (a < bestAngle) {
          bestAngle = a;
          [bestLat, bestLng] = fromVector(out[0], out[1], out[2]);
        }
      }
    }
    return Geodesic.WGS84.Inverse(p.lat, p.lng, bestLat, bestLng).s12!;
  }

  it('grid search finds the same nearest distance as brute force for points near and far', () => {
    const rnd = seededRandom(99);
    const xy: XY[] = [];
    let x = 0;
    let y = 0;
    let heading = 0;
    for (let i = 0; i < 400; i++) {
      heading += (rnd() - 0.5) * 0.6;
      const step = 5 + rnd() * 40;
      x += Math.cos(heading) * step;
      y += Math.sin(heading) * step;
      xy.push([x, y]);
    }
    const line = toLngLat(xy);
    const course = prepareCourse(line);
    const pts: LatLng[] = [];
    for (let i = 0; i < 600; i++) {
      const [cx, cy] = xy[Math.floor(rnd() * xy.length)];
      const spread = i < 400 ? 80 : 5000;
      pts.push({ lat: SEOUL.lat(cy + gaussian(rnd) * spread), lng: SEOUL.lng(cx + gaussian(rnd) * spread) });
    }
    const got = distancesToCourse(course, pts);
    for (let i = 0; i < pts.length; i++) {
      expect(Math.abs(got[i] - bruteForce(line, pts[i]))).toBeLessThan(1e-4);
    }
  });

  /**
   * ST_Distance(ST_SetSRID(ST_MakePoint(lng, lat), 4326)::geography, line::geography), computed
   * with PostGIS 3.3.2 / PROJ 9.1.1: [lng, lat, metres].
   */
  const POSTGIS_GOLDEN: Array<{ name: string; line: LngLat[]; points: Array<[number, number, number]> }> = [
    {
      name: 'Seoul, near and far',
      line: [
        [127, 37.5],
        [127, 37.51],
        [127.012, 37.515],
        [127.02, 37.505],
      ],
      points: [
        [127.0004, 37.503, 35.369],
        [127.0007, 37.5101, 18.854],
        [127.006, 37.5135, 98.323],
        [127.015, 37.508, 193.883],
        [127.03, 37.52, 1640.217],
        [126.99, 37.49, 1419.091],
        [127, 37.5, 0],
      ],
    },
    {
      name: 'Helsinki, 20 km segments, up to 9 km away',
      line: [
        [24, 60],
        [24.36, 60],
        [24.36, 60.15],
        [24, 60.3],
      ],
      points: [
        [24.18, 60, 13.64],
        [24.18, 60.0003, 19.783],
        [24.1, 60.05, 5559.686],
        [24.2, 60.08, 8906.428],
        [24.3, 60.12, 3335.867],
        [24.25, 60.2, 334.283],
        [24.361, 60.001, 55.798],
      ],
    },
    {
      name: 'Fiji, across the antimeridian',
      line: [
        [179.99, -17],
        [-179.99, -17.001],
        [-179.98, -17.01],
      ],
      points: [
        [180, -17.0005, 0.027],
        [-179.995, -17.002, 138.13],
        [179.985, -17.01, 1228.102],
        [-179.97, -17.02, 1535.746],
      ],
    },
    {
      name: 'Svalbard, 78° N',
      line: [
        [15.6, 78.2],
        [15.65, 78.21],
        [15.7, 78.205],
      ],
      points: [
        [15.62, 78.2045, 39.66],
        [15.66, 78.2095, 50.048],
        [15.7, 78.19, 1674.701],
        [15.55, 78.22, 2393.433],
      ],
    },
  ];

  it.each(POSTGIS_GOLDEN)(
    'agrees with PostGIS ST_Distance(geography) within 0.1 m: $name',
    ({ line, points }) => {
      const course = prepareCourse(line);
      const got = distancesToCourse(
        course,
        points.map(([lng, lat]) => ({ lat, lng })),
      );
      points.forEach(([, , expected], i) => expect(Math.abs(got[i] - expected)).toBeLessThan(0.1));
      // The match result reports the same numbers (1 dp).
      const far = matchRunToCourse(
        course,
        points.map(([lng, lat]) => ({ lat, lng })),
      );
      expect(Math.abs(far.maxDeviationMeters - Math.max(...points.map((p) => p[2])))).toBeLessThanOrEqual(
        0.1,
      );
    },
  );

  it('follows great-circle edges on a 20 km east–west segment at 60° N (planar chord would be off by ~14 m)', () => {
    const line: LngLat[] = [
      [24.0, 60.0],
      [24.36, 60.0],
    ];
    const course = prepareCourse(line);
    // Midpoint of the great circle between the two vertices (it bulges north of the parallel).
    const inv = Geodesic.WGS84.InverseLine(60, 24, 60, 24.36);
    const mid = inv.Position(inv.s13 / 2);
    const onArc = distancesToCourse(course, [{ lat: mid.lat2!, lng: mid.lon2! }])[0];
    // The WGS84 geodesic and PostGIS's spherical edge differ by centimetres here, not metres.
    expect(onArc).toBeLessThan(0.2);
    const onParallel = distancesToCourse(course, [{ lat: 60, lng: 24.18 }])[0];
    expect(onParallel).toBeGreaterThan(13);
    expect(onParallel).toBeLessThan(16);
    expect(course.lengthMeters).toBeCloseTo(Geodesic.WGS84.Inverse(60, 24, 60, 24.36).s12!, 3);
  });

  it('handles a course across the antimeridian', () => {
    const line: LngLat[] = [
      [179.999, -17.0],
      [-179.999, -17.0],
    ];
    const course = prepareCourse(line);
    expect(course.lengthMeters).toBeGreaterThan(200);
    expect(course.lengthMeters).toBeLessThan(220);
    const d = distancesToCourse(course, [{ lat: -17.0005, lng: 180 }])[0];
    expect(d).toBeCloseTo(geodesicMeters(-17.0005, 180, -17, 180), 1);
  });

  it('locateOnCourse reports the along-course position and the curve flag', () => {
    // A right angle bends at 1/hypotenuse: 1/566 m > 0.001 with 400 m legs, 1/1414 m < 0.001 with 1 km legs.
    const tight = prepareCourse(
      toLngLat([
        [0, 0],
        [0, 400],
        [400, 400],
      ]),
    );
    const loc = locateOnCourse(tight, { lat: SEOUL.lat(200), lng: SEOUL.lng(30) })!;
    expect(loc.distanceMeters).toBeCloseTo(30, 1);
    expect(loc.alongMeters).toBeCloseTo(200, 0);
    expect(loc.curved).toBe(true);
    const wide = prepareCourse(
      toLngLat([
        [0, 0],
        [0, 1000],
        [1000, 1000],
      ]),
    );
    expect(locateOnCourse(wide, { lat: SEOUL.lat(200), lng: SEOUL.lng(30) })!.curved).toBe(false);
    expect(locateOnCourse(prepareCourse([]), { lat: 0, lng: 0 })).toBeNull();
  });

  it('rejects invalid course coordinates and drops consecutive duplicates', () => {
    expect(() =>
      prepareCourse([
        [127, 37.5],
        [NaN, 37.5],
      ]),
    ).toThrow(RangeError);
    expect(() => prepareCourse([[127, 97]])).toThrow(RangeError);
    const c = prepareCourse([
      [127, 37.5, 10],
      [127, 37.5, 11],
      [127, 37.501, 12],
    ]);
    expect(c.vertexCount).toBe(2);
    expect(c.segmentCount).toBe(1);
  });
});

describe('scale', () => {
  it('matches a 15 000-point run against a 2 000-vertex course correctly', () => {
    const rnd = seededRandom(5);
    const xy: XY[] = [];
    let x = 0;
    let y = 0;
    let heading = 0;
    for (let i = 0; i < 2000; i++) {
      heading += (rnd() - 0.5) * 0.3;
      x += Math.cos(heading) * 10;
      y += Math.sin(heading) * 10;
      xy.push([x, y]);
    }
    const course = prepareCourse(toLngLat(xy));
    const run = toRun(resample(xy, 20_000 / 15_000), { noise: 5, seed: 8 });
    expect(run.length).toBeGreaterThan(14_900);
    const r = matchRunToCourse(course, run);
    expect(r.totalPoints).toBe(run.length);
    expect(r.isCompleted).toBe(true);
    expect(r.coveragePercent).toBeGreaterThan(99);
  });
});
