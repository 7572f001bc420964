import { countsAsRun } from '@runvs/database';
import { isLeaderboardEligible } from '@runvs/geo';

/** A stored course run as an admin's verdict re-decides its board eligibility (no new match). */
export interface StoredCourseRunFacts {
  courseId: string | null;
  courseCompleted: boolean | null;
  routeMatchPercent: number | null;
  source: string;
  activityType: string;
  isFlagged: boolean;
  boardExcluded: boolean;
  /** the course is neither hidden nor private to someone else (the courses' visibility rule) */
  courseVisible: boolean;
}

/**
 * Whether a stored run ranks after an admin changed one of its facts (a flag dismissed or
 * confirmed, an effort excluded from or put back on its board): the same Decision 3 rule the
 * pipeline's judge applies (`explainCourseRun`), on the match the run already has.
 */
export function storedRunEligible(run: StoredCourseRunFacts): boolean {
  return (
    run.courseId !== null &&
    isLeaderboardEligible({
      courseCompleted: run.courseCompleted,
      isFlagged: run.isFlagged,
      routeMatchPercent: run.routeMatchPercent,
      source: run.source,
      visible: run.courseVisible,
      runningActivity: countsAsRun(run.activityType),
      boardExcluded: run.boardExcluded,
    })
  );
}
