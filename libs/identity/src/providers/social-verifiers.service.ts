import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig, type AuthProvider } from '@runvs/config';
import { AppleVerifier } from './apple.verifier';
import { GoogleVerifier } from './google.verifier';
import { KakaoVerifier } from './kakao.verifier';
import { NaverVerifier } from './naver.verifier';
import type { SocialIdentity, SocialTokenVerifier } from './social-identity';

/** The four provider verifiers behind one door; a provider not in AUTH_PROVIDERS is refused. */
@Injectable()
export class SocialVerifiers {
  readonly verifiers: Record<AuthProvider, SocialTokenVerifier>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.verifiers = {
      kakao: new KakaoVerifier(config.auth),
      apple: new AppleVerifier(config.auth),
      google: new GoogleVerifier(config.auth),
      naver: new NaverVerifier(config.auth),
    };
  }

  async verify(provider: AuthProvider, token: string, nonce?: string): Promise<SocialIdentity> {
    if (!this.config.auth.providers.includes(provider)) {
      throw new DomainError(
        'PROVIDER_NOT_ENABLED',
        `Sign-in with ${provider} is not enabled on this server.`,
        {
          provider,
          enabled: this.config.auth.providers,
        },
      );
    }
    return this.verifiers[provider].verify(token, nonce);
  }
}
