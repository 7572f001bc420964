import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { inTransaction, isUniqueViolation, type StravaConnectionEntity } from '@runvs/database';
import { ImportPipelineService, ImportRejected } from '@runvs/imports';
import { OutboxService, PermanentJobError, QueueName, type StravaSyncPayload } from '@runvs/queue';
import { RunRecordsService } from '@runvs/runs';
import { DataSource } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import { signOAuthState, verifyOAuthState } from './oauth-state';
import { isStravaRun, type StravaSummaryActivity, streamsToPoints } from './strava-activities';
import { StravaClient, StravaHttpError, StravaRateLimited, type StravaTokens } from './strava.client';
import { StravaRepository } from './strava.repository';
import { TokenCipher } from './token-cipher';

/** Scopes we ask for; reading activities needs one of the activity read scopes. */
export const STRAVA_SCOPES = 'read,activity:read_all';
const ACTIVITY_READ_SCOPES = ['activity:read', 'activity:read_all'];
/** Recent activities synced right after connecting (§11). */
export const INITIAL_SYNC_ACTIVITIES = 20;
export const MAX_SYNC_ACTIVITIES = 200;
/** Refresh the 6-hour access token when less than this is left. */
const REFRESH_MARGIN_MS = 10 * 60_000;

/** contract §12 StravaConnectionStatus (+ the scopes Strava granted). */
export interface StravaConnectionStatus {
  connected: boolean;
  athlete_name: string | null;
  athlete_profile_url: string | null;
  last_sync_at: string | null;
  auto_sync: boolean;
  scopes: string[];
}

export interface StravaWebhookEvent {
  object_type: 'activity' | 'athlete';
  object_id: number;
  aspect_type: 'create' | 'update' | 'delete';
  owner_id: number;
  updates?: Record<string, unknown>;
}

/**
 * The Strava integration: OAuth connect with a signed state, tokens encrypted at rest and
 * refreshed before they expire, sync of recent runs (streams for GPS) into the same import
 * pipeline as files, webhooks, and disconnect (deauthorize at Strava, delete what came from it).
 * Strava-sourced runs stay private to their owner: the run pipeline never ranks them.
 */
