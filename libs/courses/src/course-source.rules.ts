import {
  type CourseMatchResult,
  isLeaderboardEligible,
  matchRunToCourse,
  prepareCourse,
  simplifyLineMeters,
} from '@runvs/geo';
import type { FieldProblem } from './course-input.rules';

/** The creator's run as the judge of a new course needs it. */
export interface CreatorRunFacts {
  /** the run's recorded route, [lng, lat] (null: no GPS track) */
  track: number[][] | null;
  isFlagged: boolean;
  source: string;
}

/**
 * How far (m) the stored line may stray from the recorded track when a course is built from it:
 * far inside the matcher's 50 m corridor, so the line is still where the run went.
 */
export const COURSE_LINE_SIMPLIFY_METERS = 5;

const NO_TRACK: FieldProblem = {
  field: 'run_record_id',
  messages: ['the run has no recorded GPS track to build a course from'],
};

/**
 * The course line built from the creator's recorded track (simplified, Douglas–Peucker within
 * COURSE_LINE_SIMPLIFY_METERS) when the client sends none, as a GeoJSON LineString for the same
 * checks a client's line passes; a run without a track has no line to give.
 */
export function courseLineOfRun(
  track: number[][] | null,
):
  | { line: { type: 'LineString'; coordinates: number[][] }; problems: [] }
  | { line: null; problems: FieldProblem[] } {
  if (!track || track.length < 2) return { line: null, problems: [NO_TRACK] };
  const coordinates = simplifyLineMeters(track as Array<[number, number]>, COURSE_LINE_SIMPLIFY_METERS);
  return { line: { type: 'LineString', coordinates }, problems: [] };
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
  if (!run.track || run.track.length < 2) return { problems: [NO_TRACK], match: null, eligible: false };
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
