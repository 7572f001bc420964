import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The progress of a connection's sync (POST /strava/sync, the first connection's backfill), kept
 * on the connection so that it shows in GET /strava/status and a restarted worker resumes where
 * the last one stopped: `sync_id` names the current sync (a newer request replaces it),
 * `sync_activity_ids` the selected activities (null = every activity since `sync_since`), and
 * `sync_next` the next Strava page (or the next index into the selection) to read.
 */
export class StravaSyncProgress1765130000100 implements MigrationInterface {
  name = 'StravaSyncProgress1765130000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE strava_connections
        ADD COLUMN sync_id uuid,
        ADD COLUMN sync_status varchar(12) NOT NULL DEFAULT 'idle',
        ADD COLUMN sync_since timestamptz,
        ADD COLUMN sync_activity_ids bigint[],
        ADD COLUMN sync_next integer NOT NULL DEFAULT 0,
        ADD COLUMN sync_processed integer NOT NULL DEFAULT 0,
        ADD COLUMN sync_imported integer NOT NULL DEFAULT 0,
        ADD COLUMN sync_skipped integer NOT NULL DEFAULT 0,
        ADD COLUMN sync_failed integer NOT NULL DEFAULT 0,
        ADD COLUMN sync_started_at timestamptz,
        ADD COLUMN sync_finished_at timestamptz,
        ADD COLUMN sync_error text,
        ADD CONSTRAINT chk_strava_connections_sync_status
          CHECK (sync_status IN ('idle', 'queued', 'running', 'waiting', 'completed', 'failed'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE strava_connections
        DROP CONSTRAINT chk_strava_connections_sync_status,
        DROP COLUMN sync_id, DROP COLUMN sync_status, DROP COLUMN sync_since, DROP COLUMN sync_activity_ids,
        DROP COLUMN sync_next, DROP COLUMN sync_processed, DROP COLUMN sync_imported, DROP COLUMN sync_skipped,
        DROP COLUMN sync_failed, DROP COLUMN sync_started_at, DROP COLUMN sync_finished_at, DROP COLUMN sync_error`);
  }
}
