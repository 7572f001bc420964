import { addDays, type DateKey } from '@runvs/geo';

/** Seconds per km over a total (int), null when no distance. */
export function averagePace(durationSeconds: number, distanceMeters: number): number | null {
  if (!(distanceMeters > 0)) return null;
  return Math.floor(durationSeconds / (distanceMeters / 1000));
}

export interface WeekTotals {
  distance_meters: number;
  run_count: number;
  duration_seconds: number;
}

export interface WeeklySeriesItem extends WeekTotals {
  week_start: DateKey;
  avg_pace: number | null;
}

/**
 * `count` consecutive weeks starting at `firstWeekStart` (a Monday date key), oldest first, each
 * with its totals or zeros — a chart needs the empty weeks too.
 */
export function weeklySeries(
  firstWeekStart: DateKey,
  count: number,
  totals: ReadonlyMap<DateKey, WeekTotals>,
): WeeklySeriesItem[] {
  return Array.from({ length: count }, (_, index) => {
    const weekStart = addDays(firstWeekStart, index * 7);
    const week = totals.get(weekStart) ?? { distance_meters: 0, run_count: 0, duration_seconds: 0 };
    return {
      week_start: weekStart,
      ...week,
      avg_pace: averagePace(week.duration_seconds, week.distance_meters),
    };
  });
}

/** The distances of the analytics screen (contract §3 AnalyticsResponse.best_efforts). */
export const BEST_EFFORT_DISTANCES = [
  { label: '1K', meters: 1000, effortKeys: ['1k'] },
  { label: '3K', meters: 3000, effortKeys: ['3k'] },
  { label: '5K', meters: 5000, effortKeys: ['5k'] },
  { label: '10K', meters: 10000, effortKeys: ['10k'] },
  { label: 'Half', meters: 21097, effortKeys: ['half', 'half_marathon'] },
  { label: 'Full', meters: 42195, effortKeys: ['full', 'marathon'] },
] as const;

export type BestEffortLabel = (typeof BEST_EFFORT_DISTANCES)[number]['label'];

/** A candidate time for one distance: measured by the runs pipeline, or estimated from a run's average pace. */
export interface EffortCandidate {
  label: BestEffortLabel;
  seconds: number;
  runId: string;
  achievedDate: DateKey;
}

export interface BestEffortItem {
  distance_label: BestEffortLabel;
  target_meters: number;
  best_time_seconds: number | null;
  best_pace: number | null;
  achieved_date: DateKey | null;
  run_id: string | null;
}

/**
 * §8.5 estimate: a run of at least the target distance at average pace p covered the target in
 * at most target/1000 × p seconds (its fastest stretch can only be quicker), so it is an honest
 * upper bound for that run.
 */
export function estimatedEffortSeconds(targetMeters: number, avgPaceSecondsPerKm: number): number {
  return Math.floor((targetMeters / 1000) * avgPaceSecondsPerKm);
}

/** Label of a best-effort key the runs pipeline stores (`1k`, `5k`, `half`, `marathon` …), if shown. */
export function labelForEffortKey(key: string): BestEffortLabel | null {
  const normalised = key.toLowerCase();
  const match = BEST_EFFORT_DISTANCES.find((distance) =>
    (distance.effortKeys as readonly string[]).includes(normalised),
  );
  return match?.label ?? null;
}

/**
 * The best time per distance over all candidates (measured sliding-window efforts and average-pace
 * estimates alike); ties go to the earlier achievement. Distances without any candidate are null.
 */
export function bestEfforts(candidates: readonly EffortCandidate[]): BestEffortItem[] {
  return BEST_EFFORT_DISTANCES.map(({ label, meters }) => {
    let best: EffortCandidate | undefined;
    for (const candidate of candidates) {
      if (candidate.label !== label || !(candidate.seconds > 0)) continue;
      const better =
        !best ||
        candidate.seconds < best.seconds ||
        (candidate.seconds === best.seconds && candidate.achievedDate < best.achievedDate);
      if (better) best = candidate;
    }
    const seconds = best ? Math.round(best.seconds) : null;
    return {
      distance_label: label,
      target_meters: meters,
      best_time_seconds: seconds,
      best_pace: seconds === null ? null : Math.round(seconds / (meters / 1000)),
      achieved_date: best?.achievedDate ?? null,
      run_id: best?.runId ?? null,
    };
  });
}
