import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The pending-work sweeper lists file imports still pending or processing, oldest first, every
 * sweep: a small partial index keeps that a lookup whatever the size of the history.
 */
export class PendingImportsIndex1765110000000 implements MigrationInterface {
  name = 'PendingImportsIndex1765110000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX ix_external_imports_pending ON external_imports (created_at)
        WHERE status IN ('pending', 'processing')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_external_imports_pending`);
  }
}
