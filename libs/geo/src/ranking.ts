/** Decision 3: a course run needs at least this match to count on the leaderboard. */
export const LEADERBOARD_MIN_MATCH_PERCENT = 80;

export interface RankingEntryLike {
  bestDurationSeconds: number;
  /** when the best was set; earlier wins a tie (Decision 3) */
  achievedAt: Date | number | string;
  /** final, arbitrary but stable tie-break */
  userId?: string;
}

function instant(v: Date | number | string): number {
  const t = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : v.getTime();
  return Number.isNaN(t) ? Infinity : t;
}

/** Leaderboard order: lower best duration first, then earlier `achievedAt`, then user id. */
export function compareRankingEntries(a: RankingEntryLike, b: RankingEntryLike): number {
  if (a.bestDurationSeconds !== b.bestDurationSeconds) return a.bestDurationSeconds - b.bestDurationSeconds;
  const ta = instant(a.achievedAt);
  const tb = instant(b.achievedAt);
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ua = a.userId ?? '';
  const ub = b.userId ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/** Entries sorted by `compareRankingEntries` with their 1-based positional rank. */
export function rankEntries<T extends RankingEntryLike>(entries: readonly T[]): Array<T & { rank: number }> {
  return [...entries].sort(compareRankingEntries).map((e, i) => ({ ...e, rank: i + 1 }));
}

export interface LeaderboardCandidate {
  courseCompleted: boolean | null;
  isFlagged: boolean;
  routeMatchPercent: number | null;
  source?: string | null;
  /** hidden/deleted runs or users do not rank */
  visible?: boolean;
  /** the activity is a run (`countsAsRun`); rides and walks never rank */
  runningActivity?: boolean;
  /** an admin took the effort off the board (after a report); only an admin puts it back */
  boardExcluded?: boolean;
}

/**
 * Decision 3: completed, not flagged, match ≥ 80 %, not imported from Strava, visible — and a run
 * (not a ride or walk) that no admin excluded from the board. (The reference let a stored 0 %
 * count as 100 %; a missing match percentage is not eligible here.)
 */
export function isLeaderboardEligible(run: LeaderboardCandidate): boolean {
  return (
    run.courseCompleted === true &&
    !run.isFlagged &&
    run.routeMatchPercent != null &&
    run.routeMatchPercent >= LEADERBOARD_MIN_MATCH_PERCENT &&
    run.source !== 'strava' &&
    run.visible !== false &&
    run.runningActivity !== false &&
    run.boardExcluded !== true
  );
}

/** §7.1: a personal best is a strictly lower duration (not pace). */
export function isPersonalBest(
  previousBestSeconds: number | null | undefined,
  durationSeconds: number,
): boolean {
  return previousBestSeconds == null || durationSeconds < previousBestSeconds;
}
