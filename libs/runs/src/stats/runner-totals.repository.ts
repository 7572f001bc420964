import { Injectable } from '@nestjs/common';
import { countedRunSql, queryPreparedIn } from '@runvs/database';
import {
  advanceDailyStreak,
  computeDailyStreak,
  type DailyStreakState,
  knownTimeZone,
  localDateKey,
  RECOMPUTE_STREAK,
  RUNNER_LEVEL_THRESHOLDS_M,
  runnerLevel,
} from '@runvs/geo';
import type { EntityManager } from 'typeorm';
import { COURSE_RUN_BONUS_POINTS, POINTS_PER_100M, pointsForRun } from '../rankings/ranking.rules';

/**
 * Level = how many thresholds the new lifetime distance reached (§8.6, as `runnerLevel`). The row
 * comes back with the runner's zone and daily streak, for the streak step that follows (the row
 * stays locked by this update until the commit).
 */
const COUNT_RUN = {
  name: 'runner-totals-count-run-v2',
  text: `UPDATE users SET total_distance_meters = total_distance_meters + $2,
                      total_duration_seconds = total_duration_seconds + $3,
                      total_runs = total_runs + 1,
                      total_points = total_points + $4,
                      runner_level = (SELECT count(*)::int FROM unnest($5::bigint[]) AS t(m) WHERE t.m <= total_distance_meters + $2)
          WHERE id = $1
      RETURNING time_zone, streak_last_date::text AS streak_last_date, streak_current_days, streak_best_days`,
};

const SAVE_STREAK = {
  name: 'runner-totals-save-streak-v1',
  text: `UPDATE users SET streak_last_date = $2::date, streak_current_days = $3, streak_best_days = $4 WHERE id = $1`,
};

/** The daily streak columns of a users row (`streak_last_date` read as `YYYY-MM-DD` text). */
export interface StoredStreakRow {
  streak_last_date: string | null;
  streak_current_days: number;
  streak_best_days: number;
}

/** The stored columns as the rule's state (null: no counted run yet). */
export function storedStreak(row: StoredStreakRow): DailyStreakState | null {
  return row.streak_last_date === null
    ? null
    : { lastDate: row.streak_last_date, current: row.streak_current_days, best: row.streak_best_days };
}

/** SQL of the runner totals kept on `users` (owned by the runs domain). */
@Injectable()
export class RunnerTotalsRepository {
  /**
   * User totals, points, the runner level and the daily streak over the counted runs (`runCounts`:
   * running activities, not flagged) the pipeline has passed (`user_totals_at`): a run still
   * waiting for its pipeline is added by it. Deletions, an admin's verdict on a flag and the
   * reconciliation recount with it.
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
    await this.recountStreak(manager, userId);
  }

  /**
   * The daily streak rebuilt from the runner's counted runs the pipeline has passed — and
   * `includingRunId`, the run the pipeline is counting now — in their current `time_zone`
   * (`computeDailyStreak`). Locks the users row first, so the zone read is the one written last.
   * Besides `recount`, a change of the runner's time zone calls it.
   */
  async recountStreak(
    manager: EntityManager,
    userId: string,
    includingRunId: string | null = null,
  ): Promise<void> {
    const [user] = (await manager.query(`SELECT time_zone FROM users WHERE id = $1 FOR UPDATE`, [
      userId,
    ])) as Array<{
      time_zone: string | null;
    }>;
    if (!user) return;
    const runs = (await manager.query(
      `SELECT finished_at FROM run_records
        WHERE user_id = $1 AND (user_totals_at IS NOT NULL OR id = $2::uuid) AND ${countedRunSql()}`,
      [userId, includingRunId],
    )) as Array<{ finished_at: Date }>;
    const zone = knownTimeZone(user.time_zone);
    await this.saveStreak(
      manager,
      userId,
      computeDailyStreak(runs.map((run) => localDateKey(run.finished_at, zone))),
    );
  }

  /**
   * Adds one new counted run to the totals and the daily streak (the run pipeline, once per run);
   * equal to `recount` after it. A run dated before the streak's last date (an old import) cannot
   * be added to the streak alone: the streak is rebuilt from the runs instead.
   */
  async countRun(
    manager: EntityManager,
    userId: string,
    run: { id: string; finishedAt: Date; distanceMeters: number; durationSeconds: number; onCourse: boolean },
  ): Promise<void> {
    const [row] = await queryPreparedIn<StoredStreakRow & { time_zone: string | null }>(manager, COUNT_RUN, [
      userId,
      run.distanceMeters,
      run.durationSeconds,
      pointsForRun({ distanceMeters: run.distanceMeters, onCourse: run.onCourse }),
      RUNNER_LEVEL_THRESHOLDS_M,
    ]);
    if (!row) return;
    const previous = storedStreak(row);
    const next = advanceDailyStreak(previous, localDateKey(run.finishedAt, knownTimeZone(row.time_zone)));
    if (next === RECOMPUTE_STREAK) await this.recountStreak(manager, userId, run.id);
    else if (!sameStreak(previous, next)) await this.saveStreak(manager, userId, next);
  }

  private async saveStreak(
    manager: EntityManager,
    userId: string,
    state: DailyStreakState | null,
  ): Promise<void> {
    await queryPreparedIn(manager, SAVE_STREAK, [
      userId,
      state?.lastDate ?? null,
      state?.current ?? 0,
      state?.best ?? 0,
    ]);
  }
}

function sameStreak(a: DailyStreakState | null, b: DailyStreakState): boolean {
  return a !== null && a.lastDate === b.lastDate && a.current === b.current && a.best === b.best;
}

/**
 * For fixtures that write counted runs straight into run_records, marked as passed by the pipeline
 * (tests, seeds): the runner's daily streak as the pipeline would have left it.
 */
export async function recountDailyStreak(manager: EntityManager, userId: string): Promise<void> {
  await new RunnerTotalsRepository().recountStreak(manager, userId);
}
