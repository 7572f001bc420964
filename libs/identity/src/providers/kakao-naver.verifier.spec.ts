import { loadConfig } from '@runvs/config';
import { KakaoVerifier } from './kakao.verifier';
import { NaverVerifier } from './naver.verifier';

const config = loadConfig({
  APP_ENV: 'development',
  AUTH_PROVIDERS: 'kakao,naver',
  KAKAO_APP_ID: '123456',
  NAVER_CLIENT_ID: 'id',
  NAVER_CLIENT_SECRET: 'secret',
}).auth;

type Reply = { status?: number; body: unknown };

/** Answers fetch by path; records the URLs asked. */
function mockFetch(replies: Record<string, Reply>) {
  const urls: string[] = [];
  const spy = jest.spyOn(global, 'fetch').mockImplementation(async (input) => {
    const url = new URL(String(input));
    urls.push(url.pathname);
    const reply = replies[url.pathname] ?? { status: 404, body: {} };
    return new Response(JSON.stringify(reply.body), { status: reply.status ?? 200 });
  });
  return { spy, urls };
}

describe('Kakao and Naver verifiers (edge cases)', () => {
  afterEach(() => jest.restoreAllMocks());

  const kakaoUser = {
    id: 42,
    kakao_account: { email: 'k@example.com', is_email_verified: true, is_email_valid: true },
  };

  it('Kakao: the identity, with both calls made', async () => {
    const { urls } = mockFetch({
      '/v2/user/me': { body: kakaoUser },
      '/v1/user/access_token_info': { body: { id: 42, expires_in: 7199, app_id: 123456 } },
    });
    await expect(new KakaoVerifier(config).verify('t')).resolves.toEqual({
      provider: 'kakao',
      providerId: '42',
      email: 'k@example.com',
    });
    expect(urls.sort()).toEqual(['/v1/user/access_token_info', '/v2/user/me']);
  });

  it.each([
    ['token info and user info name different users', kakaoUser, { id: 43, app_id: 123456 }],
    ['no user id', { kakao_account: {} }, { id: 42, app_id: 123456 }],
    ['no app id', kakaoUser, { id: 42 }],
  ])('Kakao: refuses when %s', async (_name, user, info) => {
    mockFetch({ '/v2/user/me': { body: user }, '/v1/user/access_token_info': { body: info } });
    await expect(new KakaoVerifier(config).verify('t')).rejects.toMatchObject({ code: 'KAKAO_AUTH_FAILED' });
  });

  it('Kakao: insufficient scope (403) and bad parameter (400) are auth failures, not outages', async () => {
    for (const status of [400, 403]) {
      mockFetch({
        '/v2/user/me': { status, body: { msg: 'insufficient scopes.', code: -402 } },
        '/v1/user/access_token_info': { body: { id: 42, app_id: 123456 } },
      });
      await expect(new KakaoVerifier(config).verify('t')).rejects.toMatchObject({
        code: 'KAKAO_AUTH_FAILED',
        message: expect.stringContaining(`HTTP ${status}: insufficient scopes.`),
      });
      jest.restoreAllMocks();
    }
  });

  it('Naver: refuses a success code without an id, and a body that is not JSON', async () => {
    mockFetch({ '/v1/nid/me': { body: { resultcode: '00', message: 'success', response: {} } } });
    await expect(new NaverVerifier(config).verify('t')).rejects.toMatchObject({ code: 'NAVER_AUTH_FAILED' });
    jest.restoreAllMocks();
    jest.spyOn(global, 'fetch').mockResolvedValue(new Response('<html>login</html>', { status: 200 }));
    await expect(new NaverVerifier(config).verify('t')).rejects.toMatchObject({ code: 'NAVER_AUTH_FAILED' });
  });

  it('a network failure is 503 PROVIDER_UNAVAILABLE', async () => {
    jest.spyOn(global, 'fetch').mockRejectedValue(new TypeError('fetch failed'));
    await expect(new NaverVerifier(config).verify('t')).rejects.toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
    });
  });
});
