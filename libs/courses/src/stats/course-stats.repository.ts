import { Injectable } from '@nestjs/common';
import { type CourseDifficulty, countedRunSql, queryPreparedIn } from '@runvs/database';
import type { EntityManager } from 'typeorm';

/** The run figures of a course as counted from its runs (§8.2). */
export interface CourseRunFigures {
  total_runs: number;
  unique_runners: number;
  total_attempts: number;
  avg_duration: number | null;
  best_duration: number | null;
  /** sum of the counted runs' durations (kept for the incremental average) */
  sum_duration: number;
  runs_by_hour: Record<string, number>;
}

/** What course_stats stores for the run figures, derived (paces per km) from CourseRunFigures. */
export interface StoredRunFigures {
  totalRuns: number;
  uniqueRunners: number;
  totalAttempts: number;
  avgDurationSeconds: number | null;
  avgPaceSecondsPerKm: number | null;
  bestDurationSeconds: number | null;
  bestPaceSecondsPerKm: number | null;
  completionRate: number;
  sumDurationSeconds: number;
  runsByHour: Record<string, number>;
}

/** One counted run (`runCounts`: a run, not flagged) as course_stats counts it: every one is an attempt. */
export interface CountedRun {
  runRecordId: string;
  userId: string;
  /** completed and not excluded from the board: the run sets times and counts as a run, not only as an attempt */
  counted: boolean;
  durationSeconds: number;
  startedAt: Date;
}

/** A course's row joined with its stats: what its difficulty is computed from. */
export interface DifficultyFacts {
  distance_meters: number;
  elevation_gain_meters: number;
  difficulty: CourseDifficulty;
  difficulty_score: number | null;
  completion_rate: number | null;
  total_attempts: number | null;
}

const RUNS = 'cs.total_runs + $2';
const SUM = 'cs.sum_duration_seconds + $2 * $3';
const AVG = `CASE WHEN ${RUNS} > 0 THEN floor((${SUM})::float8 / (${RUNS})) END`;
const BEST = 'CASE WHEN $2 = 1 THEN LEAST(cs.best_duration_seconds, $3) ELSE cs.best_duration_seconds END';
const KM = 'c.distance_meters::float8 / 1000';

const COUNT_RUN = {
  name: 'course-stats-count-run-v3',
  text: `UPDATE course_stats cs SET
           total_attempts = cs.total_attempts + 1,
           total_runs = ${RUNS},
           unique_runners = cs.unique_runners + CASE WHEN $2 = 1 AND NOT EXISTS (
               SELECT 1 FROM run_records r
                WHERE r.course_id = $1 AND r.user_id = $5 AND r.course_completed AND ${countedRunSql('r')}
                  AND r.board_excluded_at IS NULL AND r.id <> $6
                  AND r.course_stats_at IS NOT NULL
             ) THEN 1 ELSE 0 END,
           sum_duration_seconds = ${SUM},
           avg_duration_seconds = ${AVG},
           avg_pace_seconds_per_km = CASE WHEN ${KM} > 0 THEN floor((${AVG}) / (${KM})) END,
           best_duration_seconds = ${BEST},
           best_pace_seconds_per_km = CASE WHEN ${KM} > 0 THEN floor((${BEST})::float8 / (${KM})) END,
           completion_rate = (${RUNS})::float8 / (cs.total_attempts + 1),
           runs_by_hour = jsonb_set(cs.runs_by_hour, ARRAY[to_char($4::timestamptz AT TIME ZONE 'UTC', 'HH24')],
                                    to_jsonb(COALESCE((cs.runs_by_hour ->> to_char($4::timestamptz AT TIME ZONE 'UTC', 'HH24'))::int, 0) + 1)),
           updated_at = now()
         FROM courses c
        WHERE cs.course_id = $1 AND c.id = $1
        RETURNING c.distance_meters, c.elevation_gain_meters, c.difficulty, c.difficulty_score,
                  cs.completion_rate::float8 AS completion_rate, cs.total_attempts`,
};

/** SQL of course_stats: the only place that writes the table. */
@Injectable()
export class CourseStatsRepository {
  async courseDistance(manager: EntityManager, courseId: string): Promise<number | null> {
    const [course] = (await manager.query(`SELECT distance_meters FROM courses WHERE id = $1`, [
      courseId,
    ])) as Array<{ distance_meters: number }>;
    return course ? course.distance_meters : null;
  }

