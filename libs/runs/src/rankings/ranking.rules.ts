/** Points per run (§8.1): 1 per 100 m, +30 for a course run. */
export const POINTS_PER_100M = 1;
export const COURSE_RUN_BONUS_POINTS = 30;

/** The points a run earns: whole 100 m, plus the course bonus when it was run on a course. */
export function pointsForRun(run: { distanceMeters: number; onCourse: boolean }): number {
  return (
    Math.floor(Math.max(0, run.distanceMeters) / 100) * POINTS_PER_100M +
    (run.onCourse ? COURSE_RUN_BONUS_POINTS : 0)
  );
}

/** A runner's place in a course board's order: best duration, then earlier achievement, then user id. */
export interface BoardKey {
  durationSeconds: number;
  achievedAt: Date;
  userId: string;
}

/** The runner's board row as the ranking step saw it before and after counting one run. */
export interface BoardRowChange {
  /** the row before the run (null: first eligible run on this board) */
  before: { runRecordId: string | null; bestDurationSeconds: number; rank: number | null } | null;
  after: { runRecordId: string | null; bestDurationSeconds: number; previousRank: number | null };
  /** the runner's position after the run, and the board's size */
  rank: number;
  total: number;
}

/** What a run did to its course's board (stored on the run as `ranking_outcome`). */
export interface RankingOutcome {
  /** the runner's position after this run (null when the run did not count) */
  rank: number | null;
  total_runners: number;
  is_personal_best: boolean;
  previous_best_duration: number | null;
  previous_rank: number | null;
  /** positions gained (+) or lost since the previous best; null when first on the board */
  rank_change: number | null;
  /**
   * runners this run passed (strictly slower now, ahead of the old best before; a tie passes
   * nobody), best first and at most OVERTAKEN_KEPT of them — `RankingsRepository.countRun` reads
   * the whole range
   */
  overtaken_user_ids: string[];
}

/** How many overtaken runners a run's stored outcome names. */
export const OVERTAKEN_KEPT = 50;

/** What this run did to the board: position, personal best, rank change (who it passed is a range query). */
export function rankingOutcome(
  run: { id: string },
  change: BoardRowChange,
  overtaken: readonly string[],
): RankingOutcome {
  const isPersonalBest = change.after.runRecordId === run.id;
  const previousRank = isPersonalBest ? (change.before?.rank ?? null) : change.after.previousRank;
  return {
    rank: change.rank,
    total_runners: change.total,
    is_personal_best: isPersonalBest,
    previous_best_duration: isPersonalBest
      ? (change.before?.bestDurationSeconds ?? null)
      : change.after.bestDurationSeconds,
    previous_rank: previousRank,
    rank_change: previousRank !== null ? previousRank - change.rank : null,
    overtaken_user_ids: isPersonalBest ? overtaken.slice(0, OVERTAKEN_KEPT) : [],
  };
}

/** Seconds as m:ss or h:mm:ss for messages. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
