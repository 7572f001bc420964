import { matchRunToCourse, type PreparedCourse, validateCheckpoints } from '@runvs/geo';
import { asCheckpointPasses, type CourseCompletionView, explainCourseRun } from './course-completion';
import type { MatchOutcome } from './run-pipeline.repository';

/** The course as the judge needs it: its prepared line (null when it has none), visibility, checkpoints. */
export interface JudgedCourse {
  line: PreparedCourse | null;
  isHidden: boolean;
  checkpoints: unknown;
}

/** The run as the judge needs it. */
export interface JudgedRun {
  /** the run's stored route, [lng, lat] */
  line: number[][] | null;
  isFlagged: boolean;
  activityType: string;
  /** an admin excluded the effort from its board (`board_excluded_at`) */
  boardExcluded: boolean;
  source: string;
  checkpointPasses: unknown;
  /** the runner may see the course (the courses' visibility rule); a private course ranks only its creator */
  courseVisible: boolean;
}

/**
 * One course run judged against its course's line (Decision 2: the matcher, then the leaderboard
 * rules of Decision 3 with every failed rule as a reason). The run pipeline's matching stage and
 * the re-judging after a course correction both use it, so a run is judged the same way whenever.
 */
export function judgeCourseRun(
  course: JudgedCourse,
  run: JudgedRun,
): { outcome: MatchOutcome; view: CourseCompletionView } {
  const runPoints = (run.line ?? []).map(([lng, lat]) => ({ lat, lng }));
  const match = runPoints.length > 0 && course.line ? matchRunToCourse(course.line, runPoints) : null;
  const { view, eligible } = explainCourseRun({
    match,
    isFlagged: run.isFlagged,
    activityType: run.activityType,
    boardExcluded: run.boardExcluded,
    source: run.source,
    courseHidden: course.isHidden,
    coursePrivate: !run.courseVisible,
  });
  const passes = asCheckpointPasses(run.checkpointPasses);
  const checkpoints = Array.isArray(course.checkpoints) ? (course.checkpoints as Array<{ id: number }>) : [];
  const checkpointResults =
    passes.length > 0 && checkpoints.length > 0
      ? validateCheckpoints(checkpoints, passes).map((r) => ({
          checkpoint_id: r.checkpointId,
          passed: r.passed,
          timestamp: r.timestamp,
          distance_meters: r.distanceMeters,
        }))
      : null;
  return {
    view,
    outcome: {
      courseCompleted: view.is_completed,
      routeMatchPercent: match ? view.route_match_percent : null,
      maxDeviationMeters: match ? view.max_deviation_meters : null,
      completion: view,
      eligible,
      checkpointResults,
    },
  };
}
