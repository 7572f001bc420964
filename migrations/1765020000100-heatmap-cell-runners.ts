import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Heatmap k-anonymity: each cell row also names the runner, so the map can show a cell only when
 * enough distinct runners passed through it (HEATMAP_MIN_RUNNERS). Backfilled from the runs.
 */
export class HeatmapCellRunners1765020000100 implements MigrationInterface {
  name = 'HeatmapCellRunners1765020000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE heatmap_cells ADD COLUMN user_id uuid`);
    await queryRunner.query(
      `UPDATE heatmap_cells c SET user_id = r.user_id FROM run_records r WHERE r.id = c.run_record_id`,
    );
    await queryRunner.query(`DELETE FROM heatmap_cells WHERE user_id IS NULL`);
    await queryRunner.query(`ALTER TABLE heatmap_cells ALTER COLUMN user_id SET NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE heatmap_cells DROP COLUMN user_id`);
  }
}
