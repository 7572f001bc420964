/**
 * FIT activity → {@link ParsedActivity}. Bytes in, data out: no I/O, no Nest.
 *
 * Behaviour decisions (see the spec file for the tests that pin them):
 * - Bad file/header CRC: decoded best effort, with a warning (field values are still range-checked).
 * - Truncated or structurally damaged data: what was decoded before the damage is kept, with a
 *   warning, when it holds GPS points; otherwise MALFORMED (the reason names the damage).
 * - file_id.type other than activity in every chained file (settings, course, …): NOT_AN_ACTIVITY.
 *   Non-activity files chained after an activity are skipped.
 * - No positions (treadmill, trainer, pool swim): success with empty `points` and the device summary.
 * - Multisport (sessions of different sports, transitions ignored): sport `other`, label
 *   `multisport`, every leg's points, a segment per session, totals summed over all sessions.
 * - Points: records with a valid position only; invalid markers, |lat| > 90, |lng| > 180 and exactly
 *   0°,0° (no fix) are skipped (the last two counted in a warning). Other fields are kept as written
 *   (e.g. a heart rate of 0 from an app without a strap), invalid values as null.
 * - Pauses: timer stop/stop_all → next timer start. Segments: the first point, each chained file,
 *   the first point after each pause and at each later session's start (found by time).
 * - startTime: earliest session start_time, else first record timestamp, else file_id.time_created.
 */
import { type ParseSteps, runToEnd } from '../parse-steps';
import {
  ActivityFileError,
  type ActivityPause,
  type ActivitySport,
  type ActivityTrackPoint,
  type DeviceSummary,
  type ParsedActivity,
} from '../parsed-activity';
import {
  decodeFitSteps,
  FIT_EPOCH_OFFSET_SECONDS,
  type FitDecodeResult,
  type FitMessage,
  type FitMessageSink,
} from './fit-decoder';
import {
  DEVICE_INFO,
  EVENT,
  EVENT_TIMER,
  EVENT_TYPE_START,
  EVENT_TYPE_STOP,
  EVENT_TYPE_STOP_ALL,
  FILE_ID,
  FILE_TYPE_ACTIVITY,
  FILE_TYPE_NAMES,
  GARMIN_FAMILY,
  GARMIN_PRODUCT_NAMES,
  LAP,
  MANUFACTURER_NAMES,
  MESG,
  RECORD,
  SESSION,
  SPORT,
  SPORT_NAMES,
  SUB_SPORT_NAMES,
} from './fit-profile';

export interface ParseFitOptions {
  /** more GPS points than this → TOO_LARGE (default {@link FIT_DEFAULT_MAX_RECORDS}) */
  maxPoints?: number;
  /** more `record` messages (with or without position) than this → TOO_LARGE (default 2,000,000) */
  maxRecords?: number;
}

export const FIT_DEFAULT_MAX_RECORDS = 2_000_000;

const SEMICIRCLES_TO_DEGREES = 180 / 2 ** 31;
/** FIT date_time values below this are seconds since device power-on, not since the FIT epoch. */
const FIT_MIN_ABSOLUTE_TIME = 0x10000000;
/** A forward jump between consecutive records longer than this is reported as a clock problem. */
const CLOCK_JUMP_WARNING_MS = 24 * 3600 * 1000;

const WANTED: boolean[] = [];
for (const n of Object.values(MESG)) WANTED[n] = true;

interface SessionSummary {
  startTime: number | null; // ms
  sport: number | null;
  subSport: number | null;
  elapsed: number | null; // raw (s × 1000)
  timer: number | null;
  distance: number | null; // raw (m × 100)
  calories: number | null;
  maxSpeed: number | null; // raw (m/s × 1000)
  avgHeartRate: number | null;
  ascent: number | null;
  descent: number | null;
}

interface SportPair {
  sport: number | null;
  subSport: number | null;
}

interface DeviceIdentity {
  manufacturer: number | null;
  product: number | null;
  productName: string | null;
}

const toMs = (fitSeconds: number): number => (fitSeconds + FIT_EPOCH_OFFSET_SECONDS) * 1000;

class FitActivityCollector implements FitMessageSink {
  readonly wanted = WANTED;

