import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseGpx } from '../gpx/parse-gpx';
import { ActivityFileError, type ActivitySport, type ParsedActivity } from '../parsed-activity';
import { parseTcx } from '../tcx/parse-tcx';

/**
 * Every .gpx and .tcx of the shared development corpus, each with its expected outcome written down
 * below. Point counts are checked against an independent regex count of the file's <trkpt>/<rtept>
 * or <Trackpoint> elements that carry a valid position.
 */
const repoRoot = resolve(__dirname, '../../../..');
const corpusDir = resolve(repoRoot, '../shared/fixtures/activities');

type Kind = ActivityFileError['kind'];

interface Expected {
  /** 'ok', or the ActivityFileError kind the file must be refused with. */
  outcome: 'ok' | Kind;
  /** What the independent count counts (GPX): track points, or route points for route-only files. */
  counted?: 'trkpt' | 'rtept';
  segments?: number;
  sport?: ActivitySport;
  sportLabel?: string | null;
  /** Which points carry a time. */
  timed?: 'all' | 'some' | 'none';
  /** Times are non-decreasing in file order (true unless the file itself is out of order). */
  ordered?: boolean;
  /** Points with a heart rate: 'all', 'some' or 'none'. */
  heartRate?: 'all' | 'some' | 'none';
  note: string;
}

