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

/** One leaderboard row as the ranking stage compares it before and after a run. */
export interface RankRow {
  user_id: string;
  rank: number | null;
  best_duration_seconds: number;
  run_record_id: string | null;
  previous_best_duration_seconds: number | null;
  previous_rank: number | null;
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
  /** runners this run pushed down the board */
  overtaken_user_ids: string[];
}

/** What this run did to the board: position, personal best, rank change, who it overtook. */
export function rankingOutcome(
  run: { id: string; user_id: string },
  before: readonly RankRow[],
  after: readonly RankRow[],
): RankingOutcome {
  const mineBefore = before.find((r) => r.user_id === run.user_id) ?? null;
  const mine = after.find((r) => r.user_id === run.user_id)!;
  const isPersonalBest = mine.run_record_id === run.id;
  const previousRank = isPersonalBest ? (mineBefore?.rank ?? null) : mine.previous_rank;
  const overtaken: string[] = [];
  if (isPersonalBest && mine.rank !== null) {
    const oldPosition = mineBefore?.rank ?? Number.POSITIVE_INFINITY;
    const afterRank = new Map(after.map((r) => [r.user_id, r.rank]));
    for (const other of before) {
      if (other.user_id === run.user_id || other.rank === null || other.rank >= oldPosition) continue;
      const now = afterRank.get(other.user_id);
      if (now != null && now > mine.rank) overtaken.push(other.user_id);
    }
  }
  return {
    rank: mine.rank,
    total_runners: after.length,
    is_personal_best: isPersonalBest,
    previous_best_duration: isPersonalBest
      ? (mineBefore?.best_duration_seconds ?? null)
      : mine.best_duration_seconds,
    previous_rank: previousRank,
    rank_change: previousRank !== null && mine.rank !== null ? previousRank - mine.rank : null,
    overtaken_user_ids: overtaken,
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