  readonly points: ActivityTrackPoint[] = [];
  readonly segmentStarts: number[] = [];
  readonly pauses: ActivityPause[] = [];
  readonly sessions: SessionSummary[] = [];
  readonly sportMessages: SportPair[] = [];
  readonly lapSports: SportPair[] = [];
  /** file_id.type per chained file that had a file_id (null when the field is invalid) */
  readonly fileTypes: (number | null)[] = [];
  fileId: (DeviceIdentity & { timeCreated: number | null }) | null = null;
  creator: DeviceIdentity | null = null;

  recordCount = 0;
  firstRecordTime: number | null = null;
  outOfRange = 0;
  nullIsland = 0;
  relativeTimes = false;
  biggestJump: { ms: number; pointIndex: number } | null = null;

  private fileActive = true;
  private pendingBreak = true;
  private pauseStart: number | null = null;
  private lastRecordTime: number | null = null;

  constructor(
    private readonly maxPoints: number,
    private readonly maxRecords: number,
  ) {}

  onFileStart(): void {
    this.fileActive = true;
    this.pendingBreak = true;
    this.pauseStart = null;
  }

  onMessage(m: FitMessage): void {
    if (this.fileActive && m.timestamp !== null && m.timestamp < FIT_MIN_ABSOLUTE_TIME)
      this.relativeTimes = true;
    switch (m.globalNum) {
      case MESG.FILE_ID:
        return this.onFileId(m);
      case MESG.RECORD:
        if (this.fileActive) this.onRecord(m);
        return;
      case MESG.EVENT:
        if (this.fileActive) this.onEvent(m);
        return;
      case MESG.SESSION:
        if (this.fileActive) this.onSession(m);
        return;
      case MESG.SPORT:
        if (this.fileActive)
          this.sportMessages.push({ sport: m.num(SPORT.SPORT), subSport: m.num(SPORT.SUB_SPORT) });
        return;
      case MESG.LAP:
        if (this.fileActive) this.lapSports.push({ sport: m.num(LAP.SPORT), subSport: m.num(LAP.SUB_SPORT) });
        return;
      case MESG.DEVICE_INFO:
        if (this.fileActive) this.onDeviceInfo(m);
        return;
      default:
        return;
    }
  }

  private onFileId(m: FitMessage): void {
    const type = m.num(FILE_ID.TYPE);
    this.fileTypes.push(type);
    this.fileActive = type === null || type === FILE_TYPE_ACTIVITY;
    if (!this.fileActive || this.fileId !== null) return;
    this.fileId = {
      manufacturer: m.num(FILE_ID.MANUFACTURER),
      product: m.num(FILE_ID.PRODUCT),
      productName: m.str(FILE_ID.PRODUCT_NAME),
      timeCreated: m.num(FILE_ID.TIME_CREATED),
    };
  }

  private onRecord(m: FitMessage): void {
    if (++this.recordCount > this.maxRecords) {
      throw new ActivityFileError(`The FIT file has more than ${this.maxRecords} records`, 'TOO_LARGE');
    }
    const ts = m.timestamp;
    const time = ts === null ? null : toMs(ts);
    if (time !== null) {
      if (this.firstRecordTime === null) this.firstRecordTime = time;
      if (
        this.lastRecordTime !== null &&
        time - this.lastRecordTime > (this.biggestJump?.ms ?? CLOCK_JUMP_WARNING_MS)
      ) {
        this.biggestJump = { ms: time - this.lastRecordTime, pointIndex: this.points.length };
      }
      this.lastRecordTime = time;
    }

    let lat = m.num(RECORD.POSITION_LAT);
    let lng = m.num(RECORD.POSITION_LONG);
    if (lat === null || lng === null || lat === 0x7fffffff || lng === 0x7fffffff) return;
    // Some writers declare the semicircles unsigned; reinterpret as sint32.
    if (lat > 0x7fffffff) lat -= 2 ** 32;
    if (lng > 0x7fffffff) lng -= 2 ** 32;
    if (lat === 0 && lng === 0) {
      this.nullIsland++;
      return;
    }
    const latDeg = lat * SEMICIRCLES_TO_DEGREES;
    const lngDeg = lng * SEMICIRCLES_TO_DEGREES;
    if (!(latDeg >= -90 && latDeg <= 90 && lngDeg >= -180 && lngDeg <= 180)) {
      this.outOfRange++;
      return;
    }
    if (this.points.length >= this.maxPoints) {
      throw new ActivityFileError(`The FIT file has more than ${this.maxPoints} GPS points`, 'TOO_LARGE');
    }

    const alt = m.num(RECORD.ENHANCED_ALTITUDE) ?? m.num(RECORD.ALTITUDE);
    const speed = m.num(RECORD.ENHANCED_SPEED) ?? m.num(RECORD.SPEED);
    const distance = m.num(RECORD.DISTANCE);
    if (this.pendingBreak) {
      this.segmentStarts.push(this.points.length);
      this.pendingBreak = false;
    }
    this.points.push({
      lat: latDeg,
      lng: lngDeg,
      ele: alt === null ? null : alt / 5 - 500,
      time,
      heartRate: m.num(RECORD.HEART_RATE),
      cadence: m.num(RECORD.CADENCE),
      speed: speed === null ? null : speed / 1000,
      distance: distance === null ? null : distance / 100,
    });
  }