@Injectable()
export class StravaService {
  private readonly logger = new Logger(StravaService.name);
  private readonly cipher: TokenCipher | null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly client: StravaClient,
    private readonly repository: StravaRepository,
    private readonly outbox: OutboxService,
    private readonly pipeline: ImportPipelineService,
    private readonly runRecords: RunRecordsService,
  ) {
    const key = config.strava.tokenEncryptionKey;
    this.cipher = key ? new TokenCipher(key) : null;
  }

  // ---- api side ----------------------------------------------------------------------------

  authUrl(userId: string): { auth_url: string; state: string } {
    this.assertEnabled();
    const state = signOAuthState(this.config.auth.jwtSecret, userId);
    const params = new URLSearchParams({
      client_id: this.config.strava.clientId!,
      redirect_uri: this.config.strava.redirectUri!,
      response_type: 'code',
      approval_prompt: 'auto',
      scope: STRAVA_SCOPES,
      state,
    });
    return { auth_url: `${this.config.strava.oauthBaseUrl}/authorize?${params}`, state };
  }

  /** POST /strava/callback: checks the state, exchanges the code, stores the connection, syncs. */
  async connect(
    userId: string,
    input: { code: string; state: string; scope?: string },
  ): Promise<StravaConnectionStatus> {
    this.assertEnabled();
    const check = verifyOAuthState(this.config.auth.jwtSecret, input.state, userId);
    if (check !== 'ok') {
      const why = check === 'expired' ? 'has expired; start again' : 'is not valid for this account';
      throw new DomainError('STRAVA_STATE_INVALID', `The Strava authorization state ${why}.`);
    }
    let tokens: StravaTokens;
    try {
      tokens = await this.client.exchangeCode(input.code);
    } catch (error) {
      if (error instanceof StravaHttpError && error.status >= 400 && error.status < 500) {
        throw new DomainError(
          'STRAVA_TOKEN_EXCHANGE_FAILED',
          `Strava token exchange failed: ${error.message}`,
        );
      }
      throw new DomainError('STRAVA_API_ERROR', `Strava API error: ${(error as Error).message}`);
    }
    if (!tokens.athlete || typeof tokens.athlete.id !== 'number') {
      throw new DomainError(
        'STRAVA_TOKEN_EXCHANGE_FAILED',
        'Strava token exchange failed: no athlete in the answer',
      );
    }
    const scopes = (input.scope ?? STRAVA_SCOPES)
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const canRead = scopes.some((s) => ACTIVITY_READ_SCOPES.includes(s));
    const cipher = this.requireCipher();
    const athleteName =
      [tokens.athlete.firstname, tokens.athlete.lastname].filter(Boolean).join(' ').trim() || null;
    try {
      await this.outbox.transaction(async (manager, enqueue) => {
        if (!canRead) {
          // Useless without activity access: give the token back rather than keep it.
          await enqueue(QueueName.StravaSync, {
            kind: 'deauthorize',
            accessTokenEncrypted: cipher.encrypt(tokens.accessToken),
            refreshTokenEncrypted: cipher.encrypt(tokens.refreshToken),
          });
          return;
        }
        await this.repository.upsert(manager, {
          userId,
          athleteId: tokens.athlete!.id,
          athleteName,
          athleteProfileUrl: tokens.athlete!.profile ?? null,
          accessTokenEncrypted: cipher.encrypt(tokens.accessToken),
          refreshTokenEncrypted: cipher.encrypt(tokens.refreshToken),
          tokenExpiresAt: tokens.expiresAt,
          scopes,
        });
        await enqueue(QueueName.StravaSync, { kind: 'initial-sync', userId });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError(
          'CONFLICT',
          'This Strava account is already connected to another RUNVS account.',
        );
      }
      throw error;
    }
    if (!canRead) {
      throw new DomainError(
        'STRAVA_TOKEN_EXCHANGE_FAILED',
        'Strava did not grant access to your activities (activity:read); connect again and allow it.',
      );
    }
    return this.status(userId);
  }

  async status(userId: string): Promise<StravaConnectionStatus> {
    const connection = await this.repository.byUser(userId);
    if (!connection) {
      return {
        connected: false,
        athlete_name: null,
        athlete_profile_url: null,
        last_sync_at: null,
        auto_sync: false,
        scopes: [],
      };
    }
    return {
      connected: true,
      athlete_name: connection.athleteName,
      athlete_profile_url: connection.athleteProfileUrl,
      last_sync_at: connection.lastSyncAt?.toISOString() ?? null,
      auto_sync: connection.autoSync,
      scopes: connection.scopes,
    };
  }

  async syncAll(
    userId: string,
    maxActivities: number,
  ): Promise<{ import_id: string; status: 'accepted'; message: string }> {
    this.assertEnabled();
    await this.outbox.transaction(async (manager, enqueue) => {
      if (!(await this.repository.byUser(userId, manager))) {
        throw new DomainError('STRAVA_NOT_CONNECTED', 'Strava not connected');
      }
      await enqueue(QueueName.StravaSync, { kind: 'full-sync', userId, maxActivities });
    });
    return {
      import_id: '',
      status: 'accepted',
      message: `Bulk sync of up to ${maxActivities} recent activities queued.`,
    };
  }

  /**
   * Deletes everything that came from Strava (runs with every aggregate recomputed, imports) and
   * the connection; the token is revoked at Strava by a job written in the same transaction.
   * Idempotent: a second call (or one after an interruption) finishes what is left.
   */
  async disconnect(userId: string): Promise<void> {
    await this.deleteStravaRuns(userId);
    await this.outbox.transaction(async (manager, enqueue) => {
      const connection = await this.repository.byUser(userId, manager, true);
      await this.repository.deleteStravaImports(manager, userId);
      if (!connection) return;
      await this.repository.deleteConnection(manager, userId);
      await enqueue(QueueName.StravaSync, this.deauthorizePayload(connection));
    });
  }

  /** The job that revokes a connection's token at Strava (account deletion, disconnect). */
  deauthorizePayload(connection: StravaConnectionEntity): StravaSyncPayload {
    return {
      kind: 'deauthorize',
      accessTokenEncrypted: connection.accessTokenEncrypted,
      refreshTokenEncrypted: connection.refreshTokenEncrypted,
    };
  }

  /** GET /strava/webhook: the subscription handshake. */
  webhookChallenge(query: Record<string, unknown>): { 'hub.challenge': string } {
    const token = this.config.strava.webhookVerifyToken;
    if (query['hub.mode'] !== 'subscribe' || !token || query['hub.verify_token'] !== token) {
      throw new DomainError('FORBIDDEN', 'Unknown webhook verification request.');
    }
    const challenge = query['hub.challenge'];
    if (typeof challenge !== 'string' || challenge === '') {
      throw new DomainError('VALIDATION_ERROR', 'hub.challenge is required.', {
        fields: [{ field: 'hub.challenge', messages: ['hub.challenge is required'] }],
      });
    }
    return { 'hub.challenge': challenge };
  }

  /** POST /strava/webhook: turns an event into a job (answered at once; Strava waits 2 s at most). */
  async webhookEvent(event: StravaWebhookEvent): Promise<void> {
    if (event.object_type === 'athlete') {
      if (event.updates?.authorized === 'false') {
        await this.outbox.transaction(async (_manager, enqueue) => {
          await enqueue(QueueName.StravaSync, { kind: 'deauthorized', athleteId: event.owner_id });
        });
      }
      return;
    }
    const connection = await this.repository.byAthlete(event.owner_id);
    if (!connection) return; // not (or no longer) one of ours
    await this.outbox.transaction(async (_manager, enqueue) => {
      await enqueue(QueueName.StravaSync, {
        kind: 'activity',
        userId: connection.userId,
        activityId: event.object_id,
        aspect: event.aspect_type,
      });
    });
  }

  // ---- worker side -------------------------------------------------------------------------

  /** The `strava-sync` job. Rate limits put the job back, delayed until Strava's window resets. */
  async handleJob(payload: StravaSyncPayload): Promise<void> {
    try {
      switch (payload.kind) {
        case 'initial-sync':
          return await this.syncRecent(payload.userId, INITIAL_SYNC_ACTIVITIES);
        case 'full-sync':
          return await this.syncRecent(payload.userId, Math.min(MAX_SYNC_ACTIVITIES, payload.maxActivities));
        case 'activity':
          return await this.syncActivity(payload.userId, payload.activityId, payload.aspect);
        case 'deauthorized': {
          const connection = await this.repository.byAthlete(payload.athleteId);
          if (connection) await this.removeAfterDeauthorization(connection.userId);
          return;
        }
        case 'deauthorize':
          return await this.revoke(payload.accessTokenEncrypted, payload.refreshTokenEncrypted);
      }
    } catch (error) {
      if (!(error instanceof StravaRateLimited)) throw error;
      const userId = 'userId' in payload ? payload.userId : null;
      if (userId) await this.repository.markRateLimited(userId, new Date(error.until));
      this.logger.warn(`strava-sync ${payload.kind} delayed: ${error.message}`);
      await this.outbox.transaction(async (_manager, enqueue) => {
        await enqueue(QueueName.StravaSync, payload, { delayMs: Math.max(1_000, error.until - Date.now()) });
      });
    }
  }

  private async syncRecent(userId: string, max: number): Promise<void> {
    const connection = await this.repository.byUser(userId);
    if (!connection) return;
    const perPage = Math.min(max, MAX_SYNC_ACTIVITIES);
    let seen = 0;
    for (let page = 1; seen < max; page++) {
      const activities = await this.withToken(userId, (token) =>
        this.client.listActivities(token, { perPage, page }),
      );
      if (!Array.isArray(activities) || activities.length === 0) break;
      for (const activity of activities.slice(0, max - seen)) {
        if (isStravaRun(activity)) await this.importActivity(userId, activity);
      }
      seen += activities.length;
      if (activities.length < perPage) break;
    }
    await this.repository.markSynced(userId);
  }

  private async syncActivity(
    userId: string,
    activityId: number,
    aspect: 'create' | 'update' | 'delete',
  ): Promise<void> {
    if (!(await this.repository.byUser(userId))) return;
    const existing = await this.repository.importOf(userId, activityId);
    if (aspect === 'delete') {
      if (existing) await this.removeImport(userId, existing);
      return;
    }
    let activity: StravaSummaryActivity;
    try {
      activity = await this.withToken(userId, (token) => this.client.getActivity(token, activityId));
    } catch (error) {
      if (error instanceof StravaHttpError && error.status === 404) {
        if (existing) await this.removeImport(userId, existing);
        return;
      }
      throw error;
    }
    if (!isStravaRun(activity)) {
      // Changed to another sport (or never a run): nothing of it stays.
      if (existing) await this.removeImport(userId, existing);
      return;
    }
    if (!existing) await this.importActivity(userId, activity);
    await this.repository.markSynced(userId);
  }

  /** One Strava run → import row → the shared pipeline (dedupe, matching, run record). */
  private async importActivity(userId: string, activity: StravaSummaryActivity): Promise<void> {
    if (await this.repository.importOf(userId, activity.id)) return;
    let streams;
    try {
      streams = await this.withToken(userId, (token) => this.client.getStreams(token, activity.id));
    } catch (error) {
      // Manual activities have no streams (404): imported as "no GPS" failures, like a treadmill file.
      if (!(error instanceof StravaHttpError && error.status === 404)) throw error;
      streams = {};
    }
    const importId = await this.repository.startImport(userId, activity.id, {
      name: activity.name ?? null,
      sport_type: activity.sport_type ?? activity.type ?? null,
      start_date: activity.start_date,
      distance: activity.distance ?? null,
    });
    if (!importId) return;
    const points = streamsToPoints(activity.start_date, streams ?? {});
    try {
      await this.pipeline.importTrack(
        { id: importId, userId },
        {
          sport: 'running',
          sourceDevice: activity.device_name ?? `Strava/${activity.sport_type ?? activity.type ?? 'Run'}`,
          points,
          pauses: [],
        },
        'strava',
      );
    } catch (error) {
      if (error instanceof ImportRejected) await this.pipeline.fail(importId, error.reason);
      else {
        await this.pipeline.fail(
          importId,
          `The Strava activity could not be imported: ${(error as Error).message}`,
        );
        throw error;
      }
    }
  }

  private async removeImport(
    userId: string,
    imported: { id: string; runRecordId: string | null; duplicateOfRunId: string | null },
  ): Promise<void> {
    // A duplicate points at another source's run: that run is not Strava's to delete.
    if (imported.runRecordId && !imported.duplicateOfRunId) {
      await this.runRecords.delete(userId, imported.runRecordId).catch((error: unknown) => {
        if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
      });
    }
    await this.repository.deleteImport(imported.id);
  }

  private async removeAfterDeauthorization(userId: string): Promise<void> {
    await this.deleteStravaRuns(userId);
    await inTransaction(this.dataSource, async (manager) => {
      await this.repository.deleteStravaImports(manager, userId);
      await this.repository.deleteConnection(manager, userId);
    });
  }

  private async deleteStravaRuns(userId: string): Promise<void> {
    for (const runId of await this.repository.stravaRunIds(userId)) {
      await this.runRecords.delete(userId, runId).catch((error: unknown) => {
        if (!(error instanceof DomainError && error.code === 'NOT_FOUND')) throw error;
      });
    }
  }

  private async revoke(accessTokenEncrypted: string, refreshTokenEncrypted: string): Promise<void> {
    const cipher = this.requireCipher();
    try {
      await this.client.deauthorize(cipher.decrypt(accessTokenEncrypted));
    } catch (error) {
      if (!(error instanceof StravaHttpError && error.status === 401)) throw error;
      // The access token had expired: a fresh one revokes the grant; a dead refresh token means it is gone already.
      try {
        const fresh = await this.client.refresh(cipher.decrypt(refreshTokenEncrypted));
        await this.client.deauthorize(fresh.accessToken);
      } catch (again) {
        if (again instanceof StravaHttpError && (again.status === 400 || again.status === 401)) return;
        throw again;
      }
    }
  }

  /**
   * Runs `call` with a valid access token: refreshed first when it expires within 10 minutes (under
   * a row lock, so two jobs never spend the same refresh token), and once more after a 401.
   */
  private async withToken<T>(userId: string, call: (accessToken: string) => Promise<T>): Promise<T> {
    let token = await this.accessToken(userId, false);
    try {
      return await call(token);
    } catch (error) {
      if (!(error instanceof StravaHttpError && error.status === 401)) throw error;
      token = await this.accessToken(userId, true);
      try {
        return await call(token);
      } catch (again) {
        if (again instanceof StravaHttpError && again.status === 401) {
          throw new PermanentJobError('Strava refused our access token; the user must connect Strava again');
        }
        throw again;
      }
    }
  }

  private async accessToken(userId: string, forceRefresh: boolean): Promise<string> {
    const cipher = this.requireCipher();
    return inTransaction(this.dataSource, async (manager) => {
      const connection = await this.repository.byUser(userId, manager, true);
      if (!connection) throw new PermanentJobError('Strava is no longer connected');
      if (!forceRefresh && connection.tokenExpiresAt.getTime() - Date.now() > REFRESH_MARGIN_MS) {
        return cipher.decrypt(connection.accessTokenEncrypted);
      }
      let fresh: StravaTokens;
      try {
        fresh = await this.client.refresh(cipher.decrypt(connection.refreshTokenEncrypted));
      } catch (error) {
        if (error instanceof StravaHttpError && (error.status === 400 || error.status === 401)) {
          throw new PermanentJobError('Strava refused our refresh token; the user must connect Strava again');
        }
        throw error;
      }
      await this.repository.updateTokens(manager, userId, {
        accessTokenEncrypted: cipher.encrypt(fresh.accessToken),
        refreshTokenEncrypted: cipher.encrypt(fresh.refreshToken),
        tokenExpiresAt: fresh.expiresAt,
      });
      return fresh.accessToken;
    });
  }

  private assertEnabled(): void {
    if (!this.config.strava.enabled) {
      throw new DomainError('FEATURE_DISABLED', 'The Strava integration is not enabled on this server.');
    }
  }

  private requireCipher(): TokenCipher {
    if (!this.cipher)
      throw new DomainError('FEATURE_DISABLED', 'The Strava integration is not enabled on this server.');
    return this.cipher;
  }
}
