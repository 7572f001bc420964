import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { isUniqueViolation, type StravaConnectionEntity } from '@runvs/database';
import { OutboxService, QueueName, type StravaSyncPayload } from '@runvs/queue';
import { signOAuthState, verifyOAuthState } from './oauth-state';
import { assertStravaEnabled } from './strava-enabled';
import { StravaRemovalService } from './strava-removal.service';
import { type StravaSyncProgress, StravaSyncService, syncProgressView } from './strava-sync.service';
import { backfillSince } from './strava-sync.rules';
import { StravaUserApi } from './strava-user-api.service';
import { StravaClient, StravaHttpError, type StravaTokens } from './strava.client';
import { StravaRepository } from './strava.repository';

/** Scopes we ask for; reading activities needs one of the activity read scopes. */
export const STRAVA_SCOPES = 'read,activity:read_all';
const ACTIVITY_READ_SCOPES = ['activity:read', 'activity:read_all'];

/** contract §12 StravaConnectionStatus (+ the scopes Strava granted). */
export interface StravaConnectionStatus {
  connected: boolean;
  athlete_name: string | null;
  athlete_profile_url: string | null;
  last_sync_at: string | null;
  auto_sync: boolean;
  scopes: string[];
  /** the current or last sync (the first connection's backfill, POST /strava/sync); null before any */
  sync: StravaSyncProgress | null;
}

/**
 * The OAuth side of the connection: a signed state, the code exchange, tokens stored encrypted,
 * status, and disconnect (deauthorize at Strava, delete what came from it). Strava-sourced runs
 * stay private to their owner: the run pipeline never ranks them.
 */
@Injectable()
export class StravaConnectionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly client: StravaClient,
    private readonly userApi: StravaUserApi,
    private readonly repository: StravaRepository,
    private readonly removal: StravaRemovalService,
    private readonly sync: StravaSyncService,
    private readonly outbox: OutboxService,
  ) {}

  authUrl(userId: string): { auth_url: string; state: string } {
    assertStravaEnabled(this.config);
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
    assertStravaEnabled(this.config);
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
    const cipher = this.userApi.cipher();
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
        // The first connection imports the runs of the last 90 days (a reconnect does it again:
        // what is already imported is skipped).
        await this.sync.startSync(manager, enqueue, userId, {
          since: backfillSince(Date.now()),
          activityIds: null,
        });
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
        sync: null,
      };
    }
    return {
      connected: true,
      athlete_name: connection.athleteName,
      athlete_profile_url: connection.athleteProfileUrl,
      last_sync_at: connection.lastSyncAt?.toISOString() ?? null,
      auto_sync: connection.autoSync,
      scopes: connection.scopes,
      sync: syncProgressView(await this.repository.syncState(userId)),
    };
  }

  /**
   * Deletes everything that came from Strava (runs with every aggregate recomputed, imports) and
   * the connection; the token is revoked at Strava by a job written in the same transaction.
   * Idempotent: a second call (or one after an interruption) finishes what is left.
   */
  async disconnect(userId: string): Promise<void> {
    await this.removal.deleteStravaRuns(userId);
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
}
