import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { bigintAsNumber } from '../column-types';

/** Strava OAuth tokens are stored encrypted at rest (AES-256-GCM, key from config). */
@Entity('strava_connections')
export class StravaConnectionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'strava_athlete_id', type: 'bigint', transformer: bigintAsNumber })
  stravaAthleteId!: number;
  @Column({ name: 'athlete_name', type: 'varchar', length: 200, nullable: true }) athleteName!: string | null;
  @Column({ name: 'athlete_profile_url', type: 'text', nullable: true }) athleteProfileUrl!: string | null;
  @Column({ name: 'access_token_encrypted', type: 'text' }) accessTokenEncrypted!: string;
  @Column({ name: 'refresh_token_encrypted', type: 'text' }) refreshTokenEncrypted!: string;
  @Column({ name: 'token_expires_at', type: 'timestamptz' }) tokenExpiresAt!: Date;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) scopes!: string[];
  @Column({ name: 'auto_sync', type: 'boolean', default: true }) autoSync!: boolean;
  @Column({ name: 'last_sync_at', type: 'timestamptz', nullable: true }) lastSyncAt!: Date | null;
  @Column({ name: 'rate_limited_until', type: 'timestamptz', nullable: true }) rateLimitedUntil!: Date | null;
  // The progress of the connection's current sync (written by libs/strava's repository).
  @Column({ name: 'sync_id', type: 'uuid', nullable: true }) syncId!: string | null;
  @Column({ name: 'sync_status', type: 'varchar', length: 12, default: 'idle' }) syncStatus!: string;
  @Column({ name: 'sync_since', type: 'timestamptz', nullable: true }) syncSince!: Date | null;
  @Column({ name: 'sync_activity_ids', type: 'bigint', array: true, nullable: true })
  syncActivityIds!: string[] | null;
  @Column({ name: 'sync_next', type: 'integer', default: 0 }) syncNext!: number;
  @Column({ name: 'sync_processed', type: 'integer', default: 0 }) syncProcessed!: number;
  @Column({ name: 'sync_imported', type: 'integer', default: 0 }) syncImported!: number;
  @Column({ name: 'sync_skipped', type: 'integer', default: 0 }) syncSkipped!: number;
  @Column({ name: 'sync_failed', type: 'integer', default: 0 }) syncFailed!: number;
  @Column({ name: 'sync_started_at', type: 'timestamptz', nullable: true }) syncStartedAt!: Date | null;
  @Column({ name: 'sync_finished_at', type: 'timestamptz', nullable: true }) syncFinishedAt!: Date | null;
  @Column({ name: 'sync_error', type: 'text', nullable: true }) syncError!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