  private onEvent(m: FitMessage): void {
    if (m.num(EVENT.EVENT) !== EVENT_TIMER || m.timestamp === null) return;
    const type = m.num(EVENT.EVENT_TYPE);
    const t = toMs(m.timestamp);
    if (type === EVENT_TYPE_STOP || type === EVENT_TYPE_STOP_ALL) {
      this.pauseStart ??= t;
    } else if (type === EVENT_TYPE_START && this.pauseStart !== null) {
      if (t > this.pauseStart) this.pauses.push({ start: this.pauseStart, end: t });
      this.pauseStart = null;
    }
  }

  private onSession(m: FitMessage): void {
    const start = m.num(SESSION.START_TIME);
    this.sessions.push({
      startTime: start === null ? null : toMs(start),
      sport: m.num(SESSION.SPORT),
      subSport: m.num(SESSION.SUB_SPORT),
      elapsed: m.num(SESSION.TOTAL_ELAPSED_TIME),
      timer: m.num(SESSION.TOTAL_TIMER_TIME),
      distance: m.num(SESSION.TOTAL_DISTANCE),
      calories: m.num(SESSION.TOTAL_CALORIES),
      maxSpeed: m.num(SESSION.ENHANCED_MAX_SPEED) ?? m.num(SESSION.MAX_SPEED),
      avgHeartRate: m.num(SESSION.AVG_HEART_RATE),
      ascent: m.num(SESSION.TOTAL_ASCENT),
      descent: m.num(SESSION.TOTAL_DESCENT),
    });
  }

  private onDeviceInfo(m: FitMessage): void {
    // Only the creator (device_index 0) names the recording device; sensors (HRM, power meter,
    // footpod) also carry product names and must not override it.
    if (m.num(DEVICE_INFO.DEVICE_INDEX) !== 0) return;
    const productName = m.str(DEVICE_INFO.PRODUCT_NAME);
    if (this.creator !== null && (this.creator.productName !== null || productName === null)) return;
    this.creator = {
      manufacturer: m.num(DEVICE_INFO.MANUFACTURER),
      product: m.num(DEVICE_INFO.PRODUCT),
      productName,
    };
  }
}

/**
 * Parses a FIT activity file (chained files included).
 * @throws ActivityFileError EMPTY_FILE, MALFORMED, NOT_AN_ACTIVITY, TOO_LARGE
 */
export function parseFit(input: Buffer | Uint8Array, options: ParseFitOptions = {}): ParsedActivity {
  return runToEnd(fitParseSteps(input, options));
}

/** parseFit in steps (see ParseSteps): yields the fraction of the bytes read every PARSE_STEP_EVERY messages. */
export function* fitParseSteps(input: Buffer | Uint8Array, options: ParseFitOptions = {}): ParseSteps {
  if (input.length === 0) throw new ActivityFileError('The file is empty', 'EMPTY_FILE');
  const c = new FitActivityCollector(
    options.maxPoints ?? FIT_DEFAULT_MAX_RECORDS,
    options.maxRecords ?? FIT_DEFAULT_MAX_RECORDS,
  );
  const decoded = yield* decodeFitSteps(input, c);
  return buildActivity(c, decoded);
}

