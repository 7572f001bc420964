import { Injectable } from '@nestjs/common';
import { recomputeCourseDifficulty } from '@runvs/courses';
import { runnerLevel } from '@runvs/geo';
import type { EntityManager } from 'typeorm';

/** Points per run (§8.1): 1 per 100 m, +30 for a course run. */
export const POINTS_PER_100M = 1;
export const COURSE_RUN_BONUS_POINTS = 30;

export interface RankRow {
  user_id: string;
  rank: number | null;
  best_duration_seconds: number;
  run_record_id: string | null;
  previous_best_duration_seconds: number | null;
  previous_rank: number | null;
}

/**
 * Every aggregate the pipeline maintains, each RECOMPUTED from run_records rather than
 * incremented: running a stage twice, or after a run was deleted, gives the same numbers, so a
 * retried or replayed job can never count a run twice.
 */
@Injectable()
export class AggregatesRepository {
  /** §8.1 user totals (all runs, flagged included) and the runner level. */
  async recomputeUserTotals(manager: EntityManager, userId: string): Promise<void> {
    const [totals] = (await manager.query(
      `SELECT COALESCE(sum(distance_meters), 0)::float8 AS distance,
              COALESCE(sum(duration_seconds), 0)::float8 AS duration,
              count(*)::int AS runs,
              COALESCE(sum(distance_meters / 100 * $2 + CASE WHEN course_id IS NOT NULL THEN $3 ELSE 0 END), 0)::int AS points
         FROM run_records WHERE user_id = $1`,
      [userId, POINTS_PER_100M, COURSE_RUN_BONUS_POINTS],
    )) as Array<{ distance: number; duration: number; runs: number; points: number }>;
    await manager.query(
      `UPDATE users SET total_distance_meters = $2, total_duration_seconds = $3, total_runs = $4,
                        total_points = $5, runner_level = $6
        WHERE id = $1`,
      [userId, totals.distance, totals.duration, totals.runs, totals.points, runnerLevel(totals.distance)],
    );
  }

  /**
   * §8.2 course stats from the course's runs; flagged runs do not set the course's times (a
   * cheater's 3-minute 5 km would be its "best"), but count as attempts. Then the course's
   * difficulty is recomputed (courses lib) with its real completion rate.
   */
  async recomputeCourseStats(manager: EntityManager, courseId: string): Promise<void> {
    const [course] = (await manager.query(`SELECT distance_meters FROM courses WHERE id = $1`, [
      courseId,
    ])) as Array<{ distance_meters: number }>;
    if (!course) return;
    const [stats] = (await manager.query(
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
    )) as Array<{
      total_runs: number;
      unique_runners: number;
      total_attempts: number;
      avg_duration: number | null;
      best_duration: number | null;
      runs_by_hour: Record<string, number>;
    }>;
    const km = course.distance_meters / 1000;
    const avgDuration = stats.avg_duration === null ? null : Math.floor(stats.avg_duration);
    const completionRate = stats.total_attempts > 0 ? stats.total_runs / stats.total_attempts : 0;
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
        stats.total_runs,
        stats.unique_runners,
        stats.total_attempts,
        avgDuration,
        avgDuration !== null && km > 0 ? Math.floor(avgDuration / km) : null,
        stats.best_duration,
        stats.best_duration !== null && km > 0 ? Math.floor(stats.best_duration / km) : null,
        completionRate,
        JSON.stringify(stats.runs_by_hour),
      ],
    );
    // The courses lib owns the rule (completion rate only once enough people tried).
    await recomputeCourseDifficulty(manager, courseId);
  }

  /** Serialises leaderboard writes of one course (run pipeline, deletions, recalcs). */
  async lockCourseBoard(manager: EntityManager, courseId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('rankings:' || $1))`, [courseId]);
  }

  async rankRows(manager: EntityManager, courseId: string): Promise<RankRow[]> {
    return (await manager.query(
      `SELECT user_id, rank, best_duration_seconds, run_record_id::text, previous_best_duration_seconds, previous_rank
         FROM rankings WHERE course_id = $1`,
      [courseId],
    )) as RankRow[];
  }

  /**
   * Rebuilds leaderboard rows of a course (all users, or one) from its ranking-eligible runs:
   * best = lowest duration (earlier run on ties), run_count = eligible runs. When the best moves
   * to a faster run, the old best and rank become `previous_*` (rank_change); a best that got
   * slower (its run was deleted) clears them. Rows without eligible runs go; cached ranks are
   * renumbered: duration, then earlier achievement, then user id.
   */
  async rebuildRankings(manager: EntityManager, courseId: string, userId: string | null): Promise<void> {
    await manager.query(
      `WITH eligible AS (
         SELECT user_id, id, duration_seconds, finished_at,
                COALESCE(avg_pace_seconds_per_km,
                         CASE WHEN distance_meters > 0 THEN floor(duration_seconds / (distance_meters / 1000.0))::int ELSE 0 END) AS pace
           FROM run_records
          WHERE course_id = $1 AND is_ranking_eligible AND ($2::uuid IS NULL OR user_id = $2)
       ), best AS (
         SELECT DISTINCT ON (user_id) * FROM eligible ORDER BY user_id, duration_seconds, finished_at, id
       ), counts AS (
         SELECT user_id, count(*)::int AS n FROM eligible GROUP BY user_id
       )
       INSERT INTO rankings (course_id, user_id, run_record_id, best_duration_seconds, best_pace_seconds_per_km,
                             run_count, achieved_at)
       SELECT $1, b.user_id, b.id, b.duration_seconds, b.pace, c.n, b.finished_at
         FROM best b JOIN counts c USING (user_id)
       ON CONFLICT (course_id, user_id) DO UPDATE SET
         previous_best_duration_seconds = CASE
           WHEN rankings.run_record_id IS NOT DISTINCT FROM EXCLUDED.run_record_id THEN rankings.previous_best_duration_seconds
           WHEN EXCLUDED.best_duration_seconds < rankings.best_duration_seconds THEN rankings.best_duration_seconds
           ELSE NULL END,
         previous_rank = CASE
           WHEN rankings.run_record_id IS NOT DISTINCT FROM EXCLUDED.run_record_id THEN rankings.previous_rank
           WHEN EXCLUDED.best_duration_seconds < rankings.best_duration_seconds THEN rankings.rank
           ELSE NULL END,
         run_record_id = EXCLUDED.run_record_id,
         best_duration_seconds = EXCLUDED.best_duration_seconds,
         best_pace_seconds_per_km = EXCLUDED.best_pace_seconds_per_km,
         run_count = EXCLUDED.run_count,
         achieved_at = EXCLUDED.achieved_at,
         updated_at = now()`,
      [courseId, userId],
    );
    await manager.query(
      `DELETE FROM rankings k
        WHERE k.course_id = $1 AND ($2::uuid IS NULL OR k.user_id = $2)
          AND NOT EXISTS (SELECT 1 FROM run_records r
                           WHERE r.course_id = $1 AND r.user_id = k.user_id AND r.is_ranking_eligible)`,
      [courseId, userId],
    );
    await manager.query(
      `UPDATE rankings k SET rank = o.position
         FROM (SELECT id, row_number() OVER (ORDER BY best_duration_seconds, achieved_at, user_id)::int AS position
                 FROM rankings WHERE course_id = $1) o
        WHERE k.id = o.id AND k.rank IS DISTINCT FROM o.position`,
      [courseId],
    );
  }
}