// prettier-ignore
const EXPECTED: Record<string, Expected> = {
  // ── GPX ──────────────────────────────────────────────────────────────────────────────────────
  'apple-health-export-route.gpx':        { outcome: 'ok', segments: 1, sport: 'running', sportLabel: null, timed: 'all', heartRate: 'none', note: 'no <type>: running assumed; speed extension' },
  'expertgps-gpx10-3trk-14seg.gpx':       { outcome: 'ok', segments: 14, timed: 'all', ordered: false, note: 'GPX 1.0, 3 tracks / 14 segments; its tracks are not in time order (warned)' },
  'expertgps-zero-elevation.gpx':         { outcome: 'ok', segments: 1, timed: 'all', note: 'GPX 1.0' },
  'first-and-last-elevation-only.gpx':    { outcome: 'ok', segments: 1, timed: 'all', ordered: false, note: 'last point an hour before the previous one (file quirk, warned)' },
  'fittrackee-workout-25pts.gpx':         { outcome: 'ok', segments: 1, timed: 'all', note: 'no creator; stray text inside <gpx>' },
  'garmin-connect-run-2067489619.gpx':    { outcome: 'ok', segments: 1, sport: 'running', sportLabel: 'running', timed: 'all', heartRate: 'all', note: 'HR + cad' },
  'garmin-connect-run-hr-cad.gpx':        { outcome: 'ok', segments: 1, sport: 'running', sportLabel: 'running', timed: 'all', heartRate: 'all', note: 'HR + cad' },
  'garmin-connect-run-hr.gpx':            { outcome: 'ok', segments: 1, sport: 'running', sportLabel: null, timed: 'all', heartRate: 'all', note: 'HR, no <type>' },
  'garmin-etrex20x-drive.gpx':            { outcome: 'ok', segments: 1, timed: 'all', note: 'a car drive without <type>: running assumed (documented limit)' },
  'gpsbabel-8-tracks-elevation-zero.gpx': { outcome: 'ok', segments: 7, timed: 'all', note: '8 tracks, the first one empty' },
  'gpsbabel-8-tracks-no-elevation.gpx':   { outcome: 'ok', segments: 7, timed: 'some', note: '8 tracks, no <ele>; one point without time' },
  'gpsbabel-gpx10-8-tracks-waypoints.gpx':{ outcome: 'ok', segments: 7, timed: 'all', note: 'waypoints ignored' },
  'gpsbabel-hike-mojstrovka.gpx':         { outcome: 'ok', segments: 1, timed: 'none', note: 'every time is the 1901-12-13 placeholder → null (warned)' },
  'gpsbabel-track-with-extremes.gpx':     { outcome: 'ok', segments: 1, timed: 'none', note: 'the only <time> is the metadata time' },
  'gpx10-all-fields.gpx':                 { outcome: 'ok', segments: 1, sport: 'running', sportLabel: null, timed: 'all', note: 'routes ignored next to the track; zone-less time read as UTC' },
  'gpx11-all-fields.gpx':                 { outcome: 'ok', segments: 1, sport: 'other', sportLabel: 't', timed: 'all', note: '<trk><type>t</type> → other' },
  'gpxpy-route-no-time.gpx':              { outcome: 'ok', counted: 'rtept', segments: 1, timed: 'none', note: 'route only: route points used (warned)' },
  'mapsource-3-tracks.gpx':               { outcome: 'ok', segments: 3, timed: 'all', note: '3 tracks → 3 segments' },
  'nikeplus-subsecond-time.gpx':          { outcome: 'ok', segments: 1, sport: 'running', sportLabel: 'run', timed: 'all', note: 'fractional seconds, +01:00' },
  'osm-gpx10-no-ele-partial-time.gpx':    { outcome: 'ok', segments: 3, timed: 'some', note: 'partial times' },
  'osmand-empty-ele.gpx':                 { outcome: 'ok', segments: 1, timed: 'all', note: 'empty <ele> → null' },
  'osmand-empty-trkseg.gpx':              { outcome: 'NO_GPS', note: 'only an empty segment' },
  'osmand-single-trackpoint.gpx':         { outcome: 'ok', segments: 1, timed: 'all', note: 'one point' },
  'route-120-rtept-no-time.gpx':          { outcome: 'ok', counted: 'rtept', segments: 1, timed: 'none', note: 'route only: route points used (warned)' },
  'strava-3-points-hr-cad.gpx':           { outcome: 'ok', segments: 1, timed: 'all', heartRate: 'all', note: 'HR + cad' },
  'strava-android-run.gpx':               { outcome: 'ok', segments: 1, sport: 'running', sportLabel: '9', timed: 'all', heartRate: 'all', note: 'Strava numeric type 9' },
  'strava-mapstogpx-unbound-prefix.gpx':  { outcome: 'ok', segments: 1, sport: 'running', sportLabel: '9', timed: 'all', heartRate: 'none', note: 'undeclared gpxdata: prefix tolerated (warned)' },
  'strava-run-gpxtpx-hr.gpx':             { outcome: 'ok', segments: 1, timed: 'all', heartRate: 'all', note: 'gpxtpx:hr' },
  'strava-triathlon-swim-leg.gpx':        { outcome: 'ok', segments: 1, sport: 'swimming', sportLabel: '16', timed: 'all', heartRate: 'all', note: 'Strava numeric type 16' },
  'suunto-movescount-run-hr.gpx':         { outcome: 'ok', segments: 1, sport: 'running', sportLabel: null, timed: 'all', heartRate: 'some', note: 'largest GPX; first points without HR' },
  'track-with-empty-segment.gpx':         { outcome: 'ok', segments: 1, timed: 'all', note: 'the empty segment leaves no segment start' },
  'unicode-bom-no-encoding.gpx':          { outcome: 'NO_GPS', note: 'BOM, waypoint only' },
  // ── TCX ──────────────────────────────────────────────────────────────────────────────────────
  'garmin-edge520-ride.tcx':              { outcome: 'ok', segments: 1, sport: 'cycling', sportLabel: 'Biking', timed: 'all', heartRate: 'none', note: '1 trackpoint without position left out' },
  'garmin-fr305-run.tcx':                 { outcome: 'ok', segments: 3, sport: 'running', sportLabel: 'Running', timed: 'all', note: '3 Tracks in 1 Lap → 3 segments' },
  'polar-v800-run-leading-whitespace.tcx':{ outcome: 'ok', segments: 1, sport: 'running', sportLabel: 'Running', timed: 'all', heartRate: 'all', note: 'whitespace before <?xml; 5 laps, 1 segment' },
  'suunto-movescount-run.tcx':            { outcome: 'ok', segments: 1, sport: 'running', sportLabel: 'Running', timed: 'all', heartRate: 'all', note: 'no Creator' },
};

const inRange = (lat: number, lng: number): boolean => lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180;

