import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { inTransaction } from '@runvs/database';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessTokenCodec } from '../access-token';
import { AuthStateRepository } from './auth-state.repository';
import { AuthStateService } from './auth-state.service';
import { generateRefreshToken, hashToken, openReplacement, sealReplacement } from './refresh-token';

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
  revoked_reason: string | null;
  replacement_sealed: Buffer | null;
  revoked: boolean;
  in_grace: boolean;
  expired: boolean;
}

type RefreshOutcome = { pair: TokenPair } | { reuse: true; userId: string; sessionIds: string[] };

/** How many rotations a grace-window refresh follows to reach the family's current pair. */
const MAX_GRACE_HOPS = 5;

/**
 * Access tokens (HS256 JWT, 30 min, naming their session) and refresh tokens (opaque, 30 days,
 * stored as SHA-256 only, rotated on every use). A login starts a session: a token family. Each
 * refresh revokes the presented token ('rotated'), links it to its successor and issues the next
 * one in the same family.
 *
 * Reusing a rotated token means a copy of it exists somewhere else: every token of the user is
 * revoked ('reuse') and their sessions end at once (access tokens included) — except inside the
 * grace window (REFRESH_REUSE_GRACE_SECONDS), where a second refresh of the same token while its
 * family is still alive is two concurrent requests of one app (the client's single-flight is per
 * process): it gets the same replacement pair back, read from the rotated row where it is kept
 * sealed under the rotated token.
 */
@Injectable()
export class TokenService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly codec: AccessTokenCodec,
    private readonly authState: AuthStateService,
    private readonly sessions: AuthStateRepository,
  ) {}

  /** A new pair for `userId`; `familyId` continues a session, none starts one (a login). */
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
      // The mass revocation is committed above; only then do the sessions end and the caller hear.
      await this.authState.endSessions(outcome.userId, outcome.sessionIds);
      throw invalid('Refresh token reuse detected; every session of this account was signed out.');
    }
    return outcome.pair;
  }

  /**
   * Signs out the session of `refreshToken` (when given and the user's), or every session of the
   * user; their access tokens stop working on the next request.
   */
  async logout(userId: string, currentSessionId: string, refreshToken?: string): Promise<void> {
    if (refreshToken) {
      const rows = (await this.dataSource.query(
        `WITH target AS (SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND user_id = $2)
         UPDATE refresh_tokens t
            SET revoked_at = coalesce(t.revoked_at, now()), revoked_reason = 'logout', replacement_sealed = NULL
           FROM target
          WHERE t.family_id = target.family_id AND (t.revoked_at IS NULL OR t.token_hash = $1)
         RETURNING t.family_id`,
        [hashToken(refreshToken), userId],
      )) as [Array<{ family_id: string }>, number];
      await this.authState.endSessions(userId, [...new Set(rows[0].map((row) => row.family_id))]);
      return;
    }
    const sessionIds = await inTransaction(this.dataSource, async (manager) => {
      await this.revokeAll(manager, userId, 'logout');
      return this.sessions.recentSessions(manager, userId, this.config.auth.accessTokenTtlSeconds);
    });
    await this.authState.endSessions(userId, [...sessionIds, currentSessionId]);
  }

  private async rotate(manager: EntityManager, refreshToken: string): Promise<RefreshOutcome> {
    const token = await this.findToken(manager, refreshToken, true);
    if (!token) throw invalid('Invalid refresh token.');

    if (token.revoked) {
      if (token.revoked_reason !== 'rotated') throw invalid('This refresh token was revoked (signed out).');
      if (token.in_grace && (await this.familyAlive(manager, token.family_id))) {
        const current = await this.currentReplacement(manager, refreshToken, token);
        if (current) return { pair: current };
      }
      await this.revokeAll(manager, token.user_id, 'reuse');
      const sessionIds = await this.sessions.recentSessions(
        manager,
        token.user_id,
        this.config.auth.accessTokenTtlSeconds,
      );
      return { reuse: true, userId: token.user_id, sessionIds };
    }
    if (token.expired) throw invalid('The refresh token has expired; sign in again.');

    const { pair, id } = await this.insertPair(manager, token.user_id, token.family_id);
    await manager.query(
      `UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = 'rotated', replaced_by_id = $2,
              replacement_sealed = $3
        WHERE id = $1`,
      [token.id, id, sealReplacement(refreshToken, pair)],
    );
    return { pair };
  }

  /**
   * The pair that replaced a token rotated within the grace window: the sealed successor, or —
   * when that successor was itself rotated within the window — its successor, and so on, so the
   * caller always gets the family's live pair and never a spent refresh token.
   */
  private async currentReplacement(
    manager: EntityManager,
    rotatedToken: string,
    rotated: StoredToken,
  ): Promise<TokenPair | null> {
    let [presented, row] = [rotatedToken, rotated];
    for (let hop = 0; hop < MAX_GRACE_HOPS; hop++) {
      const pair = row.replacement_sealed && openReplacement<TokenPair>(presented, row.replacement_sealed);
      if (!pair) return null;
      const successor = await this.findToken(manager, pair.refresh_token, false);
      if (!successor || successor.expired) return null;
      if (!successor.revoked) return pair;
      if (successor.revoked_reason !== 'rotated' || !successor.in_grace) return null;
      [presented, row] = [pair.refresh_token, successor];
    }
    return null;
  }

  private async findToken(
    manager: EntityManager,
    refreshToken: string,
    lock: boolean,
  ): Promise<StoredToken | undefined> {
    const rows = (await manager.query(
      `SELECT id, user_id, family_id, revoked_reason, replacement_sealed,
              revoked_at IS NOT NULL AS revoked,
              revoked_at > now() - make_interval(secs => $2) AS in_grace,
              expires_at <= now() AS expired
         FROM refresh_tokens WHERE token_hash = $1
         ${lock ? 'FOR UPDATE' : ''}`,
      [hashToken(refreshToken), this.config.auth.refreshReuseGraceSeconds],
    )) as StoredToken[];
    return rows[0];
  }

  private async familyAlive(manager: EntityManager, familyId: string): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM refresh_tokens WHERE family_id = $1 AND revoked_at IS NULL AND expires_at > now() LIMIT 1`,
      [familyId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** A ban revokes every live refresh token of the user ('ban'), in the caller's transaction. */
  async revokeForBan(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(
      `UPDATE refresh_tokens SET revoked_at = now(), revoked_reason = 'ban' WHERE user_id = $1 AND revoked_at IS NULL`,
      [userId],
    );
  }

  private async revokeAll(manager: EntityManager, userId: string, reason: 'logout' | 'reuse'): Promise<void> {
    await manager.query(
      `UPDATE refresh_tokens
          SET revoked_at = coalesce(revoked_at, now()),
              revoked_reason = CASE WHEN revoked_at IS NULL THEN $2 ELSE revoked_reason END,
              replacement_sealed = NULL
        WHERE user_id = $1 AND (revoked_at IS NULL OR replacement_sealed IS NOT NULL)`,
      [userId, reason],
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
        access_token: this.codec.sign(userId, familyId),
        refresh_token: refreshToken,
        expires_in: this.config.auth.accessTokenTtlSeconds,
      },
    };
  }
}
