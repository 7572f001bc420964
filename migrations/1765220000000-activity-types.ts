import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Activity types as runners name them (run, trail_run, treadmill, walk, hike, ride, other): the
 * old sport words are renamed in place (trail and treadmill runs were stored as `running`, so they
 * become `run`). Events may name which types count (`activity_types`; NULL = the running kinds).
 */
export class ActivityTypes1765220000000 implements MigrationInterface {
  name = 'ActivityTypes1765220000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const rename = `CASE activity_type WHEN 'running' THEN 'run' WHEN 'walking' THEN 'walk' WHEN 'hiking' THEN 'hike'
                      WHEN 'cycling' THEN 'ride' WHEN 'swimming' THEN 'other' WHEN 'rowing' THEN 'other'
                      ELSE activity_type END`;
    await queryRunner.query(`ALTER TABLE run_records DROP CONSTRAINT chk_run_records_activity_type`);
    await queryRunner.query(
      `UPDATE run_records SET activity_type = ${rename} WHERE activity_type IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE run_records ALTER COLUMN activity_type SET DEFAULT 'run'`);
    await queryRunner.query(`
      ALTER TABLE run_records ADD CONSTRAINT chk_run_records_activity_type
        CHECK (activity_type IN ('run', 'trail_run', 'treadmill', 'walk', 'hike', 'ride', 'other'))`);
    await queryRunner.query(
      `UPDATE external_imports SET activity_type = ${rename} WHERE activity_type IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE events ADD COLUMN activity_types text[]`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const rename = `CASE activity_type WHEN 'run' THEN 'running' WHEN 'trail_run' THEN 'running'
                      WHEN 'treadmill' THEN 'running' WHEN 'walk' THEN 'walking' WHEN 'hike' THEN 'hiking'
                      WHEN 'ride' THEN 'cycling' ELSE activity_type END`;
    await queryRunner.query(`ALTER TABLE events DROP COLUMN activity_types`);
    await queryRunner.query(
      `UPDATE external_imports SET activity_type = ${rename} WHERE activity_type IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE run_records DROP CONSTRAINT chk_run_records_activity_type`);
    await queryRunner.query(`UPDATE run_records SET activity_type = ${rename}`);
    await queryRunner.query(`ALTER TABLE run_records ALTER COLUMN activity_type SET DEFAULT 'running'`);
    await queryRunner.query(`
      ALTER TABLE run_records ADD CONSTRAINT chk_run_records_activity_type
        CHECK (activity_type IN ('running', 'walking', 'hiking', 'cycling', 'swimming', 'rowing', 'other'))`);
  }
}