function buildActivity(c: FitActivityCollector, decoded: FitDecodeResult): ParsedActivity {
  const warnings = [...decoded.warnings];
  const stopped = decoded.stoppedEarly;

  const isActivity =
    c.fileTypes.includes(FILE_TYPE_ACTIVITY) ||
    (c.recordCount > 0 && (c.fileTypes.length === 0 || c.fileTypes.includes(null)));
  if (!isActivity) {
    if (c.fileTypes.length === 0) {
      throw new ActivityFileError(
        stopped !== null
          ? `The FIT file is damaged before any activity data (${stopped.reason})`
          : 'The FIT file has no file_id message and no activity records',
        'MALFORMED',
      );
    }
    const type = c.fileTypes.find((t) => t !== null && t !== FILE_TYPE_ACTIVITY) ?? null;
    throw new ActivityFileError(
      type === null
        ? 'The FIT file holds no activity records'
        : `This FIT file is a ${FILE_TYPE_NAMES[type] ?? `type ${type}`} file, not an activity`,
      'NOT_AN_ACTIVITY',
    );
  }
  if (stopped !== null) {
    if (c.points.length === 0) {
      throw new ActivityFileError(
        `The FIT file is damaged or incomplete and has no GPS points before the damage (${stopped.reason})`,
        'MALFORMED',
      );
    }
    warnings.push(
      `FIT data is damaged or cut short (${stopped.reason}); kept the ${c.points.length} GPS points read before it`,
    );
  }
  if (c.fileTypes.length === 0) warnings.push('FIT file_id message missing; assumed to be an activity');
  if (c.sessions.length === 0 && c.recordCount > 0)
    warnings.push('no session summary in the FIT file (recording may have been cut short)');
  if (c.outOfRange > 0) warnings.push(`${c.outOfRange} record(s) with out-of-range coordinates skipped`);
  if (c.nullIsland > 0) warnings.push(`${c.nullIsland} record(s) at 0°,0° (no GPS fix) skipped`);
  if (c.relativeTimes)
    warnings.push('FIT timestamps are relative to device power-on (no real clock); dates are not absolute');
  if (c.biggestJump !== null) {
    const days = c.biggestJump.ms / 86_400_000;
    warnings.push(
      `record timestamps jump forward by ${days.toFixed(1)} days near point ${c.biggestJump.pointIndex} (device clock problem?)`,
    );
  }

  const { sport, sportLabel } = resolveSport(c);
  return {
    fileType: 'fit',
    sport,
    sportLabel,
    sourceDevice: resolveDevice(c),
    name: null,
    startTime: resolveStartTime(c),
    points: c.points,
    segmentStarts: resolveSegments(c),
    pauses: c.pauses,
    deviceSummary: summarise(c.sessions),
    warnings,
    damage:
      stopped !== null || decoded.skipped.length > 0
        ? {
            reason: stopped?.reason ?? decoded.skipped[0].reason,
            skippedBytes: decoded.skipped.reduce((sum, s) => sum + s.bytes, 0),
            stopped: stopped !== null,
          }
        : null,
  };
}

function resolveStartTime(c: FitActivityCollector): number | null {
  let start: number | null = null;
  for (const s of c.sessions)
    if (s.startTime !== null && (start === null || s.startTime < start)) start = s.startTime;
  if (start !== null) return start;
  if (c.firstRecordTime !== null) return c.firstRecordTime;
  const created = c.fileId?.timeCreated ?? null;
  return created === null ? null : toMs(created);
}

/**
 * Segment starts: the first point and each chained file's first point (collected while decoding),
 * plus the first point at or after each pause's end and each later session's start. The last two
 * are found by time, because some writers put events and sessions after all the records.
 */
function resolveSegments(c: FitActivityCollector): number[] {
  const starts = new Set(c.segmentStarts);
  const points = c.points;
  if (points.length === 0) return [];
  const boundaries = c.pauses.map((p) => p.end);
  const sessionStarts = c.sessions.map((s) => s.startTime).filter((t): t is number => t !== null);
  sessionStarts.sort((a, b) => a - b);
  boundaries.push(...sessionStarts.slice(1));
  boundaries.sort((a, b) => a - b);
  let i = 0;
  for (const t of boundaries) {
    while (i < points.length && (points[i].time === null || points[i].time! < t)) i++;
    if (i >= points.length) break;
    if (i > 0) starts.add(i);
  }
  return [...starts].sort((a, b) => a - b);
}

function resolveSport(c: FitActivityCollector): { sport: ActivitySport; sportLabel: string | null } {
  const pairs =
    c.sessions.length > 0 ? c.sessions : c.sportMessages.length > 0 ? c.sportMessages : c.lapSports;
  const legs = pairs.filter((p) => p.sport !== null && p.sport !== 3); // 3 = transition
  if (legs.length === 0) {
    const any = pairs.find((p) => p.sport !== null);
    return { sport: 'other', sportLabel: any ? sportLabel(any) : null };
  }
  const distinct = new Set(legs.map((p) => p.sport));
  if (distinct.size > 1) return { sport: 'other', sportLabel: 'multisport' };
  const leg = legs.find((p) => p.subSport !== null && p.subSport !== 0) ?? legs[0];
  return { sport: mapSport(leg.sport!, leg.subSport), sportLabel: sportLabel(leg) };
}

