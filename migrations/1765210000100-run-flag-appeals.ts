import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A runner appeals the anomaly flag on their run (POST /runs/{id}/appeal): the message and when it
 * was sent; the appeal puts the run back in the admin review queue until an admin answers it.
 */
export class RunFlagAppeals1765210000100 implements MigrationInterface {
  name = 'RunFlagAppeals1765210000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE run_records ADD COLUMN flag_appeal_message varchar(1000), ADD COLUMN flag_appealed_at timestamptz`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE run_records DROP COLUMN flag_appeal_message, DROP COLUMN flag_appealed_at`,
    );
  }
}
