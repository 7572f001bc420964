import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AccessAuthenticator, activeBanSql, AuthStateService } from '@runvs/identity';
import { DataSource } from 'typeorm';

/** Why a socket is refused or closed; the close code tells the app what to do next. */
export const LIVE_CLOSE = {
  /** No token, a malformed or forged one: sign in again. */
  invalidToken: { code: 4001, reason: 'invalid_token' },
  /** The token ran out: refresh it and reconnect. */
  tokenExpired: { code: 4002, reason: 'token_expired' },
  /** Banned, account deleted, or the token's session revoked: do not reconnect with this token. */
  forbidden: { code: 4003, reason: 'forbidden' },
} as const;

export type LiveClose = (typeof LIVE_CLOSE)[keyof typeof LIVE_CLOSE];

export class LiveAuthFailure extends Error {
  constructor(readonly close: LiveClose) {
    super(close.reason);
  }
}

export interface LiveIdentity {
  userId: string;
  /** the token's session (a revoked session closes the socket) */
  sessionId: string;
  /** epoch ms when the access token expires */
  expiresAt: number;
}

/**
 * Checks an access token for the socket the way the HTTP guard does (AccessAuthenticator:
 * signature and claims, then the session's auth state — a ban, a deleted account or an ended
 * session refuses it).
 */
@Injectable()
export class LiveAuthenticator {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly authenticator: AccessAuthenticator,
    private readonly authState: AuthStateService,
  ) {}

  /** The Redis channel on which sessions ending and users changing are announced. */
  get authEventsChannel(): string {
    return this.authState.eventsChannel;
  }

  /** Of these sessions, those that ended (logout, refresh-token reuse, revocation). */
  async endedSessions(sessions: ReadonlyArray<{ userId: string; sessionId: string }>): Promise<string[]> {
    const ended = await Promise.all(
      sessions.map(async ({ userId, sessionId }) =>
        (await this.authState.isSessionEnded(userId, sessionId)) ? sessionId : null,
      ),
    );
    return ended.filter((sessionId): sessionId is string => sessionId !== null);
  }

  async authenticate(token: unknown): Promise<LiveIdentity> {
    if (typeof token !== 'string' || token === '' || token.length > 4096) {
      throw new LiveAuthFailure(LIVE_CLOSE.invalidToken);
    }
    const subject = this.authenticator.subjectOf(token);
    const check = await this.authenticator.authenticate(token, subject);
    if (!check.ok) {
      if (check.reason === 'expired') throw new LiveAuthFailure(LIVE_CLOSE.tokenExpired);
      if (check.reason === 'invalid') throw new LiveAuthFailure(LIVE_CLOSE.invalidToken);
      throw new LiveAuthFailure(LIVE_CLOSE.forbidden);
    }
    if (check.ban || !subject) throw new LiveAuthFailure(LIVE_CLOSE.forbidden);
    return { userId: check.user.id, sessionId: check.user.sessionId, expiresAt: subject.expiresAt };
  }

  /** Of these users, those who may no longer be connected: deleted, or under an active ban. */
  async refusedUsers(userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT q.id::text AS id
         FROM unnest($1::uuid[]) AS q(id) LEFT JOIN users u ON u.id = q.id
        WHERE u.id IS NULL OR ${activeBanSql('u')}`,
      [userIds],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }
}
