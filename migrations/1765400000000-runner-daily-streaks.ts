import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A runner's daily streak becomes an aggregate on their row, kept like the other totals by the run
 * pipeline (one counted run at a time, under `user_totals_at`) instead of being recomputed from
 * every run on each read: `streak_last_date` (the last local date with a counted run, in the
 * runner's `time_zone`), `streak_current_days` (consecutive days ending at that date) and
 * `streak_best_days`. Backfilled from the runs the totals count — running activities, not
 * flagged, passed by their pipeline — as islands of consecutive local dates.
 */
export class RunnerDailyStreaks1765400000000 implements MigrationInterface {
  name = 'RunnerDailyStreaks1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE users ADD COLUMN streak_last_date date,
                         ADD COLUMN streak_current_days integer NOT NULL DEFAULT 0,
                         ADD COLUMN streak_best_days integer NOT NULL DEFAULT 0`,
    );
    await queryRunner.query(`
      WITH days AS (
        SELECT DISTINCT r.user_id, (r.finished_at AT TIME ZONE u.time_zone)::date AS day
          FROM run_records r JOIN users u ON u.id = r.user_id
         WHERE r.user_totals_at IS NOT NULL
           AND r.activity_type IN ('run', 'trail_run', 'treadmill') AND NOT r.is_flagged
      ), islands AS (
        SELECT user_id, day, day - (row_number() OVER (PARTITION BY user_id ORDER BY day))::int AS island
          FROM days
      ), streaks AS (
        SELECT user_id, max(day) AS last_day, count(*)::int AS days FROM islands GROUP BY user_id, island
      ), per_runner AS (
        SELECT DISTINCT ON (user_id) user_id, last_day, days AS current_days,
               max(days) OVER (PARTITION BY user_id) AS best_days
          FROM streaks ORDER BY user_id, last_day DESC
      )
      UPDATE users u
         SET streak_last_date = p.last_day, streak_current_days = p.current_days, streak_best_days = p.best_days
        FROM per_runner p
       WHERE u.id = p.user_id`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE users DROP COLUMN streak_last_date, DROP COLUMN streak_current_days, DROP COLUMN streak_best_days`,
    );
  }
}
