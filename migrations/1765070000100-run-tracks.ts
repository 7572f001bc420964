import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each run's recorded track (time, position, elevation, heart rate per sample), which run_records
 * does not keep (its route is a 2-D line): ghosts replay it along a course and data exports write
 * it as GPX. One row per run, written with the run; `samples` is the compact encoding of libs/runs
 * (already deflated, so stored EXTERNAL: not compressed again). `pauses` are the runner's timer
 * pauses as epoch-ms intervals.
 */
export class RunTracks1765070000100 implements MigrationInterface {
  name = 'RunTracks1765070000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE run_tracks (
        run_record_id uuid PRIMARY KEY,
        point_count integer NOT NULL,
        has_time boolean NOT NULL,
        has_elevation boolean NOT NULL,
        has_heart_rate boolean NOT NULL,
        pauses jsonb NOT NULL DEFAULT '[]',
        samples bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT chk_run_tracks_point_count CHECK (point_count >= 0),
        CONSTRAINT fk_run_tracks_run FOREIGN KEY (run_record_id) REFERENCES run_records (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`ALTER TABLE run_tracks ALTER COLUMN samples SET STORAGE EXTERNAL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE run_tracks`);
  }
}
