/**
 * Achievements: the one table of rules. Each rule is a threshold on one metric of the runner's
 * history, recomputed from their runs (so a replayed award finds the same answer, and a deleted
 * run can take one back). Codes are stable strings the app switches on: never rename one.
 */
export interface AchievementMetrics {
  /** counted runs (running, not flagged, not a duplicate recording) */
  runs: number;
  /** the longest single run (m) */
  longestRunMeters: number;
  /** best efforts (1 km, 5 km, …) that beat an earlier best of the runner at that distance */
  personalRecords: number;
  /** the longest run of consecutive days with a run, in the runner's time zone */
  longestStreakDays: number;
  /** different courses completed */
  coursesCompleted: number;
  /** runs that put the runner first on a course's board */
  firstPlaces: number;
  /** of those, runs that took first place back after having lost it */
  firstPlacesTakenBack: number;
  /** events whose targets the runner completed */
  eventsFinished: number;
}

export type AchievementMetric = keyof AchievementMetrics;

export interface AchievementRule {
  code: string;
  metric: AchievementMetric;
  target: number;
  title: string;
  description: string;
}

const rule = (code: string, metric: AchievementMetric, target: number, title: string, description: string) =>
  Object.freeze({ code, metric, target, title, description });

export const ACHIEVEMENT_RULES: readonly AchievementRule[] = Object.freeze([
  rule('first_run', 'runs', 1, '첫 러닝', 'Finished a first run'),
  rule('first_5k', 'longestRunMeters', 5000, '첫 5K', 'Ran 5 km in one run'),
  rule('first_10k', 'longestRunMeters', 10000, '첫 10K', 'Ran 10 km in one run'),
  rule(
    'first_half_marathon',
    'longestRunMeters',
    21097.5,
    '첫 하프 마라톤',
    'Ran a half marathon in one run',
  ),
  rule('first_marathon', 'longestRunMeters', 42195, '첫 풀 마라톤', 'Ran a marathon in one run'),
  rule(
    'personal_record_1',
    'personalRecords',
    1,
    '첫 개인 기록',
    'Beat an earlier best effort (1 km, 5 km, …)',
  ),
  rule('personal_record_10', 'personalRecords', 10, '개인 기록 10회', 'Beat an earlier best effort 10 times'),
  rule('personal_record_50', 'personalRecords', 50, '개인 기록 50회', 'Beat an earlier best effort 50 times'),
  rule('streak_7', 'longestStreakDays', 7, '7일 연속', 'Ran 7 days in a row'),
  rule('streak_30', 'longestStreakDays', 30, '30일 연속', 'Ran 30 days in a row'),
  rule('streak_100', 'longestStreakDays', 100, '100일 연속', 'Ran 100 days in a row'),
  rule('courses_10', 'coursesCompleted', 10, '코스 10곳', 'Completed 10 different courses'),
  rule('courses_50', 'coursesCompleted', 50, '코스 50곳', 'Completed 50 different courses'),
  rule('first_place', 'firstPlaces', 1, '1위', 'Took first place on a course'),
  rule('took_back_first_place', 'firstPlacesTakenBack', 1, '1위 탈환', 'Took back first place on a course'),
  rule('event_finisher', 'eventsFinished', 1, '이벤트 완주', "Completed an event's targets"),
]);

export function achievementRule(code: string): AchievementRule | undefined {
  return ACHIEVEMENT_RULES.find((r) => r.code === code);
}

/** The codes the metrics satisfy. */
export function satisfiedCodes(metrics: AchievementMetrics): string[] {
  return ACHIEVEMENT_RULES.filter((r) => metrics[r.metric] >= r.target).map((r) => r.code);
}

export interface AchievementProgress {
  code: string;
  title: string;
  description: string;
  current: number;
  target: number;
}

/** Per metric, the next rule not yet earned and how far along the runner is. */
export function nextAchievements(
  metrics: AchievementMetrics,
  earned: ReadonlySet<string>,
): AchievementProgress[] {
  const next = new Map<AchievementMetric, AchievementRule>();
  for (const r of ACHIEVEMENT_RULES) {
    if (earned.has(r.code) || next.has(r.metric)) continue;
    next.set(r.metric, r);
  }
  return [...next.values()].map((r) => ({
    code: r.code,
    title: r.title,
    description: r.description,
    current: Math.min(metrics[r.metric], r.target),
    target: r.target,
  }));
}

/** A best effort kept on a run (`run_records.best_efforts`). */
export interface RunEfforts {
  finished_at: Date;
  efforts: Array<{ key: string; duration_seconds: number }> | null;
}

/** Best efforts that beat the runner's earlier best at the same distance, runs in finishing order. */
export function countPersonalRecords(runs: readonly RunEfforts[]): number {
  const best = new Map<string, number>();
  let records = 0;
  const ordered = [...runs].sort((a, b) => a.finished_at.getTime() - b.finished_at.getTime());
  for (const run of ordered) {
    for (const effort of run.efforts ?? []) {
      const seconds = Number(effort.duration_seconds);
      if (!Number.isFinite(seconds) || seconds <= 0) continue;
      const previous = best.get(effort.key);
      if (previous !== undefined && seconds < previous) records += 1;
      if (previous === undefined || seconds < previous) best.set(effort.key, seconds);
    }
  }
  return records;
}

/** A ranked course run: where the run put the runner, and where they were just before. */
export interface CourseOutcome {
  course_id: string;
  finished_at: Date;
  rank: number | null;
  previous_rank: number | null;
  /** only a new personal best moves the runner up a board */
  is_personal_best: boolean;
}

/**
 * First places, and first places taken back: a run that made the runner first on a course where
 * an earlier run of theirs had been first, while they were no longer first just before it.
 */
export function countFirstPlaces(outcomes: readonly CourseOutcome[]): { first: number; takenBack: number } {
  const everFirst = new Set<string>();
  let first = 0;
  let takenBack = 0;
  const ordered = [...outcomes].sort((a, b) => a.finished_at.getTime() - b.finished_at.getTime());
  for (const outcome of ordered) {
    if (outcome.rank !== 1 || !outcome.is_personal_best) continue;
    first += 1;
    if (everFirst.has(outcome.course_id) && outcome.previous_rank !== null && outcome.previous_rank > 1) {
      takenBack += 1;
    }
    everFirst.add(outcome.course_id);
  }
  return { first, takenBack };
}
