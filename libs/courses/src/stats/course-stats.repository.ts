import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The run figures of a course as counted from its runs (§8.2). */
export interface CourseRunFigures {
  total_runs: number;
  unique_runners: number;
  total_attempts: number;
  avg_duration: number | null;
  best_duration: number | null;
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
  runsByHour: Record<string, number>;
}

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
   * Counts a course's run figures from its runs; flagged runs do not set the course's times (a
   * cheater's 3-minute 5 km would be its "best") but count as attempts.
   */
  async countRunFigures(manager: EntityManager, courseId: string): Promise<CourseRunFigures> {
    const [figures] = (await manager.query(
      `WITH runs AS (SELECT * FROM run_records WHERE course_id = $1),
            done AS (SELECT * FROM runs WHERE course_completed AND NOT is_flagged)
       SELECT (SELECT count(*)::int FROM done) AS total_runs,
              (SELECT count(DISTINCT user_id)::int FROM done) AS unique_runners,
              (SELECT count(*)::int FROM runs) AS total_attempts,
              (SELECT avg(duration_seconds)::float8 FROM done) AS avg_duration,
              (SELECT min(duration_seconds)::int FROM done) AS best_duration,
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
                                 completion_rate, runs_by_hour, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
       ON CONFLICT (course_id) DO UPDATE SET
         total_runs = EXCLUDED.total_runs, unique_runners = EXCLUDED.unique_runners,
         total_attempts = EXCLUDED.total_attempts, avg_duration_seconds = EXCLUDED.avg_duration_seconds,
         avg_pace_seconds_per_km = EXCLUDED.avg_pace_seconds_per_km,
         best_duration_seconds = EXCLUDED.best_duration_seconds,
         best_pace_seconds_per_km = EXCLUDED.best_pace_seconds_per_km,
         completion_rate = EXCLUDED.completion_rate, runs_by_hour = EXCLUDED.runs_by_hour, updated_at = now()`,
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
      ],
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
