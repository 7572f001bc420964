import {
  type ActivitySport,
  type DeviceSummary,
  type ParsedActivity,
  ActivityFileError,
} from '../parsed-activity';
import { PARSE_STEP_EVERY, type ParseSteps, runToEnd } from '../parse-steps';
import { decodeXmlBytes } from '../xml/decode';
import { TOKEN_CLOSE, TOKEN_EOF, TOKEN_OPEN, XmlScanner } from '../xml/scanner';
import { sportFromLabel } from '../xml/sport';
import { type XmlParseOptions, TrackBuilder, countWarning, resolveMaxPoints } from '../xml/track-builder';
import { IsoTimeReader, cleanLabel, detach, finiteOrNull, sensor } from '../xml/values';

export type TcxParseOptions = XmlParseOptions;

const FORMAT = 'TCX';

const MAX_HEART_RATE = 300;
const MAX_CADENCE = 400;
const MAX_SPEED_MS = 200;
const MAX_DISTANCE_M = 1e8;

/**
 * Parses a Garmin Training Center (TCX v2) file into a ParsedActivity, in one pass.
 *
 * - Points: every `<Trackpoint>` that has a `<Position>` (Time, LatitudeDegrees/LongitudeDegrees,
 *   AltitudeMeters, DistanceMeters, HeartRateBpm/Value, Cadence; from the ActivityExtension `TPX`:
 *   Speed, and RunCadence when there is no Cadence). Trackpoints without a position (pauses, indoor
 *   samples) are left out with one warning; a position out of range or unreadable is skipped with
 *   one warning.
 * - Segments: a new segment starts with each `<Activity>` and with each additional `<Track>` inside
 *   the same `<Lap>` (Garmin writes a new Track after the timer was stopped). A new Lap does NOT start
 *   a segment: laps are split markers, the athlete kept moving.
 * - Course files (`<Courses>`) are used only when there is no activity trackpoint (warning).
 * - sport: `Activity Sport="Running|Biking|Other"` (first activity); no Sport → running, as for GPX
 *   (see parseGpx). sourceDevice: `Activity/Creator/Name`, else the file's `Author/Name`.
 * - deviceSummary from the laps: Σ TotalTimeSeconds (→ timerSeconds: TCX lap time is the timer time),
 *   Σ DistanceMeters, Σ Calories, max MaximumSpeed (verbatim, even when a device wrote nonsense),
 *   time-weighted AverageHeartRateBpm. No laps → null.
 * - startTime: first timed point, else the first Lap StartTime, else the Activity Id.
 * - Truncated file / no position / too many points: as parseGpx.
 */
export function parseTcx(input: Buffer | Uint8Array, options?: TcxParseOptions): ParsedActivity {
  return runToEnd(tcxParseSteps(input, options));
}

