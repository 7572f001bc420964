import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { ACCESS_TOKEN_ALGORITHM, accessTokenSubject } from '@runvs/identity';
import jwt from 'jsonwebtoken';
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
  /** epoch ms when the access token expires */
  expiresAt: number;
}

/**
 * Checks an access token for the socket the way the HTTP guard does: HS256 with our secret,
 * `type: "access"`, not expired, and the user re-read (a ban or a deleted account refuses it).
 */
@Injectable()
export class LiveAuthenticator {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async authenticate(token: unknown): Promise<LiveIdentity> {
    if (typeof token !== 'string' || token === '' || token.length > 4096) {
      throw new LiveAuthFailure(LIVE_CLOSE.invalidToken);
    }
    let claims: jwt.JwtPayload;
    let userId: string;
    try {
      claims = jwt.verify(token, this.config.auth.jwtSecret, {
        algorithms: [ACCESS_TOKEN_ALGORITHM],
      }) as jwt.JwtPayload;
      userId = accessTokenSubject(claims);
    } catch (error) {
      throw new LiveAuthFailure(
        (error as Error).name === 'TokenExpiredError' ? LIVE_CLOSE.tokenExpired : LIVE_CLOSE.invalidToken,
      );
    }
    const [blocked] = await this.refusedUsers([userId]);
    if (blocked) throw new LiveAuthFailure(LIVE_CLOSE.forbidden);
    return { userId, expiresAt: (claims.exp ?? 0) * 1000 };
  }

  /** Of these users, those who may no longer be connected: deleted, or under an active ban. */
  async refusedUsers(userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = (await this.dataSource.query(
      `SELECT q.id::text AS id
         FROM unnest($1::uuid[]) AS q(id) LEFT JOIN users u ON u.id = q.id
        WHERE u.id IS NULL OR (u.is_banned AND (u.banned_until IS NULL OR u.banned_until > now()))`,
      [userIds],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }
}
