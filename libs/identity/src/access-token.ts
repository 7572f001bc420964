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
