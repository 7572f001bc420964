import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data exports (POST /users/me/export): one row per request, built by the `data-export` worker into
 * a private zip. The partial unique index allows one export in progress per runner at a time.
 */
export class DataExports1765170000100 implements MigrationInterface {
  name = 'DataExports1765170000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE data_exports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        status varchar(12) NOT NULL DEFAULT 'pending',
        file_key text,
        size_bytes bigint,
        run_count integer,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        completed_at timestamptz,
        expires_at timestamptz,
        CONSTRAINT chk_data_exports_status CHECK (status IN ('pending', 'running', 'ready', 'failed')),
        CONSTRAINT fk_data_exports_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_data_exports_in_progress ON data_exports (user_id) WHERE status IN ('pending', 'running')`,
    );
    await queryRunner.query(
      `CREATE INDEX ix_data_exports_user_created ON data_exports (user_id, created_at DESC)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE data_exports`);
  }
}
