import type { AuthProvider } from '@runvs/config';
import jwt from 'jsonwebtoken';
import type { JwksCache } from './jwks-cache';
import { authFailure } from './social-identity';

/** Clock skew allowed on `exp`/`iat`/`nbf` of provider id tokens. */
export const ID_TOKEN_CLOCK_TOLERANCE_SECONDS = 30;

export interface IdTokenRules {
  provider: AuthProvider;
  keys: JwksCache;
  issuers: string[];
  audiences: string[];
}

export type IdTokenClaims = jwt.JwtPayload & { sub: string; exp: number };

/**
 * Verifies an OpenID Connect id token: RS256 only (no `none`, no HMAC with the public key), the
 * key chosen by `kid` from the provider's JWKS, signature, `iss` among ours, `aud` among ours,
 * `exp` present and not passed. Any failure is the provider's 401 code; a provider that cannot
 * deliver its keys surfaces from the JWKS cache as 502/503.
 */
export async function verifyIdToken(token: string, rules: IdTokenRules): Promise<IdTokenClaims> {
  const fail = (reason: string) => authFailure(rules.provider, reason);
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload === 'string') throw fail('The id token is not a JWT.');
  const { alg, kid } = decoded.header;
  if (alg !== 'RS256') throw fail(`The id token must be signed with RS256, not ${String(alg)}.`);
  if (!kid) throw fail('The id token names no signing key (kid).');
  const key = await rules.keys.getKey(kid);
  if (!key) throw fail('The id token is signed with a key the provider does not publish.');
  let claims: jwt.JwtPayload;
  try {
    claims = jwt.verify(token, key, {
      algorithms: ['RS256'],
      issuer: rules.issuers as [string, ...string[]],
      audience: rules.audiences as [string, ...string[]],
      clockTolerance: ID_TOKEN_CLOCK_TOLERANCE_SECONDS,
    }) as jwt.JwtPayload;
  } catch (error) {
    if (error instanceof jwt.TokenExpiredError) throw fail('The id token has expired.');
    if (error instanceof jwt.NotBeforeError) throw fail('The id token is not valid yet.');
    const message = (error as Error).message;
    if (/audience/.test(message)) throw fail('The id token was issued for another app (aud).');
    if (/issuer/.test(message)) throw fail('The id token was issued by someone else (iss).');
    throw fail('The id token signature is invalid.');
  }
  if (typeof claims.exp !== 'number') throw fail('The id token has no expiry (exp).');
  if (typeof claims.sub !== 'string' || claims.sub === '') throw fail('The id token has no subject (sub).');
  return claims as IdTokenClaims;
}

/** Apple sends booleans as "true"/"false" strings in older tokens and as booleans in newer ones. */
export function claimIsTrue(value: unknown): boolean {
  return value === true || value === 'true';
}
