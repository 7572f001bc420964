/**
 * Pure rules of the import pipeline: what counts as a usable activity and how our metrics are
 * written into the run record's JSON columns. When two recordings are the same activity is the
 * runs lib's rule (`sameActivityOf`), shared with live completion.
 */
import type { ActivityDamage, ActivitySport, DeviceSummary } from '@runvs/activity-files';
import type { ActivityType, RunSource } from '@runvs/database';
import { type CourseMatchResult, timerSecondsOfTrack } from '@runvs/geo';
import { type DeviceTotals, durationComparableWith, type RunValues } from '@runvs/runs';
import type { ImportSummary } from './import-detail';

/** §10.2: shorter activities are refused. */
export const MIN_IMPORT_DISTANCE_M = 100;
export const MIN_IMPORT_DURATION_S = 30;

/** §10.2 step 6: public courses whose start is this close to the activity's first point are tried. */
export const CANDIDATE_COURSE_RADIUS_M = 500;
export const MAX_CANDIDATE_COURSES = 10;

/**
 * The stored activity type from the file's sport and its own label (FIT sub_sport name, TCX Sport,
 * GPX <type>, Strava sport_type): running splits into run, trail_run and treadmill (indoor and
 * virtual runs); other sports keep their kind. Whether it counts is `countsAsRun` (@runvs/database).
 */
export function activityTypeOf(sport: ActivitySport, label: string | null = null): ActivityType {
  switch (sport) {
    case 'running': {
      const words = (label ?? '').toLowerCase();
      if (words.includes('trail')) return 'trail_run';
      if (/treadmill|indoor|virtual/.test(words)) return 'treadmill';
      return 'run';
    }
    case 'walking':
      return 'walk';
    case 'hiking':
      return 'hike';
    case 'cycling':
      return 'ride';
    default:
      return 'other';
  }
}

/**
 * A damaged file read up to this share of the device's own distance total is whole enough (GPS and
 * device distances normally differ by a few per cent); below it, it is a fraction of the run.
 */
export const WHOLE_READ_RATIO = 0.9;

/**
 * Why a damaged file (`damage`: what the parser skipped or where it stopped) is only part of the
 * run — "partial: 0.9 of 11.3 km read (…)" — or null when what was read is the whole run (damage
 * stepped over, distance as the device's) or the file is undamaged. A partial run is imported
 * with this reason as a warning and a flag, never as a short complete run.
 */
export function partialReadReason(
  damage: ActivityDamage | null | undefined,
  readMeters: number,
  deviceMeters: number | null | undefined,
): string | null {
  if (!damage) return null;
  const read = (readMeters / 1000).toFixed(1);
  if (deviceMeters && deviceMeters > 0) {
    if (readMeters >= deviceMeters * WHOLE_READ_RATIO) return null;
    return `partial: ${read} of ${(deviceMeters / 1000).toFixed(1)} km read (the file is damaged: ${damage.reason})`;
  }
  if (!damage.stopped) return null;
  return `partial: ${read} km read; the rest of the file could not be read (${damage.reason})`;
}

/** A note for a damaged file that was still read whole (damaged bytes stepped over). */
export function damageNote(damage: ActivityDamage | null | undefined): string | null {
  if (!damage || damage.skippedBytes === 0) return null;
  return `the file is damaged: ${damage.skippedBytes} byte(s) skipped (${damage.reason}); the rest was read`;
}

/** Why an activity cannot become a run, or null when it can. */
export function unusableActivityReason(values: RunValues): string | null {
  if (values.route === null || values.route.length < 2) {
    return 'The activity has fewer than two usable GPS positions';
  }
  const elapsed = values.totalElapsedSeconds ?? 0;
  if (!values.measured || values.firstFixMs === null || elapsed <= 0) {
    return 'The file has no usable timestamps: it describes a route, not a recorded activity';
  }
  if (values.distanceMeters < MIN_IMPORT_DISTANCE_M) {
    return `Activity too short (${Math.round(values.distanceMeters)} m; at least ${MIN_IMPORT_DISTANCE_M} m is needed)`;
  }
  if (elapsed < MIN_IMPORT_DURATION_S) {
    return `Activity too short (${elapsed} s; at least ${MIN_IMPORT_DURATION_S} s is needed)`;
  }
  return null;
}

/** Our figures and the device's own totals disagreeing by more than this is said on the run. */
export const DEVICE_DISAGREEMENT_RATIO = 0.03;

/** What the device's duration counts: its timer (FIT/TCX: pauses excluded as the runner paused) or its own moving time (Strava). */
export type DeviceDurationKind = 'timer' | 'moving';

/**
 * Where our figures and the device's own totals disagree by more than 3 % — distance (our GPS
 * distance) and duration (ours of the device's kind) — one sentence each; empty when they agree
 * or the device gave no total. Informational: the run shows it in `data_notes`, it flags nothing
 * (a gross disagreement is flagged by the anomaly rules, `compareClientSummary`).
 */
