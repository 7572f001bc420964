import { DEFAULT_TIME_ZONE, addDays, daysBetween, localDateKey, type DateKey } from './time-zone';

export interface DailyStreaks {
  /** consecutive days with a run ending today or yesterday (in the zone); 0 otherwise */
  current: number;
  /** longest run of consecutive days ever */
  best: number;
  lastRunDate: DateKey | null;
}

/**
 * A runner's daily streak as kept on their row (`users.streak_*`): the last local date with a
 * counted run, the consecutive days ending at that date, and the longest run of consecutive days.
 * Stored without "today": whether the streak is still current is decided when it is read
 * (`reportDailyStreaks`).
 */
export interface DailyStreakState {
  lastDate: DateKey;
  /** consecutive days with a run ending at `lastDate` */
  current: number;
  best: number;
}

/** `advanceDailyStreak`'s answer for a run dated before the last date: rebuild from all runs. */
export const RECOMPUTE_STREAK = 'recompute' as const;

/**
 * §8.3 streaks, one counted run at a time (its local date in the user's zone): first run → 1/1;
 * the same date as the last → unchanged; the day after → current + 1 (best raised with it);
 * later → current 1, best kept. A run dated before the last one (an old import, a pipeline that
 * ran late) may fill a gap anywhere in the history, so it cannot be applied to the state alone:
 * the answer is `RECOMPUTE_STREAK`, and the caller rebuilds with `computeDailyStreak`.
 */
export function advanceDailyStreak(
  previous: DailyStreakState | null,
  date: DateKey,
): DailyStreakState | typeof RECOMPUTE_STREAK {
  if (previous && daysBetween(previous.lastDate, date) < 0) return RECOMPUTE_STREAK;
  return advanceToDate(previous, date);
}

/**
 * The daily streak state rebuilt from the local dates of every counted run (any order, repeats
 * allowed): what `advanceDailyStreak` leaves after them in date order; null without runs.
 */
export function computeDailyStreak(dates: ReadonlyArray<DateKey>): DailyStreakState | null {
  let state: DailyStreakState | null = null;
  for (const date of [...new Set(dates)].sort()) state = advanceToDate(state, date);
  return state;
}

/**
 * What a reader reports from the stored state: the best streak, and the current one only while
 * its last date is today or yesterday in the zone (else 0).
 */
export function reportDailyStreaks(
  state: DailyStreakState | null,
  now: number | Date,
  timeZone: string = DEFAULT_TIME_ZONE,
): DailyStreaks {
  if (!state) return { current: 0, best: 0, lastRunDate: null };
  const gap = daysBetween(state.lastDate, localDateKey(now, timeZone));
  return {
    current: gap === 0 || gap === 1 ? state.current : 0,
    best: state.best,
    lastRunDate: state.lastDate,
  };
}

/**
 * §8.3 streaks, in the user's zone (Decision 6) instead of UTC: distinct local dates of the runs'
 * finish times; best = the longest run of consecutive dates; current = the run of consecutive
 * dates ending at the most recent one, counted only if that date is today or yesterday. (Readers
 * of a runner's own streak use the state kept on their row instead: `reportDailyStreaks`.)
 */
export function dailyStreaks(
  runTimes: ReadonlyArray<number | Date>,
  now: number | Date,
  timeZone: string = DEFAULT_TIME_ZONE,
): DailyStreaks {
  return reportDailyStreaks(
    computeDailyStreak(runTimes.map((t) => localDateKey(t, timeZone))),
    now,
    timeZone,
  );
}

export interface CourseStreak {
  current: number;
  best: number;
  lastDate: DateKey;
}

/**
 * §7.1 step 5, one completed course run at a time: first run → 1/1; same local date as the last
 * → unchanged; the day after the last → current + 1 (best raised with it); later → current 1,
 * best kept. A run dated before the last one (an old import) cannot extend or break a streak
 * and leaves it unchanged — the reference would have reset it and moved the date backwards;
 * use `computeCourseStreak` to rebuild from all runs instead.
 */
export function advanceCourseStreak(
  previous: CourseStreak | null,
  finishedAt: number | Date,
  timeZone: string = DEFAULT_TIME_ZONE,
): CourseStreak {
  return advanceToDate(previous, localDateKey(finishedAt, timeZone));
}

/** The shared step of both streaks (course and daily): a date on or after the last one. */
function advanceToDate(previous: CourseStreak | null, date: DateKey): CourseStreak {
  if (!previous) return { current: 1, best: 1, lastDate: date };
  const gap = daysBetween(previous.lastDate, date);
  if (gap <= 0) return { ...previous };
  if (gap === 1) {
    const current = previous.current + 1;
    return { current, best: Math.max(previous.best, current), lastDate: date };
  }
  return { current: 1, best: Math.max(previous.best, 1), lastDate: date };
}

/** The course streak rebuilt from every completed run on the course (Decision 4: after deletes). */
export function computeCourseStreak(
  finishedAts: ReadonlyArray<number | Date>,
  timeZone: string = DEFAULT_TIME_ZONE,
): CourseStreak | null {
  const dates = [...new Set(finishedAts.map((t) => localDateKey(t, timeZone)))].sort();
  let state: CourseStreak | null = null;
  for (const d of dates) state = advanceToDate(state, d);
  return state;
}

/** Convenience for callers holding date keys: the key of the day before. */
export function previousDate(key: DateKey): DateKey {
  return addDays(key, -1);
}
