import type { AppConfig } from '@runvs/config';
import jwt from 'jsonwebtoken';

/** Claims of our access JWT (HS256): `sub` = user id, `type` = "access". */
export interface AccessTokenClaims {
  sub: string;
  type: 'access';
  role?: string;
  iat: number;
  exp: number;
}

export const ACCESS_TOKEN_ALGORITHM = 'HS256';

/** Signs an access token for a user, valid for the configured lifetime (30 minutes by default). */
export function signAccessToken(
  config: Pick<AppConfig, 'auth'>,
  userId: string,
  extraClaims: Record<string, string> = {},
): string {
  return jwt.sign({ ...extraClaims, type: 'access' }, config.auth.jwtSecret, {
    algorithm: ACCESS_TOKEN_ALGORITHM,
    subject: userId,
    expiresIn: config.auth.accessTokenTtlSeconds,
  });
}

/** A verified JWT that is not one of our access tokens (e.g. `type: "refresh"`), or has no subject. */
export class InvalidAccessTokenType extends Error {
  constructor() {
    super('Invalid token type');
    this.name = 'InvalidAccessTokenType';
  }
}

/** The user id of already-verified claims; anything but an access token is refused. */
export function accessTokenSubject(claims: unknown): string {
  const { type, sub } = (claims ?? {}) as { type?: unknown; sub?: unknown };
  if (type !== 'access' || typeof sub !== 'string' || sub === '') throw new InvalidAccessTokenType();
  return sub;
}

/**
 * Verifies an access token (HS256 with our secret, not expired, `type: "access"`) and returns the
 * user id. Throws jsonwebtoken's errors for bad signatures, garbage and expiry.
 */
export function verifyAccessToken(config: Pick<AppConfig, 'auth'>, token: string): string {
  return accessTokenSubject(
    jwt.verify(token, config.auth.jwtSecret, { algorithms: [ACCESS_TOKEN_ALGORITHM] }),
  );
}
