import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { inTransaction } from '@runvs/database';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { signAccessToken } from '../access-token';
import { generateRefreshToken, hashToken } from './refresh-token';

/** What login and refresh hand out (contract §2). */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

const BEARER_CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

const invalid = (message: string) => new DomainError('AUTH_EXPIRED', message, undefined, BEARER_CHALLENGE);

interface StoredToken {
  id: string;
  user_id: string;
  family_id: string;
  replaced_by_id: string | null;
  revoked: boolean;
  in_grace: boolean;
  expired: boolean;
}

type RefreshOutcome = { pair: TokenPair } | { reuse: true };

/**
 * Access tokens (HS256 JWT, 30 min) and refresh tokens (opaque, 30 days, stored as SHA-256 only,
 * rotated on every use). A login starts a token family; each refresh revokes the presented token,
 * links it to its successor and issues the next one in the same family.
 *
 * Reusing a rotated token means a copy of it exists somewhere else: every token of the user is
 * revoked — except inside the grace window (REFRESH_REUSE_GRACE_SECONDS), where a second refresh
 * of the same token while its family is still alive is two concurrent requests of one app (the
 * client's single-flight is per process), and gets a fresh pair of its own.
 */
@Injectable()
export class TokenService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** A new pair for `userId`; `familyId` continues a family, none starts one (a login). */
  async issuePair(
    manager: EntityManager,
    userId: string,
    familyId: string = randomUUID(),
  ): Promise<TokenPair> {
    const { pair } = await this.insertPair(manager, userId, familyId);
    return pair;
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const outcome = await inTransaction(this.dataSource, (manager) => this.rotate(manager, refreshToken));
    if ('reuse' in outcome) {
      // The mass revocation is committed above; only then is the caller refused.
      throw invalid('Refresh token reuse detected; every session of this account was signed out.');
    }
    return outcome.pair;
  }

  /** Revokes one refresh token of the user (when given and theirs), or all of them. */
  async logout(userId: string, refreshToken?: string): Promise<void> {
    if (refreshToken) {
      await this.dataSource.query(
        `UPDATE refresh_tokens SET revoked_at = now()
          WHERE token_hash = $1 AND user_id = $2 AND revoked_at IS NULL`,
        [hashToken(refreshToken), userId],
      );
      return;
    }
    await this.revokeAll(this.dataSource.manager, userId);
  }

  private async rotate(manager: EntityManager, refreshToken: string): Promise<RefreshOutcome> {
    const rows = (await manager.query(
      `SELECT id, user_id, family_id, replaced_by_id,
              revoked_at IS NOT NULL AS revoked,
              revoked_at > now() - make_interval(secs => $2) AS in_grace,
              expires_at <= now() AS expired
         FROM refresh_tokens WHERE token_hash = $1
        FOR UPDATE`,
      [hashToken(refreshToken), this.config.auth.refreshReuseGraceSeconds],
    )) as StoredToken[];
    const token = rows[0];
    if (!token) throw invalid('Invalid refresh token.');

    if (token.revoked) {
      if (token.replaced_by_id === null) throw invalid('This refresh token was revoked (signed out).');
      if (token.in_grace && (await this.familyAlive(manager, token.family_id))) {
        return { pair: await this.issuePair(manager, token.user_id, token.family_id) };
      }
      await this.revokeAll(manager, token.user_id);
      return { reuse: true };
    }
    if (token.expired) throw invalid('The refresh token has expired; sign in again.');

    const { pair, id } = await this.insertPair(manager, token.user_id, token.family_id);
    await manager.query(`UPDATE refresh_tokens SET revoked_at = now(), replaced_by_id = $2 WHERE id = $1`, [
      token.id,
      id,
    ]);
    return { pair };
  }

  private async familyAlive(manager: EntityManager, familyId: string): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM refresh_tokens WHERE family_id = $1 AND revoked_at IS NULL AND expires_at > now() LIMIT 1`,
      [familyId],
    )) as unknown[];
    return rows.length > 0;
  }

  private async revokeAll(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(
      `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId],
    );
  }

  private async insertPair(
    manager: EntityManager,
    userId: string,
    familyId: string,
  ): Promise<{ pair: TokenPair; id: string }> {
    const refreshToken = generateRefreshToken();
    const [row] = (await manager.query(
      `INSERT INTO refresh_tokens (user_id, token_hash, family_id, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4))
       RETURNING id`,
      [userId, hashToken(refreshToken), familyId, this.config.auth.refreshTokenTtlSeconds],
    )) as Array<{ id: string }>;
    return {
      id: row.id,
      pair: {
        access_token: signAccessToken(this.config, userId),
        refresh_token: refreshToken,
        expires_in: this.config.auth.accessTokenTtlSeconds,
      },
    };
  }
}
