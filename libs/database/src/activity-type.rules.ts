/**
 * The stored activity vocabulary (`run_records.activity_type`, `external_imports.activity_type`)
 * and the one rule of which runs count. Only a counted run (`runCounts`: a running activity, not
 * flagged as anomalous) feeds running totals, streaks, best efforts, points and level, course
 * boards and stats, event progress (an event may name its own types; flagged runs never count),
 * distance boards, achievements, the heatmap and other people's feeds; every other run is stored
 * and listed to its owner with its type and flag reasons, and counted nowhere. SQL uses
 * `countedRunSql` (`countedActivitySql` for the activity half alone), built from the same list.
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

/** SQL condition "this activity type is a run" (`column`: e.g. `r.activity_type`). */
export function countedActivitySql(column = 'activity_type'): string {
  return `${column} IN (${RUNNING_ACTIVITY_TYPES.map((t) => `'${t}'`).join(', ')})`;
}

/** What decides whether a stored run counts anywhere. */
export interface CountedRunFacts {
  activityType: string | null | undefined;
  /**
   * `run_records.is_flagged`: true while a flag is pending review and after an admin confirmed it;
   * an admin's dismissal (reinstatement) clears it.
   */
  isFlagged: boolean;
}

/** The one rule of "does this run count": a running activity that is not flagged as anomalous. */
export function runCounts(run: CountedRunFacts): boolean {
  return countsAsRun(run.activityType) && !run.isFlagged;
}

/** `runCounts` as an SQL condition on a run_records row (`alias`: e.g. `r`; none for a bare table). */
export function countedRunSql(alias?: string): string {
  const column = (name: string) => (alias ? `${alias}.${name}` : name);
  return `${countedActivitySql(column('activity_type'))} AND NOT ${column('is_flagged')}`;
}

/** Why a course cannot be made from an activity of this type, or null when it can. */
export function notARunCourseReason(activityType: string): string | null {
  return countsAsRun(activityType)
    ? null
    : `A course can only be created from a run; this activity is a ${activityType}`;
}
