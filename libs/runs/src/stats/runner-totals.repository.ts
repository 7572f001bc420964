import { Injectable } from '@nestjs/common';
import { countedRunSql, queryPreparedIn } from '@runvs/database';
import { RUNNER_LEVEL_THRESHOLDS_M, runnerLevel } from '@runvs/geo';
import type { EntityManager } from 'typeorm';
import { COURSE_RUN_BONUS_POINTS, POINTS_PER_100M, pointsForRun } from '../rankings/ranking.rules';

/** Level = how many thresholds the new lifetime distance reached (§8.6, as `runnerLevel`). */
const COUNT_RUN = {
  name: 'runner-totals-count-run-v1',
  text: `UPDATE users SET total_distance_meters = total_distance_meters + $2,
                      total_duration_seconds = total_duration_seconds + $3,
                      total_runs = total_runs + 1,
                      total_points = total_points + $4,
                      runner_level = (SELECT count(*)::int FROM unnest($5::bigint[]) AS t(m) WHERE t.m <= total_distance_meters + $2)
          WHERE id = $1`,
};

/** SQL of the runner totals kept on `users` (owned by the runs domain). */
@Injectable()
export class RunnerTotalsRepository {
  /**
   * User totals, points and the runner level over the counted runs (`runCounts`: running activities,
   * not flagged) the pipeline has passed (`user_totals_at`): a run still waiting for its pipeline is
   * added by it. Deletions and an admin's verdict on a flag recount with it.
   */
  async recount(manager: EntityManager, userId: string): Promise<void> {
    const [totals] = (await manager.query(
      `SELECT COALESCE(sum(distance_meters), 0)::float8 AS distance,
              COALESCE(sum(duration_seconds), 0)::float8 AS duration,
              count(*)::int AS runs,
              COALESCE(sum(distance_meters / 100 * $2 + CASE WHEN course_id IS NOT NULL THEN $3 ELSE 0 END), 0)::int AS points
         FROM run_records WHERE user_id = $1 AND user_totals_at IS NOT NULL AND ${countedRunSql()}`,
      [userId, POINTS_PER_100M, COURSE_RUN_BONUS_POINTS],
    )) as Array<{ distance: number; duration: number; runs: number; points: number }>;
    await manager.query(
      `UPDATE users SET total_distance_meters = $2, total_duration_seconds = $3, total_runs = $4,
                        total_points = $5, runner_level = $6
        WHERE id = $1`,
      [userId, totals.distance, totals.duration, totals.runs, totals.points, runnerLevel(totals.distance)],
    );
  }

  /** Adds one new counted run to the totals (the run pipeline, once per run); equal to `recount` after it. */
  async countRun(
    manager: EntityManager,
    userId: string,
    run: { distanceMeters: number; durationSeconds: number; onCourse: boolean },
  ): Promise<void> {
    await queryPreparedIn(manager, COUNT_RUN, [
      userId,
      run.distanceMeters,
      run.durationSeconds,
      pointsForRun({ distanceMeters: run.distanceMeters, onCourse: run.onCourse }),
      RUNNER_LEVEL_THRESHOLDS_M,
    ]);
  }
}
