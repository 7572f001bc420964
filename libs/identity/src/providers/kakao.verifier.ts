import type { AppConfig } from '@runvs/config';
import { callProvider, isRecord, type ProviderResponse } from './provider-http';
import { authFailure, type SocialIdentity, type SocialTokenVerifier } from './social-identity';

/**
 * Kakao Login: the client sends a Kakao access token. Two calls, in parallel: user info
 * (`/v2/user/me`, the identity) and token info (`/v1/user/access_token_info`), whose `app_id` must
 * be our app — a token minted for another Kakao app is refused even though Kakao accepts it.
 */
export class KakaoVerifier implements SocialTokenVerifier {
  readonly provider = 'kakao' as const;

  constructor(private readonly config: AppConfig['auth']) {}

  async verify(token: string): Promise<SocialIdentity> {
    const base = this.config.kakao.apiBaseUrl.replace(/\/+$/, '');
    const get = (path: string) =>
      callProvider(
        'Kakao',
        `${base}${path}`,
        { method: 'GET', headers: { Authorization: `Bearer ${token}` } },
        this.config.providerTimeoutMs,
      );
    const [user, info] = await Promise.all([get('/v2/user/me'), get('/v1/user/access_token_info')]);
    this.expectOk(user);
    this.expectOk(info);
    const tokenInfo = info.body as Record<string, unknown>;
    const userInfo = user.body as Record<string, unknown>;
    if (String(tokenInfo.app_id) !== this.config.kakao.appId) {
      throw authFailure(this.provider, 'The Kakao token was issued for another app.');
    }
    const id = userInfo.id;
    if ((typeof id !== 'number' && typeof id !== 'string') || String(id) === '') {
      throw authFailure(this.provider, 'Kakao returned no user id.');
    }
    if (tokenInfo.id !== undefined && String(tokenInfo.id) !== String(id)) {
      throw authFailure(this.provider, 'Kakao token info and user info disagree.');
    }
    const account = isRecord(userInfo.kakao_account) ? userInfo.kakao_account : {};
    const email =
      typeof account.email === 'string' &&
      account.is_email_verified === true &&
      account.is_email_valid !== false
        ? account.email
        : null;
    return { provider: this.provider, providerId: String(id), email };
  }

  private expectOk(response: ProviderResponse): void {
    if (response.status === 200 && isRecord(response.body)) return;
    const message = isRecord(response.body) && typeof response.body.msg === 'string' ? response.body.msg : '';
    throw authFailure(
      this.provider,
      `Kakao rejected the token (HTTP ${response.status}${message ? `: ${message}` : ''}).`,
    );
  }
}
