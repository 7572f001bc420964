import { bearerOf, FakeHttpServer, sendJson } from './fake-http-server';

export interface KakaoAccount {
  id: number;
  appId: number;
  email?: string;
  emailVerified?: boolean;
  expired?: boolean;
}

/**
 * Kakao's user API as external-apis.md §2 records it: `GET /v2/user/me` (user info) and
 * `GET /v1/user/access_token_info` (`{id, expires_in, app_id}`), Bearer access tokens, errors as
 * `{"msg", "code"}`. Tokens are registered with `issue()`.
 */
export class FakeKakao extends FakeHttpServer {
  private readonly tokens = new Map<string, KakaoAccount>();
  private counter = 0;

  constructor() {
    super((req, res) => {
      const token = bearerOf(req);
      if (!token) return sendJson(res, 401, { msg: 'no authentication key!', code: -401 });
      const account = this.tokens.get(token);
      if (!account) return sendJson(res, 401, { msg: 'this access token does not exist', code: -401 });
      if (account.expired)
        return sendJson(res, 401, { msg: 'this access token is already expired', code: -401 });
      const path = (req.url ?? '').split('?')[0];
      if (path === '/v1/user/access_token_info') {
        return sendJson(res, 200, { id: account.id, expires_in: 7199, app_id: account.appId });
      }
      if (path === '/v2/user/me') {
        const kakaoAccount: Record<string, unknown> = {
          profile_nickname_needs_agreement: false,
          profile: { nickname: '홍길동', is_default_nickname: false },
          has_email: account.email !== undefined,
          email_needs_agreement: account.email === undefined,
        };
        if (account.email !== undefined) {
          Object.assign(kakaoAccount, {
            is_email_valid: true,
            is_email_verified: account.emailVerified ?? true,
            email: account.email,
          });
        }
        return sendJson(res, 200, {
          id: account.id,
          connected_at: '2024-12-21T12:37:59Z',
          properties: { nickname: '홍길동' },
          kakao_account: kakaoAccount,
        });
      }
      return sendJson(res, 404, { msg: 'not found', code: -404 });
    });
  }

  /** A new access token for a Kakao user (a new user unless `id` is given). */
  issue(account: Partial<KakaoAccount> & { appId: number }): { token: string; id: number } {
    this.counter += 1;
    const id = account.id ?? 3_844_601_033 + this.counter;
    const token = `kakao-token-${id}-${this.counter}-${Math.random().toString(36).slice(2)}`;
    this.tokens.set(token, { ...account, id });
    return { token, id };
  }
}
