import type { AppConfig } from '@runvs/config';
import { callProvider, isRecord } from './provider-http';
import { authFailure, type SocialIdentity, type SocialTokenVerifier } from './social-identity';

/**
 * Naver Login: the client sends a Naver access token; the profile API (`/v1/nid/me`) must answer
 * `resultcode` "00". Naver reports failures both as HTTP 401 and as HTTP 200 with another result
 * code, so the result code decides, not the status. Naver's `id` is already unique per app.
 */
export class NaverVerifier implements SocialTokenVerifier {
  readonly provider = 'naver' as const;

  constructor(private readonly config: AppConfig['auth']) {}

  async verify(token: string): Promise<SocialIdentity> {
    const base = this.config.naver.apiBaseUrl.replace(/\/+$/, '');
    const response = await callProvider(
      'Naver',
      `${base}/v1/nid/me`,
      { method: 'GET', headers: { Authorization: `Bearer ${token}` } },
      this.config.providerTimeoutMs,
    );
    const body = isRecord(response.body) ? response.body : {};
    if (body.resultcode !== '00') {
      const detail = typeof body.message === 'string' ? `: ${body.message}` : '';
      throw authFailure(
        this.provider,
        `Naver rejected the token (HTTP ${response.status}, result ${String(body.resultcode)}${detail}).`,
      );
    }
    const profile = isRecord(body.response) ? body.response : {};
    if (typeof profile.id !== 'string' || profile.id === '') {
      throw authFailure(this.provider, 'Naver returned no user id.');
    }
    const email = typeof profile.email === 'string' && profile.email !== '' ? profile.email : null;
    return { provider: this.provider, providerId: profile.id, email };
  }
}
