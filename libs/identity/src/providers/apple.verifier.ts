import type { AppConfig } from '@runvs/config';
import { createHash, timingSafeEqual } from 'node:crypto';
import { claimIsTrue, verifyIdToken } from './id-token';
import { JwksCache } from './jwks-cache';
import { authFailure, type SocialIdentity, type SocialTokenVerifier } from './social-identity';

/** The nonce Apple puts in the id token: lowercase hex SHA-256 of the raw nonce the app generated. */
export function appleNonceHash(rawNonce: string): string {
  return createHash('sha256').update(rawNonce, 'utf8').digest('hex');
}

/**
 * Sign in with Apple: the id token is checked against Apple's JWKS (RS256, `iss`
 * https://appleid.apple.com, `aud` our bundle id, `exp`) and must carry a `nonce` claim equal to the
 * SHA-256 of the raw nonce the app sends with it (contract: `nonce`, required for Apple). Without
 * that, an id token obtained for any other sign-in (leaked, logged, or phished through another
 * app flow using our bundle id) could be replayed here. A JWKS outage is 503 APPLE_KEYS_FETCH_FAILED.
 */
export class AppleVerifier implements SocialTokenVerifier {
  readonly provider = 'apple' as const;
  readonly keys: JwksCache;

  constructor(private readonly config: AppConfig['auth']) {
    this.keys = new JwksCache({
      url: config.apple.jwksUrl,
      label: 'Apple',
      timeoutMs: config.providerTimeoutMs,
      refetchCooldownMs: config.jwksRefetchCooldownSeconds * 1000,
      fetchFailureCode: 'APPLE_KEYS_FETCH_FAILED',
    });
  }

  async verify(token: string, nonce?: string): Promise<SocialIdentity> {
    const claims = await verifyIdToken(token, {
      provider: this.provider,
      keys: this.keys,
      issuers: [this.config.apple.issuer],
      audiences: this.config.apple.bundleId ? [this.config.apple.bundleId] : [],
    });
    if (nonce === undefined || nonce === '') {
      throw authFailure(
        this.provider,
        'Sign in with Apple needs the raw nonce the id token was requested with.',
      );
    }
    const expected = Buffer.from(appleNonceHash(nonce));
    const actual = Buffer.from(typeof claims.nonce === 'string' ? claims.nonce : '');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      throw authFailure(this.provider, 'The id token was not issued for this sign-in (nonce mismatch).');
    }
    const email =
      typeof claims.email === 'string' && claimIsTrue(claims.email_verified) ? claims.email : null;
    return { provider: this.provider, providerId: claims.sub, email };
  }
}