function sportLabel(p: SportPair): string | null {
  if (p.subSport !== null && p.subSport !== 0)
    return SUB_SPORT_NAMES[p.subSport] ?? `sub_sport_${p.subSport}`;
  if (p.sport === null) return null;
  return SPORT_NAMES[p.sport] ?? `sport_${p.sport}`;
}

/** FIT sport/sub_sport → our vocabulary (only `running` enters running leaderboards). */
export function mapSport(sport: number, subSport: number | null): ActivitySport {
  switch (sport) {
    case 1: // running: street, trail, track, treadmill, indoor, virtual, ultra…
      return 'running';
    case 2: // cycling
    case 21: // e_biking
      return 'cycling';
    case 5:
      return 'swimming';
    case 11:
      return 'walking';
    case 16: // mountaineering
    case 17:
      return 'hiking';
    case 15:
      return 'rowing';
    case 4: // fitness_equipment: depends on the machine
      switch (subSport) {
        case 1: // treadmill
        case 45: // indoor_running
          return 'running';
        case 5: // spin
        case 6: // indoor_cycling
          return 'cycling';
        case 14: // indoor_rowing
          return 'rowing';
        case 27: // indoor_walking
          return 'walking';
        default:
          return 'other';
      }
    default:
      return 'other';
  }
}

function resolveDevice(c: FitActivityCollector): string | null {
  const id = c.fileId;
  const creator = c.creator;
  const manufacturer = id?.manufacturer ?? creator?.manufacturer ?? null;
  const product = id?.product ?? creator?.product ?? null;
  const productName = creator?.productName ?? id?.productName ?? null;
  return deviceName(manufacturer, product, productName);
}

/** "Garmin Forerunner 945", "Wahoo ELEMNT BOLT", "COROS APEX Pro", "Stryd"; null when nothing is known. */
export function deviceName(
  manufacturer: number | null,
  product: number | null,
  productName: string | null,
): string | null {
  const brand = manufacturer === null ? null : (MANUFACTURER_NAMES[manufacturer] ?? null);
  const model =
    productName ??
    (manufacturer !== null && product !== null && GARMIN_FAMILY.has(manufacturer)
      ? (GARMIN_PRODUCT_NAMES[product] ?? null)
      : null);
  if (model !== null && brand !== null && !model.toLowerCase().startsWith(brand.toLowerCase()))
    return `${brand} ${model}`;
  return model ?? brand;
}

function summarise(sessions: SessionSummary[]): DeviceSummary | null {
  if (sessions.length === 0) return null;
  const sum = (pick: (s: SessionSummary) => number | null, scale = 1): number | null => {
    let total: number | null = null;
    for (const s of sessions) {
      const v = pick(s);
      if (v !== null) total = (total ?? 0) + v / scale;
    }
    return total;
  };
  let maxSpeed: number | null = null;
  for (const s of sessions)
    if (s.maxSpeed !== null && (maxSpeed === null || s.maxSpeed > maxSpeed)) maxSpeed = s.maxSpeed;

  // Average heart rate over sessions, weighted by timer time (elapsed, else equally, when missing).
  let hrWeighted = 0;
  let hrWeight = 0;
  for (const s of sessions) {
    if (s.avgHeartRate === null) continue;
    const w = s.timer ?? s.elapsed ?? 1;
    hrWeighted += s.avgHeartRate * w;
    hrWeight += w;
  }
  let avgHeartRate: number | null = null;
  if (hrWeight > 0) avgHeartRate = Math.round(hrWeighted / hrWeight);
  else if (sessions.some((s) => s.avgHeartRate !== null))
    avgHeartRate = sessions.find((s) => s.avgHeartRate !== null)!.avgHeartRate;

  return {
    distanceMeters: sum((s) => s.distance, 100),
    elapsedSeconds: sum((s) => s.elapsed, 1000),
    timerSeconds: sum((s) => s.timer, 1000),
    ascentMeters: sum((s) => s.ascent),
    descentMeters: sum((s) => s.descent),
    calories: sum((s) => s.calories),
    avgHeartRate,
    maxSpeedMs: maxSpeed === null ? null : maxSpeed / 1000,
  };
}
