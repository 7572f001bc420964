import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Board filters by gender and age group judge an effort by the runner as they were when they ran
 * it: `run_records.runner_gender` and `runner_age` (whole years at `finished_at`) are copied from
 * the profile when the run is stored; existing runs are backfilled from today's profile.
 */
export class EffortRunnerFacts1765210000000 implements MigrationInterface {
  name = 'EffortRunnerFacts1765210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE run_records ADD COLUMN runner_gender varchar(10), ADD COLUMN runner_age smallint`,
    );
    await queryRunner.query(
      `UPDATE run_records r
          SET runner_gender = u.gender,
              runner_age = CASE WHEN u.birthday IS NOT NULL
                                THEN date_part('year', age(r.finished_at::date, u.birthday))::int END
         FROM users u
        WHERE u.id = r.user_id`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE run_records DROP COLUMN runner_gender, DROP COLUMN runner_age`);
  }
}