/** parseTcx in steps (see ParseSteps): yields the fraction of the text read every PARSE_STEP_EVERY tokens. */
export function* tcxParseSteps(input: Buffer | Uint8Array, options?: TcxParseOptions): ParseSteps {
  const maxPoints = resolveMaxPoints(options);
  const decoded = decodeXmlBytes(input, FORMAT);
  const sc = new XmlScanner(decoded.text, FORMAT);

  const track = new TrackBuilder(maxPoints, FORMAT);
  const course = new TrackBuilder(maxPoints, FORMAT);
  const times = new IsoTimeReader();
  const headerTimes = new IsoTimeReader();

  let sportLabel: string | null = null;
  const otherSports = new Set<string>();
  let creatorName: string | null = null;
  let authorName: string | null = null;
  let courseName: string | null = null;
  let firstLapStart: number | null = null;
  let activityId: number | null = null;
  let badPositions = 0;
  let noPosition = 0;

  // Laps.
  let lapCount = 0;
  let lapDepth = 0;
  let tracksInLap = 0;
  let lapTime: number | null = null;
  let lapAvgHr: number | null = null;
  let sumTime: number | null = null;
  let sumDistance: number | null = null;
  let sumCalories: number | null = null;
  let maxSpeed: number | null = null;
  let hrWeighted = 0;
  let hrSeconds = 0;

  let courseDepth = 0;

  // The Trackpoint being read.
  let inPoint = false;
  let ptDepth = 0;
  let ptInCourse = false;
  let hasPosition = false;
  let lat = NaN;
  let lng = NaN;
  let ele: number | null = null;
  let time = NaN;
  let heartRate: number | null = null;
  let cadence: number | null = null;
  let runCadence: number | null = null;
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

      if (inPoint) {
        const direct = depth === ptDepth + 1;
        switch (name) {
          case 'Time':
            if (direct) time = sc.readTime(times);
            break;
          case 'Position':
            if (direct) hasPosition = true;
            break;
          case 'LatitudeDegrees':
            if (sc.parentLocal() === 'Position') lat = sc.readNumber();
            break;
          case 'LongitudeDegrees':
            if (sc.parentLocal() === 'Position') lng = sc.readNumber();
            break;
          case 'AltitudeMeters':
            if (direct) ele = finiteOrNull(sc.readNumber());
            break;
          case 'DistanceMeters':
            if (direct) distance = sensor(sc.readNumber(), MAX_DISTANCE_M);
            break;
          case 'Value':
            if (sc.parentLocal() === 'HeartRateBpm') heartRate = sensor(sc.readNumber(), MAX_HEART_RATE);
            break;
          case 'Cadence':
            if (direct) cadence = sensor(sc.readNumber(), MAX_CADENCE);
            break;
          case 'Speed':
            if (!direct && speed === null) speed = sensor(sc.readNumber(), MAX_SPEED_MS);
            break;
          case 'RunCadence':
            if (!direct && runCadence === null) runCadence = sensor(sc.readNumber(), MAX_CADENCE);
            break;
        }
        continue;
      }

      if (depth === 1) {
        if (name !== 'TrainingCenterDatabase') throw notTcx(name);
        continue;
      }

      switch (name) {
        case 'Trackpoint':
          inPoint = true;
          ptDepth = depth;
          ptInCourse = courseDepth !== 0;
          hasPosition = false;
          lat = NaN;
          lng = NaN;
          ele = null;
          time = NaN;
          heartRate = null;
          cadence = null;
          runCadence = null;
          speed = null;
          distance = null;
          break;
        case 'Track':
          if (courseDepth !== 0) {
            course.newSegment();
          } else {
            if (tracksInLap > 0) track.newSegment();
            tracksInLap++;
          }
          break;
        case 'Lap':
          if (courseDepth !== 0) break;
          lapCount++;
          lapDepth = depth;
          tracksInLap = 0;
          lapTime = null;
          lapAvgHr = null;
          if (firstLapStart === null) {
            const t = headerTimes.parse(sc.attr('StartTime'));
            if (!Number.isNaN(t)) firstLapStart = t;
          }
          break;
        case 'Activity': {
          track.newSegment();
          tracksInLap = 0;
          const label = cleanLabel(sc.attr('Sport'), 100);
          if (label !== null) {
            if (sportLabel === null) sportLabel = label;
            else if (label !== sportLabel) otherSports.add(label);
          }
          break;
        }
        case 'Course':
          courseDepth = depth;
          course.newSegment();
          break;
        case 'TotalTimeSeconds':
        case 'DistanceMeters':
        case 'Calories':
        case 'MaximumSpeed': {
          if (lapDepth === 0 || depth !== lapDepth + 1) break;
          const v = sc.readNumber();
          if (!(v >= 0 && Number.isFinite(v))) break;
          if (name === 'TotalTimeSeconds') {
            lapTime = v;
            sumTime = (sumTime ?? 0) + v;
          } else if (name === 'DistanceMeters') {
            sumDistance = (sumDistance ?? 0) + v;
          } else if (name === 'Calories') {
            sumCalories = (sumCalories ?? 0) + v;
          } else if (maxSpeed === null || v > maxSpeed) {
            maxSpeed = v;
          }
          break;
        }
        case 'Value':
          if (lapDepth !== 0 && depth === lapDepth + 2 && sc.parentLocal() === 'AverageHeartRateBpm') {
            lapAvgHr = sensor(sc.readNumber(), MAX_HEART_RATE);
          }
          break;
        case 'Name': {
          const parent = sc.parentLocal();
          if (parent === 'Creator') {
            if (creatorName === null) creatorName = cleanLabel(sc.readText());
          } else if (parent === 'Author') {
            if (authorName === null) authorName = cleanLabel(sc.readText());
          } else if (parent === 'Course') {
            if (courseName === null) courseName = cleanLabel(sc.readText());
          }
          break;
        }
        case 'Id':
          if (activityId === null && sc.parentLocal() === 'Activity') {
            const t = headerTimes.parse(sc.readText());
            if (!Number.isNaN(t)) activityId = t;
          }
          break;
      }
      continue;
    }

    if (token === TOKEN_CLOSE) {
      const depth = sc.depth;
      if (inPoint) {
        if (depth < ptDepth) {
          inPoint = false;
          if (!hasPosition) {
            noPosition++;
          } else if (lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180) {
            (ptInCourse ? course : track).add({
              lat,
              lng,
              ele,
              time: Number.isNaN(time) ? null : time,
              heartRate,
              cadence: cadence ?? runCadence,
              speed,
              distance,
            });
          } else {
            badPositions++;
          }
        }
      } else if (lapDepth !== 0 && depth < lapDepth) {
        if (lapTime !== null && lapTime > 0 && lapAvgHr !== null) {
          hrWeighted += lapAvgHr * lapTime;
          hrSeconds += lapTime;
        }
        lapDepth = 0;
      } else if (courseDepth !== 0 && depth < courseDepth) {
        courseDepth = 0;
      }
    }
  }

  if (sc.rootLocal === '' && !sc.truncated) {
    throw new ActivityFileError(
      'This file contains no XML element, so it cannot be a TCX file.',
      'MALFORMED',
    );
  }

  const warnings: string[] = [...decoded.warnings, ...sc.warnings];
  let used = track;
  let name: string | null = null;
  if (track.points.length === 0 && course.points.length > 0) {
    used = course;
    name = courseName;
    warnings.push('The file has no recorded activity, only a course: the course points were used.');
  }

  if (sc.truncated) {
    if (used.points.length === 0) {
      throw new ActivityFileError(
        'This TCX file is incomplete (it stops in the middle of the XML) and no complete trackpoint ' +
          'with a position was read before the cut.',
        'MALFORMED',
      );
    }
    warnings.push(
      `The file ends abruptly (truncated?): kept the ${used.points.length} points read before the cut.`,
    );
  }
  if (used.points.length === 0) {
    let reason = 'This TCX file has no trackpoints.';
    if (noPosition > 0) {
      reason = `This TCX file has ${noPosition} trackpoints but none with a GPS position (indoor or treadmill activity?).`;
    } else if (badPositions > 0) {
      reason = `This TCX file has no trackpoint with a valid position (${badPositions} invalid).`;
    }
    throw new ActivityFileError(reason, 'NO_GPS');
  }

  warnings.push(
    ...countWarning(
      noPosition,
      'Ignored 1 trackpoint without a position.',
      'Ignored {n} trackpoints without a position.',
    ),
    ...countWarning(
      badPositions,
      'Skipped 1 trackpoint with an invalid position.',
      'Skipped {n} trackpoints with an invalid position.',
    ),
    ...times.warnings('trackpoint'),
    ...countWarning(
      used.backwardsTimes,
      'Time goes backwards once between consecutive points.',
      'Time goes backwards {n} times between consecutive points.',
    ),
  );

  let sport: ActivitySport;
  const fromLabel = sportFromLabel(sportLabel);
  if (fromLabel === null) {
    sport = 'running';
    warnings.push('The file does not say which sport it is; assumed running.');
  } else {
    sport = fromLabel;
  }
  if (otherSports.size > 0) {
    const list = [...otherSports].slice(0, 3).map((t) => `"${t}"`);
    warnings.push(
      `Activities of different sports (${list.join(', ')}); the first activity's sport was used.`,
    );
  }

  const deviceSummary: DeviceSummary | null =
    lapCount === 0
      ? null
      : {
          distanceMeters: sumDistance,
          elapsedSeconds: null,
          timerSeconds: sumTime,
          ascentMeters: null,
          descentMeters: null,
          calories: sumCalories,
          avgHeartRate: hrSeconds > 0 ? Math.round((hrWeighted / hrSeconds) * 10) / 10 : null,
          maxSpeedMs: maxSpeed,
        };

  return {
    fileType: 'tcx',
    sport,
    sportLabel,
    sourceDevice: creatorName ?? authorName,
    name,
    startTime: used.firstTime ?? firstLapStart ?? activityId,
    points: used.points,
    segmentStarts: used.segmentStarts,
    pauses: [],
    deviceSummary,
    warnings: warnings.map(detach),
  };
}

function notTcx(root: string): ActivityFileError {
  return new ActivityFileError(
    `This is an XML file but not a TCX file (its root element is <${detach(root.slice(0, 40))}>).`,
    'UNSUPPORTED_TYPE',
  );
}
