/**
 * The stored activity vocabulary (`run_records.activity_type`, `external_imports.activity_type`)
 * and the one rule of which activities are runs. Only runs feed running totals, streaks, best
 * efforts, points and level, course boards, event progress (unless the event names its own types),
 * distance boards, achievements and the heatmap; every other activity is stored and listed with
 * its type and counted nowhere. SQL uses `countedActivitySql`, built from the same list.
 */
export const ACTIVITY_TYPES = ['run', 'trail_run', 'treadmill', 'walk', 'hike', 'ride', 'other'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** The running kinds: road/track runs, trail runs, treadmill and other indoor or virtual runs. */
export const RUNNING_ACTIVITY_TYPES: readonly ActivityType[] = ['run', 'trail_run', 'treadmill'];

export function countsAsRun(activityType: string | null | undefined): boolean {
  return RUNNING_ACTIVITY_TYPES.includes(activityType as ActivityType);
}

export function isActivityType(value: unknown): value is ActivityType {
  return typeof value === 'string' && (ACTIVITY_TYPES as readonly string[]).includes(value);
}

/** SQL condition "this run row counts as a run" (`column`: e.g. `r.activity_type`). */
export function countedActivitySql(column = 'activity_type'): string {
  return `${column} IN (${RUNNING_ACTIVITY_TYPES.map((t) => `'${t}'`).join(', ')})`;
}

/** Why a course cannot be made from an activity of this type, or null when it can. */
export function notARunCourseReason(activityType: string): string | null {
  return countsAsRun(activityType)
    ? null
    : `A course can only be created from a run; this activity is a ${activityType}`;
}