export function deviceDisagreementReasons(
  ours: { distanceMeters: number; durationSeconds: number },
  device: { distanceMeters: number | null; durationSeconds: number | null } | null | undefined,
  durationKind: DeviceDurationKind = 'timer',
): string[] {
  const reasons: string[] = [];
  const gap = (mine: number, theirs: number | null | undefined): number | null =>
    theirs && theirs > 0 && Math.abs(mine - theirs) / theirs > DEVICE_DISAGREEMENT_RATIO
      ? Math.abs(mine - theirs) / theirs
      : null;
  const distanceGap = gap(ours.distanceMeters, device?.distanceMeters);
  if (distanceGap !== null) {
    reasons.push(
      `our GPS distance ${(ours.distanceMeters / 1000).toFixed(2)} km and the device's ` +
        `${(device!.distanceMeters! / 1000).toFixed(2)} km differ by ${(distanceGap * 100).toFixed(1)} %`,
    );
  }
  const durationGap = gap(ours.durationSeconds, device?.durationSeconds);
  if (durationGap !== null) {
    reasons.push(
      `our ${durationKind} time ${Math.round(ours.durationSeconds)} s and the device's ` +
        `${Math.round(device!.durationSeconds!)} s differ by ${(durationGap * 100).toFixed(1)} %`,
    );
  }
  return reasons;
}

/**
 * The device's totals an import's run shows, and where our figures disagree with them by more than
 * 3 %: our GPS distance against its distance; its timer against the closer of our timer time and
 * our moving time (Strava's moving time against ours). A file read only in part shows ours: its
 * totals describe more than the track holds.
 */
export function compareWithDevice(
  values: RunValues,
  track: {
    deviceSummary?: DeviceSummary | null;
    deviceDurationKind?: DeviceDurationKind;
    pauses: ReadonlyArray<{ start: number; end: number }>;
  },
  readInPart: boolean,
): { deviceTotals: DeviceTotals | null; disagreements: string[] } {
  const device = track.deviceSummary;
  if (!device || readInPart) return { deviceTotals: null, disagreements: [] };
  const deviceTotals: DeviceTotals = {
    distanceMeters: device.distanceMeters,
    durationSeconds: device.timerSeconds,
    elapsedSeconds: device.elapsedSeconds,
  };
  // A watch's timer leaves out the runner's pauses, and with auto-pause also the stops: it agrees
  // with ours when it matches our timer time or our moving time, and is compared with the closer.
  let kind: DeviceDurationKind = 'moving';
  let ourDuration = values.movingTimeSeconds;
  if (
    (track.deviceDurationKind ?? 'timer') === 'timer' &&
    values.firstFixMs !== null &&
    values.lastFixMs !== null
  ) {
    const timer = timerSecondsOfTrack(values.firstFixMs, values.lastFixMs, track.pauses);
    ourDuration = durationComparableWith(
      deviceTotals.durationSeconds ?? timer,
      values.movingTimeSeconds,
      timer,
    );
    if (ourDuration === timer) kind = 'timer';
  }
  return {
    deviceTotals,
    disagreements: deviceDisagreementReasons(
      { distanceMeters: values.gpsDistanceMeters, durationSeconds: ourDuration },
      deviceTotals,
      kind,
    ),
  };
}

/**
 * The import's summary: the run's figures as shown (`shown`: the device's totals when the file
 * carries them, `showDeviceTotals`), our own from the track beside them (its `gps*`/`moving*`/
 * `elapsed*`), and the device's totals (null when the file has none).
 */
export function importSummaryOf(
  shown: RunValues,
  sourceDevice: string | null,
  warnings: string[] = [],
  device: { distanceMeters: number | null; durationSeconds: number | null } | null = null,
): ImportSummary {
  return {
    warnings,
    gps_distance_meters: shown.gpsDistanceMeters,
    moving_time_seconds: shown.movingTimeSeconds,
    elapsed_seconds: shown.elapsedSeconds,
    device_distance_meters: device?.distanceMeters ?? null,
    device_timer_seconds: device?.durationSeconds ?? null,
    distance_meters: shown.distanceMeters,
    duration_seconds: shown.durationSeconds,
    avg_pace_seconds_per_km: shown.avgPaceSecondsPerKm,
    elevation_gain_meters: shown.elevationGainMeters,
    elevation_loss_meters: shown.elevationLossMeters,
    point_count: shown.pointCount,
    source_device: sourceDevice,
  };
}

/** The better of two course matches: completed first, then the higher match, then coverage. */
export function isBetterMatch(a: CourseMatchResult, b: CourseMatchResult | null): boolean {
  if (b === null) return true;
  if (a.isCompleted !== b.isCompleted) return a.isCompleted;
  if (a.routeMatchPercent !== b.routeMatchPercent) return a.routeMatchPercent > b.routeMatchPercent;
  return a.coveragePercent > b.coveragePercent;
}

export function runSourceOfFile(fileType: string): RunSource {
  switch (fileType) {
    case 'fit':
      return 'fit_upload';
    case 'tcx':
      return 'tcx_upload';
    default:
      return 'gpx_upload';
  }
}
