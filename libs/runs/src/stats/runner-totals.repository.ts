import { Injectable } from '@nestjs/common';
import { runnerLevel } from '@runvs/geo';
import type { EntityManager } from 'typeorm';
import { COURSE_RUN_BONUS_POINTS, POINTS_PER_100M } from '../rankings/ranking.rules';

/** SQL of the runner totals kept on `users` (owned by the runs domain). */
@Injectable()
export class RunnerTotalsRepository {
  /** §8.1 user totals (all runs, flagged included) and the runner level, recounted from the runs. */
  async recount(manager: EntityManager, userId: string): Promise<void> {
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
}
