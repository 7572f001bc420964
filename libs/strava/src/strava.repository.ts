import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { StravaConnectionEntity } from '@runvs/database';
import { DataSource, type EntityManager } from 'typeorm';

export interface NewConnection {
  userId: string;
  athleteId: number;
  athleteName: string | null;
  athleteProfileUrl: string | null;
  accessTokenEncrypted: string;
  refreshTokenEncrypted: string;
  tokenExpiresAt: Date;
  scopes: string[];
}

/** A connection's sync, as GET /strava/status shows it and the job resumes it. */
export interface SyncState {
  syncId: string | null;
  status: 'idle' | 'queued' | 'running' | 'waiting' | 'completed' | 'failed';
  since: Date | null;
  activityIds: number[] | null;
  next: number;
  processed: number;
  imported: number;
  skipped: number;
  failed: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  error: string | null;
  rateLimitedUntil: Date | null;
}

export interface SyncCounts {
  processed: number;
  imported: number;
  skipped: number;
  failed: number;
}

/** What we know of the import of one Strava activity. */
export interface StravaImportRow {
  id: string;
  status: 'pending' | 'processing' | 'completed' | 'failed';
  runRecordId: string | null;
  duplicateOfRunId: string | null;
  errorMessage: string | null;
}

/** strava_connections and the Strava-sourced imports/runs of a user. */
@Injectable()
export class StravaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  byUser(
    userId: string,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<StravaConnectionEntity | null> {
    return manager.getRepository(StravaConnectionEntity).findOne({
      where: { userId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  byAthlete(athleteId: number): Promise<StravaConnectionEntity | null> {
    return this.dataSource
      .getRepository(StravaConnectionEntity)
      .findOne({ where: { stravaAthleteId: athleteId } });
  }

  /** One connection per user: a reconnect replaces the tokens and athlete. */
  async upsert(manager: EntityManager, c: NewConnection): Promise<void> {
    await manager.query(
      `INSERT INTO strava_connections (user_id, strava_athlete_id, athlete_name, athlete_profile_url,
                                       access_token_encrypted, refresh_token_encrypted, token_expires_at, scopes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (user_id) DO UPDATE SET
         strava_athlete_id = EXCLUDED.strava_athlete_id, athlete_name = EXCLUDED.athlete_name,
         athlete_profile_url = EXCLUDED.athlete_profile_url, access_token_encrypted = EXCLUDED.access_token_encrypted,
         refresh_token_encrypted = EXCLUDED.refresh_token_encrypted, token_expires_at = EXCLUDED.token_expires_at,
         scopes = EXCLUDED.scopes, rate_limited_until = NULL, updated_at = now()`,
      [
        c.userId,
        c.athleteId,
        c.athleteName,
        c.athleteProfileUrl,
        c.accessTokenEncrypted,
        c.refreshTokenEncrypted,
        c.tokenExpiresAt,
        c.scopes,
      ],
    );
  }

  async updateTokens(
    manager: EntityManager,
    userId: string,
    tokens: { accessTokenEncrypted: string; refreshTokenEncrypted: string; tokenExpiresAt: Date },
  ): Promise<void> {
    await manager.query(
      `UPDATE strava_connections SET access_token_encrypted = $2, refresh_token_encrypted = $3, token_expires_at = $4,
              updated_at = now() WHERE user_id = $1`,
      [userId, tokens.accessTokenEncrypted, tokens.refreshTokenEncrypted, tokens.tokenExpiresAt],
    );
  }

  async markSynced(userId: string): Promise<void> {
    await this.dataSource.query(`UPDATE strava_connections SET last_sync_at = now() WHERE user_id = $1`, [
      userId,
    ]);
  }

  async markRateLimited(userId: string, until: Date): Promise<void> {
    await this.dataSource.query(`UPDATE strava_connections SET rate_limited_until = $2 WHERE user_id = $1`, [
      userId,
      until,
    ]);
  }

  async deleteConnection(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM strava_connections WHERE user_id = $1`, [userId]);
  }

  /** The import of one Strava activity, if there is one. */
  async importOf(userId: string, activityId: number): Promise<StravaImportRow | null> {
    return (await this.importsOf(userId, [activityId])).get(activityId) ?? null;
  }

  /** The imports of these Strava activities, by activity id. */
  async importsOf(userId: string, activityIds: number[]): Promise<Map<number, StravaImportRow>> {
    if (activityIds.length === 0) return new Map();
    const rows = (await this.dataSource.query(
      `SELECT id, external_id, status, run_record_id, duplicate_of_run_id, error_message FROM external_imports
        WHERE user_id = $1 AND source = 'strava' AND external_id = ANY($2::text[])`,
      [userId, activityIds.map(String)],
    )) as Array<{
      id: string;
      external_id: string;
      status: StravaImportRow['status'];
      run_record_id: string | null;
      duplicate_of_run_id: string | null;
      error_message: string | null;
    }>;
    return new Map(
      rows.map((r) => [
        Number(r.external_id),
        {
          id: r.id,
          status: r.status,
          runRecordId: r.run_record_id,
          duplicateOfRunId: r.duplicate_of_run_id,
          errorMessage: r.error_message,
        },
      ]),
    );
  }

  /**
   * POST /strava/sync of one activity: its import row in `pending` (a failed import is given
   * another go), or null when it is already imported or under way.
   */
  async pendingImport(manager: EntityManager, userId: string, activityId: number): Promise<string | null> {
    const rows = (await manager.query(
      `INSERT INTO external_imports (user_id, source, status, external_id, raw_metadata, progress_percent)
       VALUES ($1, 'strava', 'pending', $2, '{}'::jsonb, 0)
       ON CONFLICT (user_id, source, external_id) WHERE external_id IS NOT NULL DO UPDATE
         SET status = 'pending', error_message = NULL, completed_at = NULL, progress_percent = 0
         WHERE external_imports.status = 'failed'
       RETURNING id`,
      [userId, String(activityId)],
    )) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  }

  /** Takes a pending import of a Strava activity into `processing`; false when it is not pending. */
  async claimImport(id: string, metadata: Record<string, unknown>): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `UPDATE external_imports SET status = 'processing', started_at = now(), attempts = attempts + 1,
              progress_percent = 20, raw_metadata = $2
        WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, JSON.stringify(metadata)],
    )) as Array<{ id: string }>;
    return rows.length > 0;
  }

  /** Creates the import row of a Strava activity in `processing`; null when it already exists. */
  async startImport(
    userId: string,
    activityId: number,
    metadata: Record<string, unknown>,
  ): Promise<string | null> {
    const rows = (await this.dataSource.query(
      `INSERT INTO external_imports (user_id, source, status, external_id, raw_metadata, started_at, attempts, progress_percent)
       VALUES ($1, 'strava', 'processing', $2, $3, now(), 1, 20)
       ON CONFLICT (user_id, source, external_id) WHERE external_id IS NOT NULL DO NOTHING
       RETURNING id`,
      [userId, String(activityId), JSON.stringify(metadata)],
    )) as Array<{ id: string }>;
    return rows[0]?.id ?? null;
  }

  /** Strava's current title, sport type and privacy on the import of one of its activities. */
  async updateImportMetadata(id: string, metadata: Record<string, unknown>): Promise<void> {
    await this.dataSource.query(
      `UPDATE external_imports SET raw_metadata = coalesce(raw_metadata, '{}'::jsonb) || $2::jsonb WHERE id = $1`,
      [id, JSON.stringify(metadata)],
    );
  }

  async stravaRunIds(userId: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM run_records WHERE user_id = $1 AND source = 'strava'`,
      [userId],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  async deleteImport(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM external_imports WHERE id = $1`, [id]);
  }

  async deleteStravaImports(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`DELETE FROM external_imports WHERE user_id = $1 AND source = 'strava'`, [userId]);
  }

  // ---- sync progress (columns of strava_connections) ----

  /** Starts a sync (replacing any under way): its id is what the job carries. */
  async startSync(
    manager: EntityManager,
    userId: string,
    sync: { syncId: string; since: Date | null; activityIds: number[] | null },
  ): Promise<void> {
    await manager.query(
      `UPDATE strava_connections SET sync_id = $2, sync_status = 'queued', sync_since = $3, sync_activity_ids = $4,
              sync_next = 0, sync_processed = 0, sync_imported = 0, sync_skipped = 0, sync_failed = 0,
              sync_started_at = now(), sync_finished_at = NULL, sync_error = NULL
        WHERE user_id = $1`,
      [userId, sync.syncId, sync.since, sync.activityIds],
    );
  }

  async syncState(userId: string): Promise<SyncState | null> {
    const [row] = (await this.dataSource.query(
      `SELECT sync_id, sync_status, sync_since, sync_activity_ids::text[] AS sync_activity_ids, sync_next,
              sync_processed, sync_imported, sync_skipped, sync_failed, sync_started_at, sync_finished_at,
              sync_error, rate_limited_until
         FROM strava_connections WHERE user_id = $1`,
      [userId],
    )) as Array<Record<string, unknown>>;
    if (!row) return null;
    return {
      syncId: row.sync_id as string | null,
      status: row.sync_status as SyncState['status'],
      since: row.sync_since as Date | null,
      activityIds: row.sync_activity_ids ? (row.sync_activity_ids as string[]).map(Number) : null,
      next: row.sync_next as number,
      processed: row.sync_processed as number,
      imported: row.sync_imported as number,
      skipped: row.sync_skipped as number,
      failed: row.sync_failed as number,
      startedAt: row.sync_started_at as Date | null,
      finishedAt: row.sync_finished_at as Date | null,
      error: row.sync_error as string | null,
      rateLimitedUntil: row.rate_limited_until as Date | null,
    };
  }

  /** Records a step of sync `syncId` (ignored when a newer sync replaced it); false then. */
  async advanceSync(userId: string, syncId: string, next: number, counts: SyncCounts): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `UPDATE strava_connections SET sync_status = 'running', sync_next = $3,
              sync_processed = sync_processed + $4, sync_imported = sync_imported + $5,
              sync_skipped = sync_skipped + $6, sync_failed = sync_failed + $7, rate_limited_until = NULL
        WHERE user_id = $1 AND sync_id = $2 RETURNING 1`,
      [userId, syncId, next, counts.processed, counts.imported, counts.skipped, counts.failed],
    )) as unknown[];
    return rows.length > 0;
  }

  async setSyncStatus(
    userId: string,
    syncId: string,
    status: 'running' | 'waiting' | 'completed' | 'failed',
    error: string | null = null,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE strava_connections SET sync_status = $3::varchar, sync_error = $4::text,
              sync_finished_at = CASE WHEN $3::varchar IN ('completed', 'failed') THEN now() ELSE NULL END,
              last_sync_at = CASE WHEN $3::varchar = 'completed' THEN now() ELSE last_sync_at END
        WHERE user_id = $1 AND sync_id = $2`,
      [userId, syncId, status, error],
    );
  }
}