  /**
   * Counts a course's run figures from its counted runs (`runCounts`) the run pipeline has passed
   * (`course_stats_at`: a run waiting for its pipeline is added by it as an increment). Flagged runs
   * and rides are not in the figures at all (a cheater's 3-minute 5 km would be its "best"); an
   * effort an admin excluded from the board is an attempt that sets no times.
   */
  async countRunFigures(manager: EntityManager, courseId: string): Promise<CourseRunFigures> {
    const [figures] = (await manager.query(
      `WITH runs AS (SELECT * FROM run_records WHERE course_id = $1 AND course_stats_at IS NOT NULL AND ${countedRunSql()}),
            done AS (SELECT * FROM runs WHERE course_completed AND board_excluded_at IS NULL)
       SELECT (SELECT count(*)::int FROM done) AS total_runs,
              (SELECT count(DISTINCT user_id)::int FROM done) AS unique_runners,
              (SELECT count(*)::int FROM runs) AS total_attempts,
              (SELECT avg(moving_time_seconds)::float8 FROM done) AS avg_duration,
              (SELECT min(moving_time_seconds)::int FROM done) AS best_duration,
              (SELECT COALESCE(sum(moving_time_seconds), 0)::float8 FROM done) AS sum_duration,
              (SELECT COALESCE(jsonb_object_agg(hour, n), '{}'::jsonb)
                 FROM (SELECT to_char(started_at AT TIME ZONE 'UTC', 'HH24') AS hour, count(*)::int AS n
                         FROM runs GROUP BY 1) h) AS runs_by_hour`,
      [courseId],
    )) as CourseRunFigures[];
    return figures;
  }

  /** Writes the run figures (the social counters are left as they are). */
  async saveRunFigures(manager: EntityManager, courseId: string, figures: StoredRunFigures): Promise<void> {
    await manager.query(
      `INSERT INTO course_stats (course_id, total_runs, unique_runners, total_attempts, avg_duration_seconds,
                                 avg_pace_seconds_per_km, best_duration_seconds, best_pace_seconds_per_km,
                                 completion_rate, runs_by_hour, sum_duration_seconds, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, now())
       ON CONFLICT (course_id) DO UPDATE SET
         total_runs = EXCLUDED.total_runs, unique_runners = EXCLUDED.unique_runners,
         total_attempts = EXCLUDED.total_attempts, avg_duration_seconds = EXCLUDED.avg_duration_seconds,
         avg_pace_seconds_per_km = EXCLUDED.avg_pace_seconds_per_km,
         best_duration_seconds = EXCLUDED.best_duration_seconds,
         best_pace_seconds_per_km = EXCLUDED.best_pace_seconds_per_km,
         completion_rate = EXCLUDED.completion_rate, runs_by_hour = EXCLUDED.runs_by_hour,
         sum_duration_seconds = EXCLUDED.sum_duration_seconds, updated_at = now()`,
      [
        courseId,
        figures.totalRuns,
        figures.uniqueRunners,
        figures.totalAttempts,
        figures.avgDurationSeconds,
        figures.avgPaceSecondsPerKm,
        figures.bestDurationSeconds,
        figures.bestPaceSecondsPerKm,
        figures.completionRate,
        JSON.stringify(figures.runsByHour),
        figures.sumDurationSeconds,
      ],
    );
  }

  /**
   * Counts one run into the course's figures (one statement, prepared): an attempt, and when
   * `counted` (completed, unflagged) a run, its duration in the sum, average and best, and a new
   * runner unless the runner has another counted run on the course. Derived paces use the same
   * float arithmetic as `storedFigures`, so the result equals a recount. Returns what difficulty
   * needs, or undefined when the course has no stats row yet.
   */
  async countRun(
    manager: EntityManager,
    courseId: string,
    run: CountedRun,
  ): Promise<DifficultyFacts | undefined> {
    const [row] = await queryPreparedIn<DifficultyFacts>(manager, COUNT_RUN, [
      courseId,
      run.counted ? 1 : 0,
      run.durationSeconds,
      run.startedAt,
      run.userId,
      run.runRecordId,
    ]);
    return row;
  }

  async ensureRow(manager: EntityManager, courseId: string): Promise<void> {
    await manager.query(
      `INSERT INTO course_stats (course_id) VALUES ($1) ON CONFLICT (course_id) DO NOTHING`,
      [courseId],
    );
  }

  /** Creates the course's row when missing, then locks it for the rest of the transaction. */
  async lock(manager: EntityManager, courseId: string): Promise<void> {
    await manager.query(
      `INSERT INTO course_stats (course_id) VALUES ($1) ON CONFLICT (course_id) DO NOTHING`,
      [courseId],
    );
    await manager.query(`SELECT 1 FROM course_stats WHERE course_id = $1 FOR UPDATE`, [courseId]);
  }

  /** Recounts likes, favorites, reviews, ratings and the average rating (1 decimal) of courses. */
  async recountSocialCounters(manager: EntityManager, courseIds: readonly string[]): Promise<void> {
    await manager.query(
      `UPDATE course_stats cs SET
          like_count = (SELECT count(*) FROM course_likes l WHERE l.course_id = cs.course_id),
          favorite_count = (SELECT count(*) FROM course_favorites f WHERE f.course_id = cs.course_id),
          review_count = (SELECT count(*) FROM reviews r WHERE r.course_id = cs.course_id),
          rating_count = (SELECT count(r.rating) FROM reviews r WHERE r.course_id = cs.course_id),
          avg_rating = (SELECT round(avg(r.rating)::numeric, 1) FROM reviews r WHERE r.course_id = cs.course_id),
          updated_at = now()
        WHERE cs.course_id = ANY($1::uuid[])`,
      [courseIds],
    );
  }

  async remove(manager: EntityManager, courseId: string): Promise<void> {
    await manager.query(`DELETE FROM course_stats WHERE course_id = $1`, [courseId]);
  }
}
