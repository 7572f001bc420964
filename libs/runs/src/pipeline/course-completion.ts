import { countsAsRun } from '@runvs/database';
import {
  type CheckpointPass,
  type CourseMatchReason,
  type CourseMatchResult,
  isLeaderboardEligible,
  LEADERBOARD_MIN_MATCH_PERCENT,
} from '@runvs/geo';

/** Why a course run does or does not count, beyond the matcher's own reasons. */
export type EligibilityReason =
  | CourseMatchReason
  | 'FLAGGED'
  | 'NOT_A_RUN'
  | 'BOARD_EXCLUDED'
  | 'STRAVA_SOURCE'
  | 'COURSE_HIDDEN'
  | 'COURSE_PRIVATE'
  | 'NO_ROUTE';

const REASON_TEXT: Record<EligibilityReason, string> = {
  INVALID_COURSE: 'The course has no usable line.',
  NOT_ENOUGH_POINTS: 'The run has too few GPS points to compare with the course.',
  START_TOO_FAR: 'The run did not start near the course start.',
  FINISH_TOO_FAR: 'The run did not finish near the course finish.',
  LOW_MATCH_PERCENT: `Fewer than ${LEADERBOARD_MIN_MATCH_PERCENT} % of the run's points were on the course.`,
  TOO_MANY_DEVIATIONS: 'The run left the course for too long a stretch.',
  LOW_COVERAGE: 'The run did not cover the course in order (start to finish).',
  FLAGGED: 'The run was flagged by the speed/GPS checks; flagged runs do not rank.',
  NOT_A_RUN: 'Only runs rank on course boards; this activity is not a run.',
  BOARD_EXCLUDED: 'An admin took this effort off the course board (the reason is on the run).',
  STRAVA_SOURCE: 'Runs imported from Strava never enter public leaderboards.',
  COURSE_HIDDEN: 'The course is hidden; its leaderboard is closed.',
  COURSE_PRIVATE: 'The course is private; only its creator is ranked on it.',
  NO_ROUTE: 'The run has no GPS route to compare with the course.',
};

export interface CourseCompletionView {
  is_completed: boolean;
  counts_for_ranking: boolean;
  route_match_percent: number;
  max_deviation_meters: number;
  deviation_points: number;
  matched_points: number;
  total_points: number;
  coverage_percent: number;
  start_distance_meters: number | null;
  finish_distance_meters: number | null;
  longest_off_course_meters: number;
  reasons: Array<{ code: EligibilityReason; message: string }>;
}

/**
 * The per-run explanation stored in `course_completion`: the matcher's verdict plus the
 * leaderboard rules (Decision 3), each failed rule a reason with a sentence.
 */
export function explainCourseRun(input: {
  match: CourseMatchResult | null;
  isFlagged: boolean;
  /** the run's activity type: only runs rank (`countsAsRun`) */
  activityType: string;
  /** an admin excluded the effort from the board: re-judging never brings it back */
  boardExcluded: boolean;
  source: string;
  courseHidden: boolean;
  /** the course is private to someone else: the runner is not ranked on it */
  coursePrivate?: boolean;
}): { view: CourseCompletionView; eligible: boolean } {
  const match = input.match;
  const codes: EligibilityReason[] = match ? [...match.reasons] : ['NO_ROUTE'];
  if (input.isFlagged) codes.push('FLAGGED');
  const runningActivity = countsAsRun(input.activityType);
  if (!runningActivity) codes.push('NOT_A_RUN');
  if (input.boardExcluded) codes.push('BOARD_EXCLUDED');
  if (input.source === 'strava') codes.push('STRAVA_SOURCE');
  if (input.courseHidden) codes.push('COURSE_HIDDEN');
  else if (input.coursePrivate) codes.push('COURSE_PRIVATE');
  const eligible = isLeaderboardEligible({
    courseCompleted: match?.isCompleted ?? false,
    isFlagged: input.isFlagged,
    routeMatchPercent: match?.routeMatchPercent ?? null,
    source: input.source,
    visible: !input.courseHidden && !input.coursePrivate,
    runningActivity,
    boardExcluded: input.boardExcluded,
  });
  return {
    eligible,
    view: {
      is_completed: match?.isCompleted ?? false,
      counts_for_ranking: eligible,
      route_match_percent: match?.routeMatchPercent ?? 0,
      max_deviation_meters: match?.maxDeviationMeters ?? 0,
      deviation_points: match?.deviationPoints ?? 0,
      matched_points: match?.matchedPoints ?? 0,
      total_points: match?.totalPoints ?? 0,
      coverage_percent: match?.coveragePercent ?? 0,
      start_distance_meters: match?.startDistanceMeters ?? null,
      finish_distance_meters: match?.finishDistanceMeters ?? null,
      longest_off_course_meters: match?.longestOffCourseMeters ?? 0,
      reasons: codes.map((code) => ({ code, message: REASON_TEXT[code] })),
    },
  };
}

/**
 * A stored verdict after an admin changed whether the run is flagged or excluded from the board
 * (no new match): the matcher's figures and other reasons kept, those two re-decided, and whether
 * it counts for ranking as the admin's verdict decided (`storedRunEligible`).
 */
export function reviseCourseCompletion(
  view: CourseCompletionView | null,
  facts: { isFlagged: boolean; boardExcluded: boolean; eligible: boolean },
): CourseCompletionView | null {
  if (!view) return null;
  const revised: EligibilityReason[] = [];
  if (facts.isFlagged) revised.push('FLAGGED');
  if (facts.boardExcluded) revised.push('BOARD_EXCLUDED');
  const kept = (view.reasons ?? []).filter(
    (reason) => reason.code !== 'FLAGGED' && reason.code !== 'BOARD_EXCLUDED',
  );
  return {
    ...view,
    counts_for_ranking: facts.eligible,
    reasons: [...kept, ...revised.map((code) => ({ code, message: REASON_TEXT[code] }))],
  };
}

/** Checkpoint passes as the client sent them, when they have the fields validateCheckpoints reads. */
export function asCheckpointPasses(value: unknown): CheckpointPass[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (p): p is CheckpointPass =>
      typeof p === 'object' &&
      p !== null &&
      typeof (p as { checkpoint_id?: unknown }).checkpoint_id === 'number',
  );
}
