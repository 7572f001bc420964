import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed work that can be seen and re-driven. A job_failures row now says whether retrying may
 * help (`retryable`), its reason in one line (`message`; `error` keeps the stack), how often it
 * was re-driven, when the sweeper re-drives it next (`next_redrive_at`, null = not automatically)
 * and how it was closed (`resolution`: the re-drive succeeded, or an admin dismissed it).
 */
export class JobFailureRedrive1765050000000 implements MigrationInterface {
  name = 'JobFailureRedrive1765050000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE job_failures
        ADD COLUMN message varchar(2000),
        ADD COLUMN retryable boolean NOT NULL DEFAULT false,
        ADD COLUMN redrive_count integer NOT NULL DEFAULT 0,
        ADD COLUMN last_redriven_at timestamptz,
        ADD COLUMN next_redrive_at timestamptz,
        ADD COLUMN resolution varchar(20),
        ADD CONSTRAINT chk_job_failures_resolution
          CHECK (resolution IS NULL OR resolution IN ('redriven', 'dismissed')),
        ADD CONSTRAINT chk_job_failures_resolved CHECK (resolution IS NULL OR resolved_at IS NOT NULL)`);
    // Rows from before: the first line of the stored error is its message.
    await queryRunner.query(
      `UPDATE job_failures SET message = left(split_part(error, E'\\n', 1), 2000) WHERE message IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE job_failures ALTER COLUMN message SET NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX ix_job_failures_due ON job_failures (next_redrive_at)
         WHERE resolved_at IS NULL AND next_redrive_at IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX ix_job_failures_queue ON job_failures (queue, failed_at DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ix_job_failures_queue`);
    await queryRunner.query(`DROP INDEX ix_job_failures_due`);
    await queryRunner.query(`
      ALTER TABLE job_failures
        DROP CONSTRAINT chk_job_failures_resolved,
        DROP CONSTRAINT chk_job_failures_resolution,
        DROP COLUMN resolution,
        DROP COLUMN next_redrive_at,
        DROP COLUMN last_redriven_at,
        DROP COLUMN redrive_count,
        DROP COLUMN retryable,
        DROP COLUMN message`);
  }
}
