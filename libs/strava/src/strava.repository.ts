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
  async importOf(
    userId: string,
    activityId: number,
  ): Promise<{ id: string; runRecordId: string | null; duplicateOfRunId: string | null } | null> {
    const [row] = (await this.dataSource.query(
      `SELECT id, run_record_id, duplicate_of_run_id FROM external_imports
        WHERE user_id = $1 AND source = 'strava' AND external_id = $2`,
      [userId, String(activityId)],
    )) as Array<{ id: string; run_record_id: string | null; duplicate_of_run_id: string | null }>;
    return row
      ? { id: row.id, runRecordId: row.run_record_id, duplicateOfRunId: row.duplicate_of_run_id }
      : null;
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
}
