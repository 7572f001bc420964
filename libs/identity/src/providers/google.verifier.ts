import type { AppConfig } from '@runvs/config';
import { claimIsTrue, verifyIdToken } from './id-token';
import { JwksCache } from './jwks-cache';
import type { SocialIdentity, SocialTokenVerifier } from './social-identity';

/**
 * Google Sign-In: the client sends an id token; we check it against Google's JWKS (RS256, `iss`
 * accounts.google.com in either form, `aud` one of our client ids, `exp`). The email is kept only
 * when Google marks it verified; the identity is `sub`, never the email.
 */
export class GoogleVerifier implements SocialTokenVerifier {
  readonly provider = 'google' as const;
  readonly keys: JwksCache;

  constructor(private readonly config: AppConfig['auth']) {
    this.keys = new JwksCache({
      url: config.google.jwksUrl,
      label: 'Google',
      timeoutMs: config.providerTimeoutMs,
      refetchCooldownMs: config.jwksRefetchCooldownSeconds * 1000,
    });
  }

  async verify(token: string): Promise<SocialIdentity> {
    const claims = await verifyIdToken(token, {
      provider: this.provider,
      keys: this.keys,
      issuers: this.config.google.issuers,
      audiences: this.config.google.clientIds,
    });
    const email =
      typeof claims.email === 'string' && claimIsTrue(claims.email_verified) ? claims.email : null;
    return { provider: this.provider, providerId: claims.sub, email };
  }
}
