import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reports on efforts: a run (leaderboard entry) may be reported, and an admin may exclude an
 * effort from its course board with a reason the runner is told.
 */
export class EffortReports1765210000200 implements MigrationInterface {
  name = 'EffortReports1765210000200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE reports DROP CONSTRAINT chk_reports_target_type`);
    await queryRunner.query(
      `ALTER TABLE reports ADD CONSTRAINT chk_reports_target_type CHECK (target_type IN ('course', 'review', 'user', 'run'))`,
    );
    await queryRunner.query(
      `ALTER TABLE run_records ADD COLUMN board_excluded_reason varchar(500), ADD COLUMN board_excluded_at timestamptz`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE run_records DROP COLUMN board_excluded_reason, DROP COLUMN board_excluded_at`,
    );
    await queryRunner.query(`ALTER TABLE reports DROP CONSTRAINT chk_reports_target_type`);
    await queryRunner.query(
      `ALTER TABLE reports ADD CONSTRAINT chk_reports_target_type CHECK (target_type IN ('course', 'review', 'user'))`,
    );
  }
}
