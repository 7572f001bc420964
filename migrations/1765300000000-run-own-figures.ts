import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An imported run shows what the runner's watch showed (`distance_meters`, `duration_seconds`: the
 * device's session totals) while our own figures from the track are kept beside them:
 * `gps_distance_meters`, `moving_time_seconds` (what course efforts and boards are timed by) and
 * `elapsed_seconds` (first to last fix); `data_notes` says where the two disagree. For every other
 * run our figures are the shown ones: existing rows are backfilled, and a row inserted without them
 * (older writers, fixtures) gets the shown values by the trigger. The course-time index moves to
 * the column boards read.
 */
export class RunOwnFigures1765300000000 implements MigrationInterface {
  name = 'RunOwnFigures1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE run_records ADD COLUMN gps_distance_meters integer, ADD COLUMN moving_time_seconds integer,
                               ADD COLUMN elapsed_seconds integer, ADD COLUMN data_notes jsonb`,
    );
    await queryRunner.query(
      `UPDATE run_records SET gps_distance_meters = distance_meters, moving_time_seconds = duration_seconds,
                              elapsed_seconds = total_elapsed_seconds`,
    );
    await queryRunner.query(
      `ALTER TABLE run_records ALTER COLUMN gps_distance_meters SET NOT NULL,
                               ALTER COLUMN moving_time_seconds SET NOT NULL`,
    );
    await queryRunner.query(`
      CREATE FUNCTION run_records_own_figures() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.gps_distance_meters := COALESCE(NEW.gps_distance_meters, NEW.distance_meters);
        NEW.moving_time_seconds := COALESCE(NEW.moving_time_seconds, NEW.duration_seconds);
        NEW.elapsed_seconds := COALESCE(NEW.elapsed_seconds, NEW.total_elapsed_seconds);
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER trg_run_records_own_figures BEFORE INSERT ON run_records
         FOR EACH ROW EXECUTE FUNCTION run_records_own_figures()`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_run_records_course_moving_time ON run_records (course_id, moving_time_seconds)
        WHERE course_id IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX ix_run_records_course_duration`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX ix_run_records_course_duration ON run_records (course_id, duration_seconds) WHERE course_id IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX ix_run_records_course_moving_time`);
    await queryRunner.query(`DROP TRIGGER trg_run_records_own_figures ON run_records`);
    await queryRunner.query(`DROP FUNCTION run_records_own_figures()`);
    await queryRunner.query(
      `ALTER TABLE run_records DROP COLUMN gps_distance_meters, DROP COLUMN moving_time_seconds,
                               DROP COLUMN elapsed_seconds, DROP COLUMN data_notes`,
    );
  }
}
