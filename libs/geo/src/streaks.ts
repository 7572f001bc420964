import { DEFAULT_TIME_ZONE, addDays, daysBetween, localDateKey, type DateKey } from './time-zone';

export interface DailyStreaks {
  /** consecutive days with a run ending today or yesterday (in the zone); 0 otherwise */
  current: number;
  /** longest run of consecutive days ever */
  best: number;
  lastRunDate: DateKey | null;
}

/**
 * §8.3 streaks, in the user's zone (Decision 6) instead of UTC: distinct local dates of the runs'
 * finish times; best = the longest run of consecutive dates; current = the run of consecutive
 * dates ending at the most recent one, counted only if that date is today or yesterday.
 */
export function dailyStreaks(
  runTimes: ReadonlyArray<number | Date>,
  now: number | Date,
  timeZone: string = DEFAULT_TIME_ZONE,
): DailyStreaks {
  const dates = [...new Set(runTimes.map((t) => localDateKey(t, timeZone)))].sort();
  if (dates.length === 0) return { current: 0, best: 0, lastRunDate: null };
  let best = 1;
  let run = 1;
  for (let i = 1; i < dates.length; i++) {
    run = daysBetween(dates[i - 1], dates[i]) === 1 ? run + 1 : 1;
    if (run > best) best = run;
  }
  const last = dates[dates.length - 1];
  const today = localDateKey(now, timeZone);
  const gap = daysBetween(last, today);
  return { current: gap === 0 || gap === 1 ? run : 0, best, lastRunDate: last };
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
