/**
 * Who hears that someone passed them on a course board, and what the notice says: pure functions.
 *
 * A runner hears about what they care about — losing first place, dropping out of the top 10, a
 * friend passing them — and never about a tie. One completion notifies at most
 * 2 + MAX_FRIENDS_NOTIFIED runners whatever the board size, and each runner gets at most one such
 * notice per course and (their local) day: later passes update it instead of adding another.
 */

/** Most important first: the headline of an aggregated notice is its most important reason. */
export const PASSED_REASONS = ['lost_first_place', 'left_top_10', 'friend_passed'] as const;
export type PassedReason = (typeof PASSED_REASONS)[number];

export const TOP_N = 10;
/** Friends passed by one run who are told (the rest are not: the fan-out stays bounded). */
export const MAX_FRIENDS_NOTIFIED = 10;
/** How many passers an aggregated notice remembers by name. */
const PASSERS_KEPT = 5;

/** A runner's new best on a course board. */
export interface BoardMove {
  userId: string;
  newBestSeconds: number;
  /** Their best before this run; null when they were not on the board. */
  oldBestSeconds: number | null;
}

/** Another runner's row on the board. */
export interface BoardEntry {
  user_id: string;
  best_duration_seconds: number;
}

export interface PassedNotice {
  userId: string;
  /** Why they hear about it, most important first. */
  reasons: PassedReason[];
}

/**
 * Whether the move passed a runner with this best: strictly slower than the new best (a tie beats
 * no one) and strictly faster than the mover's old best (they were ahead before).
 */
export function passes(move: BoardMove, otherBestSeconds: number): boolean {
  return (
    otherBestSeconds > move.newBestSeconds &&
    (move.oldBestSeconds === null || otherBestSeconds < move.oldBestSeconds)
  );
}

/**
 * The notices of one move. `leaders`: the first TOP_N rows of the board other than the mover, in
 * board order (their order is the same before and after the move). `friendsPassed`: the mover's
 * friends whose best it passed (at most MAX_FRIENDS_NOTIFIED are told).
 */
export function passedNotices(
  move: BoardMove,
  leaders: readonly BoardEntry[],
  friendsPassed: readonly BoardEntry[],
): PassedNotice[] {
  const reasons = new Map<string, Set<PassedReason>>();
  const add = (userId: string, reason: PassedReason) => {
    if (userId === move.userId) return;
    const set = reasons.get(userId) ?? new Set<PassedReason>();
    set.add(reason);
    reasons.set(userId, set);
  };
  const leader = leaders[0];
  if (leader && passes(move, leader.best_duration_seconds)) add(leader.user_id, 'lost_first_place');
  // The runner 10th among the others was 10th before and is 11th now when the mover passed them.
  const tenth = leaders[TOP_N - 1];
  if (tenth && passes(move, tenth.best_duration_seconds)) add(tenth.user_id, 'left_top_10');
  for (const friend of friendsPassed.slice(0, MAX_FRIENDS_NOTIFIED)) {
    if (passes(move, friend.best_duration_seconds)) add(friend.user_id, 'friend_passed');
  }
  return [...reasons].map(([userId, set]) => ({
    userId,
    reasons: PASSED_REASONS.filter((reason) => set.has(reason)),
  }));
}

/** What an aggregated "passed" notice keeps in its `data`. */
export interface PassedNoticeData {
  course_id: string;
  /** The recipient's local day the notice covers (YYYY-MM-DD). */
  day: string;
  reasons: PassedReason[];
  /** How many passes it sums up. */
  passes: number;
  /** The latest passers first, at most PASSERS_KEPT. */
  passed_by: string[];
  /** The run of the latest pass. */
  run_record_id: string;
}

export interface PassedNoticeText {
  title: string;
  body: string;
  data: PassedNoticeData;
}

const TITLES: Record<PassedReason, string> = {
  lost_first_place: '1위 자리를 내줬어요',
  left_top_10: 'TOP 10에서 밀려났어요',
  friend_passed: '친구가 회원님을 앞질렀어요',
};

/**
 * The notice after one more pass: a new one, or the day's notice for this course updated (reasons
 * merged, passes counted, the latest passer named).
 */
export function mergePassedNotice(
  previous: PassedNoticeData | null,
  pass: {
    courseId: string;
    day: string;
    reasons: readonly PassedReason[];
    passerId: string;
    passerName: string | null;
    courseTitle: string;
    runRecordId: string;
  },
): PassedNoticeText {
  const merged = new Set<PassedReason>([...(previous?.reasons ?? []), ...pass.reasons]);
  const reasons = PASSED_REASONS.filter((reason) => merged.has(reason));
  const count = (previous?.passes ?? 0) + 1;
  const passedBy = [pass.passerId, ...(previous?.passed_by ?? []).filter((id) => id !== pass.passerId)].slice(
    0,
    PASSERS_KEPT,
  );
  const name = `${pass.passerName ?? '다른 러너'}님`;
  const headline = reasons[0];
  const body =
    count === 1
      ? headline === 'friend_passed'
        ? `친구 ${name}이 ${pass.courseTitle} 코스에서 회원님의 기록을 앞질렀어요`
        : headline === 'lost_first_place'
          ? `${name}이 ${pass.courseTitle} 코스에서 회원님의 1위 기록을 앞질렀어요`
          : `${name}이 ${pass.courseTitle} 코스에서 회원님을 앞질러 TOP 10 밖으로 밀려났어요`
      : `오늘 ${pass.courseTitle} 코스에서 ${count}번 추월당했어요 (최근: ${name})`;
  return {
    title: TITLES[headline],
    body,
    data: {
      course_id: pass.courseId,
      day: pass.day,
      reasons,
      passes: count,
      passed_by: passedBy,
      run_record_id: pass.runRecordId,
    },
  };
}

/** The calendar day (YYYY-MM-DD) of `at` in a time zone; UTC when the zone is unknown. */
export function localDay(at: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(at);
  } catch {
    return at.toISOString().slice(0, 10);
  }
}

/** One notice per recipient, course and day: its dedupe key. */
export function passedNoticeKey(courseId: string, day: string): string {
  return `ranking_beaten:${courseId}:${day}`;
}
