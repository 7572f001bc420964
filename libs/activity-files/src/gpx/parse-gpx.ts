import { type ActivitySport, type ParsedActivity, ActivityFileError } from '../parsed-activity';
import { PARSE_STEP_EVERY, type ParseSteps, runToEnd } from '../parse-steps';
import { decodeXmlBytes } from '../xml/decode';
import { TOKEN_CLOSE, TOKEN_EOF, TOKEN_OPEN, XmlScanner } from '../xml/scanner';
import { sportFromLabel } from '../xml/sport';
import { type XmlParseOptions, TrackBuilder, countWarning, resolveMaxPoints } from '../xml/track-builder';
import { IsoTimeReader, cleanLabel, detach, finiteOrNull, sensor } from '../xml/values';

export type GpxParseOptions = XmlParseOptions;

const FORMAT = 'GPX';

/** Point kinds being read. */
const NONE = 0;
const TRKPT = 1;
const RTEPT = 2;

/** Sensor bounds: values outside are dropped (null), not the point. */
const MAX_HEART_RATE = 300;
const MAX_CADENCE = 400;
const MAX_SPEED_MS = 200;
const MAX_DISTANCE_M = 1e8;

/**
 * Parses a GPX 1.0/1.1 file into a ParsedActivity, in one pass over the decoded text.
 *
 * - Every `<trkpt>` of every `<trk>`/`<trkseg>`, in file order; each `<trkseg>` (and each `<trk>`)
 *   starts a new segment, recorded in `segmentStarts` at its first valid point (empty segments leave
 *   no trace). Points with a missing/out-of-range/non-numeric lat or lon are skipped (one warning).
 * - `<rtept>` points are used only when the file has no track point at all (warning); waypoints are
 *   ignored.
 * - `<ele>` missing or empty → null; `<time>` ISO 8601 with fraction and offset → epoch ms, invalid →
 *   null (one warning), no zone → read as UTC (one warning).
 * - Extensions are read by local name whatever the prefix: heart rate `hr`/`heartrate`, cadence
 *   `cad`/`cadence`, `speed` (also GPX 1.0's `<speed>`), cumulative `distance`.
 * - name: first non-empty `<trk><name>`, else `<metadata><name>` (GPX 1.1) / `<gpx><name>` (1.0),
 *   else the route's name when route points are used. sourceDevice: the `creator` attribute.
 * - sport: from the first `<trk><type>` (`running`, `Run`, Strava's numeric `9`…). A file WITHOUT any
 *   type is taken as `running` (warning, `sportLabel` null so callers can tell "assumed" from
 *   "declared"): GPX has no standard sport field and most exporters omit it (23 of the 30 track files
 *   of our fixture corpus, runs from Suunto Movescount, Apple Health, Strava 2015 and Garmin Connect
 *   2012 among them); RUNVS users upload their runs; and the reference importer (algorithms.md §10)
 *   treated every GPX as a run. Choosing `other` would silently drop those runs from the running
 *   leaderboards. An explicit non-running type is never overridden.
 * - A file cut off mid-way (the XML ends with elements still open) keeps the points completed before
 *   the cut, with a warning; if there are none, MALFORMED. Broken markup before the end → MALFORMED.
 * - No usable point at all → NO_GPS. More than `maxPoints` points → TOO_LARGE.
 */
export function parseGpx(input: Buffer | Uint8Array, options?: GpxParseOptions): ParsedActivity {
  return runToEnd(gpxParseSteps(input, options));
}

