/**
 * Pure rules of the import pipeline: what counts as a usable activity and how our metrics are
 * written into the run record's JSON columns. When two recordings are the same activity is the
 * runs lib's rule (`sameActivityOf`), shared with live completion.
 */
import type { ActivitySport } from '@runvs/activity-files';
import type { ActivityType, RunSource } from '@runvs/database';
import type { CourseMatchResult } from '@runvs/geo';
import type { RunValues } from '@runvs/runs';
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

export function importSummaryOf(
  values: RunValues,
  sourceDevice: string | null,
  warnings: string[] = [],
): ImportSummary {
  return {
    warnings,
    distance_meters: values.distanceMeters,
    duration_seconds: values.durationSeconds,
    avg_pace_seconds_per_km: values.avgPaceSecondsPerKm,
    elevation_gain_meters: values.elevationGainMeters,
    elevation_loss_meters: values.elevationLossMeters,
    point_count: values.pointCount,
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
