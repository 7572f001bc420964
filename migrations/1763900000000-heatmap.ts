import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The public heatmap's data. `heatmap_points` holds the sampled, privacy-trimmed route points of
 * each eligible run (geometry: planar degree boxes are what the grid needs). `heatmap_cells` is the
 * pyramid derived from them: for every grid level (0.00045° × 2^level) the cells each run touches,
 * once per run, so a viewport is an index range scan counted per cell, with no DISTINCT at read time.
 */
export class Heatmap1763900000000 implements MigrationInterface {
  name = 'Heatmap1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE heatmap_points (
        id bigserial PRIMARY KEY,
        run_record_id uuid NOT NULL,
        point geometry(Point, 4326) NOT NULL,
        CONSTRAINT fk_heatmap_points_run FOREIGN KEY (run_record_id) REFERENCES run_records (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX ix_heatmap_points_point ON heatmap_points USING gist (point)`);
    await queryRunner.query(`CREATE INDEX ix_heatmap_points_run ON heatmap_points (run_record_id)`);
    await queryRunner.query(`
      CREATE TABLE heatmap_cells (
        level smallint NOT NULL,
        cell_y integer NOT NULL,
        cell_x integer NOT NULL,
        run_record_id uuid NOT NULL,
        CONSTRAINT pk_heatmap_cells PRIMARY KEY (level, cell_y, cell_x, run_record_id),
        CONSTRAINT chk_heatmap_cells_level CHECK (level BETWEEN 0 AND 13),
        CONSTRAINT fk_heatmap_cells_run FOREIGN KEY (run_record_id) REFERENCES run_records (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX ix_heatmap_cells_run ON heatmap_cells (run_record_id)`);
    await queryRunner.query(`ALTER TABLE run_records ADD COLUMN heatmap_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE run_records DROP COLUMN heatmap_at`);
    await queryRunner.query(`DROP TABLE heatmap_cells`);
    await queryRunner.query(`DROP TABLE heatmap_points`);
  }
}