/** parseGpx in steps (see ParseSteps): yields the fraction of the text read every PARSE_STEP_EVERY tokens. */
export function* gpxParseSteps(input: Buffer | Uint8Array, options?: GpxParseOptions): ParseSteps {
  const maxPoints = resolveMaxPoints(options);
  const decoded = decodeXmlBytes(input, FORMAT);
  const sc = new XmlScanner(decoded.text, FORMAT);

  const track = new TrackBuilder(maxPoints, FORMAT);
  let route: TrackBuilder | null = new TrackBuilder(maxPoints, FORMAT);
  const times = new IsoTimeReader();

  let creator: string | null = null;
  let fileName: string | null = null;
  let trackName: string | null = null;
  let routeName: string | null = null;
  let typeLabel: string | null = null;
  const otherTypes = new Set<string>();
  let badPositions = 0;

  // The point being read.
  let kind = NONE;
  let ptDepth = 0;
  let extDepth = 0;
  let lat = NaN;
  let lng = NaN;
  let ele: number | null = null;
  let time = NaN;
  let heartRate: number | null = null;
  let cadence: number | null = null;
  let speed: number | null = null;
  let distance: number | null = null;

  let sinceStep = 0;
  for (;;) {
    const token = sc.next();
    if (token === TOKEN_EOF) break;
    if (++sinceStep === PARSE_STEP_EVERY) {
      sinceStep = 0;
      yield sc.progress;
    }

    if (token === TOKEN_OPEN) {
      const name = sc.local;
      const depth = sc.depth;

      if (kind !== NONE) {
        if (depth === ptDepth + 1) {
          switch (name) {
            case 'ele':
              ele = finiteOrNull(sc.readNumber());
              break;
            case 'time':
              time = sc.readTime(times);
              break;
            case 'speed':
              if (speed === null) speed = sensor(sc.readNumber(), MAX_SPEED_MS);
              break;
            case 'extensions':
              extDepth = depth;
              break;
          }
        } else if (extDepth !== 0) {
          // Anything below <extensions>, by local name, whatever the prefix or wrapper element.
          switch (name) {
            case 'hr':
            case 'heartrate':
            case 'HeartRate':
            case 'heartRate':
              if (heartRate === null) heartRate = sensor(sc.readNumber(), MAX_HEART_RATE);
              break;
            case 'cad':
            case 'cadence':
            case 'Cadence':
            case 'RunCadence':
              if (cadence === null) cadence = sensor(sc.readNumber(), MAX_CADENCE);
              break;
            case 'speed':
            case 'Speed':
              if (speed === null) speed = sensor(sc.readNumber(), MAX_SPEED_MS);
              break;
            case 'distance':
            case 'Distance':
              if (distance === null) distance = sensor(sc.readNumber(), MAX_DISTANCE_M);
              break;
          }
        }
        continue;
      }

      if (depth === 1) {
        if (name !== 'gpx') throw notGpx(name);
        creator = cleanLabel(sc.attr('creator'));
        continue;
      }

      switch (name) {
        case 'trkpt':
        case 'rtept':
          if (name === 'rtept' && (route === null || track.points.length > 0)) break;
          kind = name === 'trkpt' ? TRKPT : RTEPT;
          ptDepth = depth;
          extDepth = 0;
          lat = sc.attrNumber('lat');
          lng = sc.attrNumber('lon');
          ele = null;
          time = NaN;
          heartRate = null;
          cadence = null;
          speed = null;
          distance = null;
          break;
        case 'trkseg':
        case 'trk':
          track.newSegment();
          break;
        case 'rte':
          route?.newSegment();
          break;
        case 'name': {
          const parent = sc.parentLocal();
          if (parent === 'trk') {
            if (trackName === null) trackName = cleanLabel(sc.readText());
          } else if (parent === 'metadata' || parent === 'gpx') {
            if (fileName === null) fileName = cleanLabel(sc.readText());
          } else if (parent === 'rte') {
            if (routeName === null) routeName = cleanLabel(sc.readText());
          }
          break;
        }
        case 'type':
          if (sc.parentLocal() === 'trk') {
            const label = cleanLabel(sc.readText(), 100);
            if (label !== null) {
              if (typeLabel === null) typeLabel = label;
              else if (label !== typeLabel) otherTypes.add(label);
            }
          }
          break;
      }
      continue;
    }

    if (token === TOKEN_CLOSE && kind !== NONE) {
      const depth = sc.depth;
      if (depth < ptDepth) {
        // </trkpt> or </rtept>
        if (lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180) {
          const target = kind === TRKPT ? track : route;
          if (kind === TRKPT && route !== null) route = null; // a track exists: routes are not needed
          target?.add({
            lat,
            lng,
            ele,
            time: Number.isNaN(time) ? null : time,
            heartRate,
            cadence,
            speed,
            distance,
          });
        } else {
          badPositions++;
        }
        kind = NONE;
        extDepth = 0;
      } else if (depth < extDepth) {
        extDepth = 0;
      }
    }
  }

  if (sc.rootLocal === '' && !sc.truncated) {
    throw new ActivityFileError(
      'This file contains no XML element, so it cannot be a GPX file.',
      'MALFORMED',
    );
  }

  const warnings: string[] = [...decoded.warnings, ...sc.warnings];
  let used = track;
  let name = trackName ?? fileName;
  if (track.points.length === 0 && route !== null && route.points.length > 0) {
    used = route;
    name = name ?? routeName;
    warnings.push('The file has no recorded track, only a planned route: the route points were used.');
  }

  if (sc.truncated) {
    if (used.points.length === 0) {
      throw new ActivityFileError(
        'This GPX file is incomplete (it stops in the middle of the XML) and no complete track point ' +
          'was read before the cut.',
        'MALFORMED',
      );
    }
    warnings.push(
      `The file ends abruptly (truncated?): kept the ${used.points.length} points read before the cut.`,
    );
  }
  if (used.points.length === 0) {
    throw new ActivityFileError(
      badPositions > 0
        ? `This GPX file has no track point with a valid position (${badPositions} invalid).`
        : 'This GPX file has no track or route points (waypoints alone are not an activity).',
      'NO_GPS',
    );
  }

  warnings.push(
    ...countWarning(
      badPositions,
      'Skipped 1 point with a missing or invalid position.',
      'Skipped {n} points with a missing or invalid position.',
    ),
    ...times.warnings('point'),
    ...countWarning(
      used.backwardsTimes,
      'Time goes backwards once between consecutive points.',
      'Time goes backwards {n} times between consecutive points.',
    ),
  );

  let sport: ActivitySport;
  const fromLabel = sportFromLabel(typeLabel);
  if (fromLabel === null) {
    sport = 'running';
    warnings.push('The file does not say which sport it is; assumed running.');
  } else {
    sport = fromLabel;
  }
  if (otherTypes.size > 0) {
    const list = [...otherTypes].slice(0, 3).map((t) => `"${t}"`);
    warnings.push(`Tracks of different types (${list.join(', ')}); the first track's type was used.`);
  }

  return {
    fileType: 'gpx',
    sport,
    sportLabel: typeLabel,
    sourceDevice: creator,
    name,
    startTime: used.firstTime,
    points: used.points,
    segmentStarts: used.segmentStarts,
    pauses: [],
    deviceSummary: null,
    warnings: warnings.map(detach),
  };
}

function notGpx(root: string): ActivityFileError {
  return new ActivityFileError(
    `This is an XML file but not a GPX file (its root element is <${detach(root.slice(0, 40))}>).`,
    'UNSUPPORTED_TYPE',
  );
}