/** Independent count: <trkpt>/<rtept> start tags (any prefix) whose lat and lon attributes are valid. */
function countGpx(text: string, element: 'trkpt' | 'rtept'): number {
  const tag = new RegExp(`<(?:[\\w.-]+:)?${element}(\\s[^>]*)?/?>`, 'g');
  const attr = (attrs: string, name: string): number => {
    const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*["']([^"']*)["']`).exec(attrs);
    return m && m[1].trim() !== '' ? Number(m[1]) : NaN;
  };
  let n = 0;
  for (const m of text.matchAll(tag)) {
    const attrs = m[1] ?? '';
    if (inRange(attr(attrs, 'lat'), attr(attrs, 'lon'))) n++;
  }
  return n;
}

/** Independent count: <Trackpoint> elements with valid LatitudeDegrees/LongitudeDegrees. */
function countTcx(text: string): number {
  let n = 0;
  for (const m of text.matchAll(/<Trackpoint>([\s\S]*?)<\/Trackpoint>/g)) {
    const lat = /<LatitudeDegrees>([^<]*)<\/LatitudeDegrees>/.exec(m[1]);
    const lon = /<LongitudeDegrees>([^<]*)<\/LongitudeDegrees>/.exec(m[1]);
    if (lat && lon && inRange(Number(lat[1]), Number(lon[1]))) n++;
  }
  return n;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (/\.(gpx|tcx)$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

function run(path: string): ParsedActivity | ActivityFileError {
  const bytes = readFileSync(path);
  try {
    return /\.gpx$/i.test(path) ? parseGpx(bytes) : parseTcx(bytes);
  } catch (e) {
    if (e instanceof ActivityFileError) return e;
    throw e;
  }
}

function share(n: number, total: number): 'all' | 'some' | 'none' {
  return n === 0 ? 'none' : n === total ? 'all' : 'some';
}

if (!existsSync(corpusDir)) {
  describe('GPX/TCX corpus', () => {
    it.skip(`SKIPPED: the shared fixtures folder ${corpusDir} does not exist on this machine`, () =>
      undefined);
  });
} else {
  const files = listFiles(corpusDir);

  describe('GPX/TCX corpus', () => {
    it('has an expectation for every .gpx/.tcx file, and a file for every expectation', () => {
      const names = files.map((f) => f.split('/').pop() ?? f);
      expect(names.filter((n) => !(n in EXPECTED))).toEqual([]);
      expect(Object.keys(EXPECTED).filter((n) => !names.includes(n))).toEqual([]);
    });

    it.each(files.map((f) => [relative(corpusDir, f), f]))('%s', (_rel, path) => {
      const name = path.split('/').pop() ?? path;
      const expected = EXPECTED[name];
      if (!expected) throw new Error(`no expectation for ${name}: add it to the table`);
      const result = run(path);

      if (expected.outcome !== 'ok') {
        expect(result).toBeInstanceOf(ActivityFileError);
        const error = result as ActivityFileError;
        expect(error.kind).toBe(expected.outcome);
        expect(error.reason.length).toBeGreaterThan(10);
        return;
      }
      if (result instanceof ActivityFileError) throw new Error(`${name}: ${result.kind}: ${result.reason}`);
      const r = result;

      const text = readFileSync(path, 'utf8');
      const independent = /\.gpx$/i.test(name) ? countGpx(text, expected.counted ?? 'trkpt') : countTcx(text);
      expect(r.points.length).toBe(independent);
      expect(r.points.length).toBeGreaterThan(0);
      expect(r.fileType).toBe(/\.gpx$/i.test(name) ? 'gpx' : 'tcx');

      const badPoints = r.points.filter(
        (p) => !inRange(p.lat, p.lng) || (p.ele !== null && !Number.isFinite(p.ele)),
      );
      expect(badPoints).toEqual([]);

      expect(r.segmentStarts[0]).toBe(0);
      const badStarts = r.segmentStarts.filter(
        (s, i) => s >= r.points.length || (i > 0 && s <= r.segmentStarts[i - 1]),
      );
      expect(badStarts).toEqual([]);
      if (expected.segments !== undefined) expect(r.segmentStarts).toHaveLength(expected.segments);

      const times = r.points.map((p) => p.time).filter((t): t is number => t !== null);
      expect(r.startTime).toBe(times.length > 0 ? times[0] : r.fileType === 'gpx' ? null : r.startTime);
      if (expected.timed) expect(share(times.length, r.points.length)).toBe(expected.timed);
      const ordered = times.every((t, i) => i === 0 || t >= times[i - 1]);
      expect(ordered).toBe(expected.ordered ?? true);
      expect(r.warnings.some((w) => /Time goes backwards/.test(w))).toBe(!ordered);

      if (expected.sport) expect(r.sport).toBe(expected.sport);
      if (expected.sportLabel !== undefined) expect(r.sportLabel).toBe(expected.sportLabel);
      if (expected.heartRate) {
        expect(share(r.points.filter((p) => p.heartRate != null).length, r.points.length)).toBe(
          expected.heartRate,
        );
      }
      expect(r.pauses).toEqual([]);
      if (r.fileType === 'gpx') expect(r.deviceSummary).toBeNull();
      else expect(r.deviceSummary).not.toBeNull();
      for (const w of r.warnings) expect(typeof w).toBe('string');
    });
  });
}
