import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { inTransaction } from '@runvs/database';
import { PermanentJobError } from '@runvs/queue';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StravaStreams, StravaSummaryActivity } from './strava-activities';
import { StravaClient, StravaHttpError, type StravaTokens } from './strava.client';
import { StravaRepository } from './strava.repository';
import { TokenCipher } from './token-cipher';

/** Strava refused our refresh token (revoked grant): permanent for the job that needed it. */
class RefreshRefused extends PermanentJobError {
  constructor() {
    super('Strava refused our refresh token; the user must connect Strava again');
  }
}

/** Refresh the 6-hour access token when less than this is left. */
const REFRESH_MARGIN_MS = 10 * 60_000;

/**
 * Strava's API on behalf of one connected user: tokens decrypted from the connection, refreshed
 * before they expire (under a row lock, so two jobs never spend the same refresh token) and once
 * more after a 401; and the token cipher that stores them encrypted.
 */
@Injectable()
export class StravaUserApi {
  private readonly tokenCipher: TokenCipher | null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly client: StravaClient,
    private readonly repository: StravaRepository,
  ) {
    const key = config.strava.tokenEncryptionKey;
    this.tokenCipher = key ? new TokenCipher(key) : null;
  }

  listActivities(
    userId: string,
    query: { perPage: number; page: number; after?: number; before?: number },
  ): Promise<StravaSummaryActivity[]> {
    return this.withToken(userId, (token) => this.client.listActivities(token, query));
  }

  getActivity(userId: string, activityId: number): Promise<StravaSummaryActivity> {
    return this.withToken(userId, (token) => this.client.getActivity(token, activityId));
  }

  getStreams(userId: string, activityId: number): Promise<StravaStreams> {
    return this.withToken(userId, (token) => this.client.getStreams(token, activityId));
  }

  /** Revokes a grant at Strava (disconnect, account deletion, a connection without read scope). */
  async revoke(accessTokenEncrypted: string, refreshTokenEncrypted: string): Promise<void> {
    const cipher = this.cipher();
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
   * Whether Strava refuses to refresh the user's token: how a deauthorization shows. A successful
   * refresh is stored like any other (the old refresh token is dead once rotated).
   */
  async refreshRefused(userId: string): Promise<boolean> {
    try {
      await this.accessToken(userId, true);
      return false;
    } catch (error) {
      if (error instanceof RefreshRefused) return true;
      throw error;
    }
  }

  cipher(): TokenCipher {
    if (!this.tokenCipher)
      throw new DomainError('FEATURE_DISABLED', 'The Strava integration is not enabled on this server.');
    return this.tokenCipher;
  }

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
    const cipher = this.cipher();
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
          throw new RefreshRefused();
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
}
