import { type CourseMatchResult, isLeaderboardEligible, matchRunToCourse, prepareCourse } from '@runvs/geo';
import type { FieldProblem } from './course-input.rules';

/** The creator's run as the judge of a new course needs it. */
export interface CreatorRunFacts {
  /** the run's recorded route, [lng, lat] (null: no GPS track) */
  track: number[][] | null;
  isFlagged: boolean;
  source: string;
}

export type CreatorLineVerdict =
  | { problems: FieldProblem[]; match: null; eligible: false }
  | { problems: []; match: CourseMatchResult; eligible: boolean };

/**
 * A course line is the creator's own run: the client's line is accepted only when the same matcher
 * that judges every other runner says the source run covers it (start, finish, share of points on
 * the line, coverage in order), and the creator's effort enters the board only by the rule every
 * other effort passes (`isLeaderboardEligible` with the match's real figures, never constants).
 */
export function judgeCreatorLine(line: number[][], run: CreatorRunFacts): CreatorLineVerdict {
  if (!run.track || run.track.length < 2) {
    return {
      problems: [
        { field: 'run_record_id', messages: ['the run has no recorded GPS track to build a course from'] },
      ],
      match: null,
      eligible: false,
    };
  }
  const match = matchRunToCourse(
    prepareCourse(line),
    run.track.map(([lng, lat]) => ({ lat, lng })),
  );
  if (!match.isCompleted) {
    return {
      problems: [
        {
          field: 'route_geometry',
          messages: [
            `the line is not where the run went (${match.reasons.join(', ') || 'not covered'}): ` +
              `${match.routeMatchPercent} % of the run's points on it, ${match.coveragePercent} % of it covered`,
          ],
        },
      ],
      match: null,
      eligible: false,
    };
  }
  return {
    problems: [],
    match,
    eligible: isLeaderboardEligible({
      courseCompleted: match.isCompleted,
      isFlagged: run.isFlagged,
      routeMatchPercent: match.routeMatchPercent,
      source: run.source,
    }),
  };
}
