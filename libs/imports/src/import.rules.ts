/**
 * Pure rules of the import pipeline: what counts as a usable activity, when two recordings are the
 * same activity, and how our metrics are written into the run record's JSON columns.
 */
import type { ActivitySport } from '@runvs/activity-files';
import type { ActivityType, RunSource } from '@runvs/database';
import type { CourseMatchResult, DetectedPause, RunMetrics, Split } from '@runvs/geo';
import type { ImportSummary } from './import-detail';

/** §10.2: shorter activities are refused. */
export const MIN_IMPORT_DISTANCE_M = 100;
export const MIN_IMPORT_DURATION_S = 30;

/** Decision 8: the same activity from two sources starts within a minute… */
export const DUPLICATE_START_WINDOW_S = 60;
/** …and covers a similar distance: within 10 % of the longer one, or 150 m for short runs. */
export const DUPLICATE_DISTANCE_RATIO = 0.1;
export const DUPLICATE_DISTANCE_MIN_M = 150;

/** §10.2 step 6: public courses whose start is this close to the activity's first point are tried. */
export const CANDIDATE_COURSE_RADIUS_M = 500;
export const MAX_CANDIDATE_COURSES = 10;

/** Running sub-kinds (trail, track, treadmill…) are all `running`; only those race on courses. */
export function isRunning(activityType: ActivityType): boolean {
  return activityType === 'running';
}

export function activityTypeOf(sport: ActivitySport): ActivityType {
  return sport;
}

/** Why an activity cannot become a run, or null when it can. */
export function unusableActivityReason(metrics: RunMetrics): string | null {
  if (metrics.elapsedSeconds <= 0) {
    return 'The file has no usable timestamps: it describes a route, not a recorded activity';
  }
  if (metrics.distanceMeters < MIN_IMPORT_DISTANCE_M) {
    return `Activity too short (${Math.round(metrics.distanceMeters)} m; at least ${MIN_IMPORT_DISTANCE_M} m is needed)`;
  }
  if (metrics.elapsedSeconds < MIN_IMPORT_DURATION_S) {
    return `Activity too short (${metrics.elapsedSeconds} s; at least ${MIN_IMPORT_DURATION_S} s is needed)`;
  }
  return null;
}

/** Decision 8: two recordings of one activity (start within a minute is checked by the query). */
export function isSimilarDistance(a: number, b: number): boolean {
  const tolerance = Math.max(DUPLICATE_DISTANCE_MIN_M, DUPLICATE_DISTANCE_RATIO * Math.max(a, b));
  return Math.abs(a - b) <= tolerance;
}

export function importSummaryOf(metrics: RunMetrics, sourceDevice: string | null): ImportSummary {
  return {
    distance_meters: Math.round(metrics.distanceMeters),
    duration_seconds: metrics.movingSeconds,
    avg_pace_seconds_per_km: metrics.avgPaceSecondsPerKm,
    elevation_gain_meters: Math.round(metrics.elevationGainMeters),
    elevation_loss_meters: Math.round(metrics.elevationLossMeters),
    point_count: metrics.pointCount,
    source_device: sourceDevice,
  };
}

/** contract §5 split shape (`splits` column). */
export function splitsJson(splits: readonly Split[]): Array<Record<string, number | null>> {
  return splits.map((s) => ({
    split_number: s.index,
    distance_meters: s.distanceMeters,
    duration_seconds: s.durationSeconds,
    pace_seconds_per_km: s.paceSecondsPerKm,
    elevation_change_meters: s.elevationChangeMeters ?? 0,
  }));
}

/** contract §5 pause shape (`pause_intervals` column). */
export function pausesJson(
  pauses: readonly DetectedPause[],
): Array<{ paused_at: string; resumed_at: string }> {
  return pauses.map((p) => ({
    paused_at: new Date(p.start).toISOString(),
    resumed_at: new Date(p.end).toISOString(),
  }));
}

/** `course_completion` column: the matcher's verdict in the contract's words. */
export function courseCompletionJson(match: CourseMatchResult): Record<string, unknown> {
  return {
    is_completed: match.isCompleted,
    route_match_percent: match.routeMatchPercent,
    max_deviation_meters: match.maxDeviationMeters,
    deviation_points: match.deviationPoints,
    coverage_percent: match.coveragePercent,
    reasons: match.reasons,
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
