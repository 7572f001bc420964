/**
 * Golden tests on real GPS tracks. The bundled fixture always runs; the wider set is read from
 * ../shared/fixtures/activities next to the repository and skipped when that folder is absent.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { cleanTrack } from './clean-track';
import { distancesToCourse, matchRunToCourse, prepareCourse } from './course-matcher';
import { geodesicMeters, haversineMeters } from './distance';
import { routeLengthHaversine } from './line';
import { computeRunMetrics, type RunMetrics } from './run-metrics';
import { analyzeSpeedAnomaly, compareClientSummary } from './speed-anomaly';
import { readGpxPoints } from './testing/read-gpx-points';
import { gaussian, seededRandom } from './testing/synthetic';
import type { GeoPoint, LngLat } from './types';

const SHARED = path.resolve(__dirname, '../../../../shared/fixtures/activities');
const HAS_SHARED = existsSync(SHARED);
// The shared fixtures exist beside the project (and in CI); on a bare clone only the bundled
// BSD sample runs and the shared-track goldens are skipped.
const describeShared = HAS_SHARED ? describe : describe.skip;

function load(file: string): GeoPoint[] {
  return cleanTrack(readGpxPoints(file)).points;
}

function rawClimb(points: readonly GeoPoint[]): number {
  let up = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1].ele;
    const b = points[i].ele;
    if (a !== null && b !== null && b > a) up += b - a;
  }
  return up;
}

function expectSane(m: RunMetrics, points: readonly GeoPoint[]): void {
  // Elevation with smoothing and hysteresis stays below the raw sum of rises.
  expect(m.elevationGainMeters).toBeGreaterThan(0);
  expect(m.elevationGainMeters).toBeLessThan(rawClimb(points));
  // Splits: one per full kilometre, the remainder separately.
  expect(m.splits).toHaveLength(Math.floor(m.distanceMeters / 1000));
  expect(m.partialSplit!.distanceMeters).toBeCloseTo(m.distanceMeters - 1000 * m.splits.length, 0);
  // Best efforts grow with the distance: 400 m ≤ 1 km ≤ 1 mile ≤ 5 km …
  for (let i = 1; i < m.bestEfforts.length; i++) {
    expect(m.bestEfforts[i].durationSeconds).toBeGreaterThan(m.bestEfforts[i - 1].durationSeconds);
  }
  // Without stops, the fastest kilometre anywhere is at least as fast as the fastest aligned
  // split (with stops it need not be: efforts count wall-clock time, splits moving time).
  const k1 = m.bestEfforts.find((e) => e.key === '1k');
  if (k1 && m.pauses.length === 0)
    expect(k1.paceSecondsPerKm).toBeLessThanOrEqual(m.bestPaceSecondsPerKm! + 1);
  expect(m.movingSeconds).toBeLessThanOrEqual(m.elapsedSeconds);
  expect(m.maxSpeedMs!).toBeLessThan(7);
  // A real run is not flagged by §4 on our own numbers.
  expect(analyzeSpeedAnomaly({ ...m, durationSeconds: m.movingSeconds, splits: m.splits }).isFlagged).toBe(
    false,
  );
}

describe('golden: Garmin Connect run (bundled BSD fixture, Washington DC, 206 points)', () => {
  const raw = readGpxPoints(path.join(__dirname, '__fixtures__', 'garmin-connect-run-hr.gpx'));
  const cleaned = cleanTrack(raw);
  const m = computeRunMetrics(cleaned.points);

  it('reads 206 points and drops the one repeated timestamp', () => {
    expect(raw).toHaveLength(206);
    expect(cleaned.removed).toMatchObject({ duplicates: 1, teleports: 0, invalid: 0 });
  });

  it('measures ≈ 3.10 km in 15:48 at ≈ 5:06/km', () => {
    expect(m.distanceMeters).toBeGreaterThan(3080);
    expect(m.distanceMeters).toBeLessThan(3120);
    // WGS84 and the reference sphere agree to ~0.1 % here (38.9° N).
    const sphere = routeLengthHaversine(cleaned.points.map((p): LngLat => [p.lng, p.lat]));
    expect(Math.abs(m.distanceMeters - sphere) / sphere).toBeLessThan(0.003);
    expect(m.elapsedSeconds).toBe(948);
    expect(m.avgPaceSecondsPerKm).toBeGreaterThan(295);
    expect(m.avgPaceSecondsPerKm).toBeLessThan(315);
    expect(m.splits).toHaveLength(3);
  });

  it('has sane splits, climb, efforts and no flags', () => {
    expectSane(m, cleaned.points);
    expect(rawClimb(cleaned.points)).toBeGreaterThan(150);
    expect(m.elevationGainMeters).toBeLessThan(110);
    expect(m.bestEfforts.map((e) => e.key)).toEqual(['400m', '1k', '1mile']);
  });

  it('agrees with itself as a client summary and flags a doubled one', () => {
    const server = { distanceMeters: m.distanceMeters, durationSeconds: m.movingSeconds };
    expect(compareClientSummary(server, { distanceMeters: 3050, durationSeconds: 950 }).isFlagged).toBe(
      false,
    );
    expect(compareClientSummary(server, { distanceMeters: 6200, durationSeconds: 950 }).codes).toEqual([
      'DISTANCE_MISMATCH',
    ]);
  });

  describe('as a course', () => {
    const line = cleaned.points.map((p): LngLat => [p.lng, p.lat]);
    const course = prepareCourse(line);

    it('the same track matches 100 % and completes', () => {
      const r = matchRunToCourse(course, cleaned.points);
      expect(r).toMatchObject({
        isCompleted: true,
        routeMatchPercent: 100,
        coveragePercent: 100,
        maxDeviationMeters: 0,
      });
      expect(r.reasons).toEqual([]);
      expect(course.lengthMeters).toBeCloseTo(m.distanceMeters, -1);
    });

    it('a re-run with 6 m GPS noise and a third of the fixes still completes', () => {
      const rnd = seededRandom(12);
      const rerun = cleaned.points
        .filter((_, i) => i % 3 === 0 || i === cleaned.points.length - 1)
        .map((p) => ({
          ...p,
          lat: p.lat + (gaussian(rnd) * 6) / 111_000,
          lng: p.lng + (gaussian(rnd) * 6) / 86_600,
        }));
      const r = matchRunToCourse(course, rerun);
      expect(r.isCompleted).toBe(true);
      expect(r.coveragePercent).toBeGreaterThan(98);
    });

    it('the same track backwards does not complete', () => {
      const r = matchRunToCourse(course, [...cleaned.points].reverse());
      expect(r.isCompleted).toBe(false);
      expect(r.routeMatchPercent).toBe(100);
      expect(r.reasons).toContain('LOW_COVERAGE');
    });

    it('distancesToCourse is 0 for the course vertices and grows with an offset', () => {
      const d = distancesToCourse(course, cleaned.points);
      expect(Math.max(...d)).toBe(0);
      const shifted = cleaned.points.map((p) => ({ lat: p.lat + 0.0009, lng: p.lng }));
      const ds = distancesToCourse(course, shifted);
      // 0.0009° of latitude is ≈ 99.9 m; the nearest course point can only be closer.
      expect(Math.max(...ds)).toBeLessThanOrEqual(geodesicMeters(38.92, -77.02, 38.9209, -77.02) + 0.01);
      expect(Math.max(...ds)).toBeGreaterThan(50);
    });
  });
});

describeShared(
  `golden: real tracks from ${HAS_SHARED ? SHARED : '../shared/fixtures/activities (absent: skipped)'}`,
  () => {
    const gpx = (name: string) => path.join(SHARED, 'gpx', name);

    it('Strava Android run (Grenoble): 4.59 km as sports-lib computes, 32:38 elapsed, 4 splits', () => {
      const pts = load(gpx('strava-android-run.gpx'));
      const m = computeRunMetrics(pts);
      expect(Math.abs(m.distanceMeters - 4593) / 4593).toBeLessThan(0.01);
      expect(m.elapsedSeconds).toBe(1958);
      expect(m.movingSeconds).toBeGreaterThan(1900);
      expect(m.splits).toHaveLength(4);
      expectSane(m, pts);
    });

    it('Garmin vivoactive HR run 2067489619: within 3 % of the watch (FIT session 4489.39 m, 45:42 moving, 47:04 elapsed)', () => {
      const pts = load(gpx('garmin-connect-run-2067489619.gpx'));
      const m = computeRunMetrics(pts);
      // The GPX holds only the watch's smart-recording fixes (one per ~4 s), which cut corners.
      expect(Math.abs(m.distanceMeters - 4489.39) / 4489.39).toBeLessThan(0.03);
      expect(Math.abs(m.elapsedSeconds - 2824)).toBeLessThanOrEqual(10);
      expect(Math.abs(m.movingSeconds - 2742) / 2742).toBeLessThan(0.03);
      expect(m.pauses.length).toBeGreaterThan(0);
      expectSane(m, pts);
    });

    it('Suunto Movescount trail run: ≈ 12.3 km, > 400 m climbed, long stops auto-paused', () => {
      const raw = readGpxPoints(gpx('suunto-movescount-run-hr.gpx'));
      expect(raw).toHaveLength(1592);
      const pts = cleanTrack(raw).points;
      const m = computeRunMetrics(pts);
      expect(m.distanceMeters).toBeGreaterThan(12_000);
      expect(m.distanceMeters).toBeLessThan(12_600);
      expect(m.elevationGainMeters).toBeGreaterThan(400);
      expect(m.elevationLossMeters).toBeGreaterThan(400);
      expect(m.movingSeconds).toBeLessThan(m.elapsedSeconds - 600);
      expect(m.bestEfforts.map((e) => e.key)).toEqual(['400m', '1k', '1mile', '5k', '10k']);
      expectSane(m, pts);
    });

    it('WGS84 distance and the reference haversine sum differ by well under 1 % on every track', () => {
      for (const f of [
        'strava-android-run.gpx',
        'garmin-connect-run-2067489619.gpx',
        'suunto-movescount-run-hr.gpx',
      ]) {
        const pts = load(gpx(f));
        let wgs = 0;
        let sphere = 0;
        for (let i = 1; i < pts.length; i++) {
          wgs += geodesicMeters(pts[i - 1].lat, pts[i - 1].lng, pts[i].lat, pts[i].lng);
          sphere += haversineMeters(pts[i - 1].lat, pts[i - 1].lng, pts[i].lat, pts[i].lng);
        }
        expect(Math.abs(wgs - sphere) / wgs).toBeLessThan(0.005);
      }
    });

    describe('a real trail loop as a course (Suunto, 1592 points, 12.3 km)', () => {
      // Loaded in beforeAll, not while collecting: a skipped describe's body still runs.
      let track: GeoPoint[];
      let course: ReturnType<typeof prepareCourse>;
      beforeAll(() => {
        track = load(gpx('suunto-movescount-run-hr.gpx'));
        course = prepareCourse(track.map((p): LngLat => [p.lng, p.lat]));
      });

      it('the same track completes at 100 %', () => {
        const r = matchRunToCourse(course, track);
        expect(r).toMatchObject({ isCompleted: true, routeMatchPercent: 100, coveragePercent: 100 });
      });

      it('a different run in another country does not', () => {
        const other = load(gpx('strava-android-run.gpx'));
        const r = matchRunToCourse(course, other);
        expect(r.isCompleted).toBe(false);
        expect(r.routeMatchPercent).toBe(0);
      });

      it('the loop run backwards touches every point but does not complete', () => {
        const r = matchRunToCourse(course, [...track].reverse());
        expect(r.routeMatchPercent).toBe(100);
        expect(r.reasons).toEqual(['LOW_COVERAGE']);
      });

      it('skipping the middle third of the loop (GPS off across the gap) does not complete', () => {
        const n = track.length;
        const cut = [...track.slice(0, Math.round(n * 0.35)), ...track.slice(Math.round(n * 0.65))];
        const r = matchRunToCourse(course, cut);
        expect(r.routeMatchPercent).toBe(100);
        expect(r.isCompleted).toBe(false);
        expect(r.reasons).toContain('LOW_COVERAGE');
      });
    });

    it('two different runs in the same town (Grenoble) do not complete each other', () => {
      const a = load(gpx('garmin-connect-run-2067489619.gpx'));
      const b = load(gpx('strava-android-run.gpx'));
      const ca = prepareCourse(a.map((p): LngLat => [p.lng, p.lat]));
      const cb = prepareCourse(b.map((p): LngLat => [p.lng, p.lat]));
      expect(matchRunToCourse(ca, b).isCompleted).toBe(false);
      expect(matchRunToCourse(cb, a).isCompleted).toBe(false);
      expect(matchRunToCourse(ca, a).isCompleted).toBe(true);
    });
  },
);
