import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Board notices leave the pipeline's transaction for the run-notices job, which sets
 * `notified_at`: the sweeper lists counted runs still waiting for theirs through this small
 * partial index (almost every run is notified within seconds, so it stays tiny).
 */
export class RunNoticesPending1765260000000 implements MigrationInterface {
  name = 'RunNoticesPending1765260000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX ix_run_records_notices_pending ON run_records (pipeline_completed_at)
        WHERE notified_at IS NULL AND pipeline_completed_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_run_records_notices_pending`);
  }
}
