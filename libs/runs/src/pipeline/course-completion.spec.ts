import type { CourseMatchResult } from '@runvs/geo';
import { explainCourseRun, reviseCourseCompletion } from './course-completion';

describe('course completion verdicts', () => {
  const match: CourseMatchResult = {
    isCompleted: true,
    routeMatchPercent: 96,
    maxDeviationMeters: 12,
    deviationPoints: 0,
    warningPoints: 0,
    matchedPoints: 48,
    totalPoints: 50,
    coveragePercent: 99,
    startDistanceMeters: 4,
    finishDistanceMeters: 6,
    longestOffCourseMeters: 0,
    curveSectionCount: 0,
    courseLengthMeters: 1000,
    reasons: [],
  };
  const base = { match, isFlagged: false, source: 'live', courseHidden: false };

  it('a ride and an excluded effort do not rank, and say why', () => {
    expect(explainCourseRun({ ...base, activityType: 'run', boardExcluded: false }).eligible).toBe(true);
    const ride = explainCourseRun({ ...base, activityType: 'ride', boardExcluded: false });
    expect(ride.eligible).toBe(false);
    expect(ride.view.reasons.map((r) => r.code)).toEqual(['NOT_A_RUN']);
    const excluded = explainCourseRun({ ...base, activityType: 'run', boardExcluded: true });
    expect(excluded.eligible).toBe(false);
    expect(excluded.view.reasons.map((r) => r.code)).toEqual(['BOARD_EXCLUDED']);
  });

  it("an admin's verdict re-decides the flag and the exclusion, keeping the matcher's figures", () => {
    const flagged = explainCourseRun({
      ...base,
      isFlagged: true,
      activityType: 'run',
      boardExcluded: false,
    }).view;
    expect(flagged.reasons.map((r) => r.code)).toEqual(['FLAGGED']);
    const reinstated = reviseCourseCompletion(flagged, {
      isFlagged: false,
      boardExcluded: false,
      eligible: true,
    });
    expect(reinstated).toEqual({ ...flagged, counts_for_ranking: true, reasons: [] });
    const excluded = reviseCourseCompletion(reinstated, {
      isFlagged: false,
      boardExcluded: true,
      eligible: false,
    });
    expect(excluded?.counts_for_ranking).toBe(false);
    expect(excluded?.reasons.map((r) => r.code)).toEqual(['BOARD_EXCLUDED']);
    expect(excluded?.route_match_percent).toBe(96);
    expect(
      reviseCourseCompletion(null, { isFlagged: true, boardExcluded: false, eligible: false }),
    ).toBeNull();
  });
});
