import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { appleNonceHash } from '@runvs/identity';
import { startStack, type TestStack } from '@runvs/testing';
import jwt from 'jsonwebtoken';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { FakeKakao, FakeNaver, FakeOidcProvider } from '../fakes';

const KAKAO_APP_ID = 123456;
const APPLE_BUNDLE_ID = 'run.runvs.app';
const GOOGLE_CLIENT_IDS = [
  '1008719970978-web.apps.googleusercontent.com',
  '1008719970978-ios.apps.googleusercontent.com',
];
const TIMEOUT_MS = 400;

describe('POST /auth/login against fake providers', () => {
  const kakao = new FakeKakao();
  const naver = new FakeNaver();
  const apple = new FakeOidcProvider('https://appleid.apple.com', '/auth/keys');
  const google = new FakeOidcProvider('https://accounts.google.com', '/oauth2/v3/certs');
  const fakes = [kakao, naver, apple, google];
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;
  let dataSource: DataSource;

  const providerEnv = () => ({
    AUTH_PROVIDERS: 'kakao,apple,google,naver',
    AUTH_PROVIDER_TIMEOUT_MS: String(TIMEOUT_MS),
    AUTH_JWKS_REFETCH_COOLDOWN_SECONDS: '0',
    KAKAO_APP_ID: String(KAKAO_APP_ID),
    KAKAO_API_BASE_URL: kakao.url,
    APPLE_BUNDLE_ID,
    APPLE_JWKS_URL: apple.jwksUrl,
    GOOGLE_CLIENT_IDS: GOOGLE_CLIENT_IDS.join(','),
    GOOGLE_JWKS_URL: google.jwksUrl,
    NAVER_CLIENT_ID: 'naver-client',
    NAVER_CLIENT_SECRET: 'naver-secret',
    NAVER_API_BASE_URL: naver.url,
  });

  beforeAll(async () => {
    await Promise.all(fakes.map((fake) => fake.start()));
    stack = await startStack({ env: providerEnv() });
    ({ config, api: app, dataSource } = stack);
  });

  afterAll(async () => {
    await stack?.close();
    await Promise.all(fakes.map((fake) => fake.stop()));
  });

  beforeEach(() => fakes.forEach((fake) => (fake.outage = { kind: 'none' })));

  const login = (body: Record<string, unknown>, target: INestApplication = app) =>
    request(target.getHttpServer()).post('/api/v1/auth/login').send(body);

  const expectError = async (body: Record<string, unknown>, status: number, code: string) => {
    const response = await login(body);
    expect({ status: response.status, code: response.body.code }).toEqual({ status, code });
    expect(typeof response.body.message).toBe('string');
    return response;
  };

  const googleToken = (claims: Record<string, unknown> = {}, options = {}) =>
    google.sign(
      {
        sub: '110169484474386276334',
        aud: GOOGLE_CLIENT_IDS[0],
        email: 'g@example.com',
        email_verified: true,
        ...claims,
      },
      options,
    );

  const appleClaims = (claims: Record<string, unknown> = {}) => ({
    sub: '001766.18795d7184544c6ebc1aadbaa785c88e.1032',
    aud: APPLE_BUNDLE_ID,
    email: 'x7abc9q2@privaterelay.appleid.com',
    email_verified: 'true',
    ...claims,
  });

  describe('kakao', () => {
    it('creates the user on first login and finds it on the next one', async () => {
      const { token, id } = kakao.issue({ appId: KAKAO_APP_ID, email: 'runner@example.com' });
      const first = await login({ provider: 'kakao', token }).expect(200);
      expect(first.body).toMatchObject({
        token_type: 'Bearer',
        expires_in: 1800,
        user: { email: 'runner@example.com', nickname: null, is_new_user: true },
      });
      expect(first.body.user.user_code).toMatch(/^[A-Z0-9]{8}$/);
      expect(first.body.refresh_token.length).toBeGreaterThanOrEqual(86);
      const claims = jwt.verify(first.body.access_token, config.auth.jwtSecret) as jwt.JwtPayload;
      expect(claims).toMatchObject({ sub: first.body.user.id, type: 'access' });

      const second = await login({ provider: 'kakao', token }).expect(200);
      expect(second.body.user).toMatchObject({ id: first.body.user.id, is_new_user: false });
      const accounts = await dataSource.query(
        `SELECT user_id, provider_id, provider_email FROM social_accounts WHERE provider = 'kakao' AND provider_id = $1`,
        [String(id)],
      );
      expect(accounts).toEqual([
        { user_id: first.body.user.id, provider_id: String(id), provider_email: 'runner@example.com' },
      ]);
      // Both Kakao calls carried the user's token.
      expect(kakao.requests.at(-1)?.headers.authorization).toBe(`Bearer ${token}`);
      expect(kakao.count('/v1/user/access_token_info')).toBeGreaterThan(0);
    });

    it('keeps no unverified email', async () => {
      const { token } = kakao.issue({
        appId: KAKAO_APP_ID,
        email: 'unverified@example.com',
        emailVerified: false,
      });
      expect((await login({ provider: 'kakao', token }).expect(200)).body.user.email).toBeNull();
    });

    it('refuses a token issued for another Kakao app', async () => {
      const { token } = kakao.issue({ appId: 999 });
      await expectError({ provider: 'kakao', token }, 401, 'KAKAO_AUTH_FAILED');
    });

    it('refuses unknown and expired tokens', async () => {
      await expectError({ provider: 'kakao', token: 'garbage' }, 401, 'KAKAO_AUTH_FAILED');
      const { token } = kakao.issue({ appId: KAKAO_APP_ID, expired: true });
      await expectError({ provider: 'kakao', token }, 401, 'KAKAO_AUTH_FAILED');
    });

    it('reports Kakao failing as 502 and Kakao down as 503', async () => {
      const { token } = kakao.issue({ appId: KAKAO_APP_ID });
      kakao.outage = { kind: 'status', status: 500, body: { msg: 'internal error', code: -1 } };
      await expectError({ provider: 'kakao', token }, 502, 'PROVIDER_ERROR');
      kakao.outage = { kind: 'status', status: 503, body: { msg: 'under maintenance', code: -7 } };
      await expectError({ provider: 'kakao', token }, 503, 'PROVIDER_UNAVAILABLE');
    });

    it('gives up on a slow Kakao after the timeout instead of hanging', async () => {
      const { token } = kakao.issue({ appId: KAKAO_APP_ID });
      kakao.outage = { kind: 'slow', delayMs: 5_000 };
      const started = Date.now();
      await expectError({ provider: 'kakao', token }, 503, 'PROVIDER_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1_500);
    });
  });

  describe('naver', () => {
    it('logs in with resultcode 00', async () => {
      const { token, id } = naver.issue({ email: 'openapi@naver.com' });
      const response = await login({ provider: 'naver', token }).expect(200);
      expect(response.body.user).toMatchObject({ email: 'openapi@naver.com', is_new_user: true });
      const [row] = await dataSource.query(`SELECT provider_id FROM social_accounts WHERE user_id = $1`, [
        response.body.user.id,
      ]);
      expect(row.provider_id).toBe(id);
    });

    it('refuses a result code other than 00, whether sent with HTTP 200 or 401', async () => {
      const { token } = naver.issue({ resultcodeWith200: '024' });
      await expectError({ provider: 'naver', token }, 401, 'NAVER_AUTH_FAILED');
      await expectError({ provider: 'naver', token: 'not-a-naver-token' }, 401, 'NAVER_AUTH_FAILED');
    });

    it('maps Naver 5xx to 502 and silence to 503', async () => {
      const { token } = naver.issue();
      naver.outage = {
        kind: 'status',
        status: 500,
        body: { resultcode: '500', message: 'Internal Server Error' },
      };
      await expectError({ provider: 'naver', token }, 502, 'PROVIDER_ERROR');
      naver.outage = { kind: 'slow', delayMs: 5_000 };
      await expectError({ provider: 'naver', token }, 503, 'PROVIDER_UNAVAILABLE');
    });
  });

  describe('google', () => {
    it('verifies the id token against the JWKS, for any of our client ids and either issuer form', async () => {
      const first = await login({ provider: 'google', token: googleToken() }).expect(200);
      expect(first.body.user).toMatchObject({ email: 'g@example.com', is_new_user: true });
      const again = await login({
        provider: 'google',
        token: googleToken({ aud: GOOGLE_CLIENT_IDS[1], iss: 'accounts.google.com' }),
      }).expect(200);
      expect(again.body.user).toMatchObject({ id: first.body.user.id, is_new_user: false });
    });

    it('keeps the email only when Google marks it verified', async () => {
      const response = await login({
        provider: 'google',
        token: googleToken({ sub: 'google-unverified', email: 'maybe@example.com', email_verified: false }),
      }).expect(200);
      expect(response.body.user.email).toBeNull();
    });

    it.each([
      ['expired', { exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 }],
      ['issued for another app', { aud: 'someone-else.apps.googleusercontent.com' }],
      ['issued by someone else', { iss: 'https://evil.example.com' }],
      ['without a subject', { sub: '' }],
    ])('refuses a token %s', async (_name, claims) => {
      await expectError({ provider: 'google', token: googleToken(claims) }, 401, 'GOOGLE_AUTH_FAILED');
    });

    it('refuses a token signed by a key Google does not publish, garbage and HS256 confusion', async () => {
      await expectError(
        { provider: 'google', token: googleToken({}, { unpublishedKey: true }) },
        401,
        'GOOGLE_AUTH_FAILED',
      );
      await expectError({ provider: 'google', token: 'not.a.jwt' }, 401, 'GOOGLE_AUTH_FAILED');
      const hmac = google.signWithPublicKeyAsHmacSecret({ sub: 'x', aud: GOOGLE_CLIENT_IDS[0] });
      await expectError({ provider: 'google', token: hmac }, 401, 'GOOGLE_AUTH_FAILED');
    });

    it('follows a key rotation: an unknown kid refetches the JWKS once', async () => {
      await login({ provider: 'google', token: googleToken() }).expect(200);
      const fetchesBefore = google.count('/oauth2/v3/certs');
      await login({ provider: 'google', token: googleToken() }).expect(200);
      expect(google.count('/oauth2/v3/certs')).toBe(fetchesBefore); // cached
      google.rotate();
      await login({ provider: 'google', token: googleToken() }).expect(200);
      expect(google.count('/oauth2/v3/certs')).toBe(fetchesBefore + 1);
    });
  });

  describe('apple', () => {
    it('checks the nonce: SHA-256 of the raw nonce the app sends', async () => {
      const raw = 'raw-nonce-5f1c2b';
      const token = apple.sign(appleClaims({ nonce: appleNonceHash(raw) }));
      const response = await login({ provider: 'apple', token, nonce: raw }).expect(200);
      expect(response.body.user).toMatchObject({
        email: 'x7abc9q2@privaterelay.appleid.com',
        is_new_user: true,
      });
      await expectError({ provider: 'apple', token, nonce: 'another-nonce' }, 401, 'APPLE_AUTH_FAILED');
      // The hash itself sent as the "raw" nonce does not match either.
      await expectError({ provider: 'apple', token, nonce: appleNonceHash(raw) }, 401, 'APPLE_AUTH_FAILED');
      // A token without a nonce claim cannot satisfy a nonce.
      await expectError(
        { provider: 'apple', token: apple.sign(appleClaims()), nonce: raw },
        401,
        'APPLE_AUTH_FAILED',
      );
    });

    it('requires the nonce: no nonce is refused, whatever the token carries', async () => {
      const raw = 'raw-nonce-required-7d1e';
      const withClaim = apple.sign(appleClaims({ sub: '001942.86732c68.0440', nonce: appleNonceHash(raw) }));
      const withoutClaim = apple.sign(appleClaims({ sub: '001942.86732c68.0440', email_verified: true }));
      for (const token of [withClaim, withoutClaim]) {
        const missing = await expectError({ provider: 'apple', token }, 422, 'VALIDATION_ERROR');
        expect(missing.body.details.fields.map((field: { field: string }) => field.field)).toContain('nonce');
        await expectError({ provider: 'apple', token, nonce: '' }, 422, 'VALIDATION_ERROR');
      }
      await expectError({ provider: 'apple', token: withoutClaim, nonce: raw }, 401, 'APPLE_AUTH_FAILED');
      const accounts = await dataSource.query(
        `SELECT 1 FROM social_accounts WHERE provider = 'apple' AND provider_id = '001942.86732c68.0440'`,
      );
      expect(accounts).toEqual([]);
      await login({ provider: 'apple', token: withClaim, nonce: raw }).expect(200);
    });

    it.each([
      ['for another app', { aud: 'com.other.app' }],
      ['from another issuer', { iss: 'https://appleid.apple.com.evil' }],
      ['expired', { exp: Math.floor(Date.now() / 1000) - 120 }],
    ])('refuses a token %s', async (_name, claims) => {
      await expectError(
        {
          provider: 'apple',
          token: apple.sign(appleClaims({ nonce: appleNonceHash('n'), ...claims })),
          nonce: 'n',
        },
        401,
        'APPLE_AUTH_FAILED',
      );
    });

    it('refuses a kid Apple does not publish even after a refetch', async () => {
      const fetchesBefore = apple.count('/auth/keys');
      await expectError(
        {
          provider: 'apple',
          token: apple.sign(appleClaims({ nonce: appleNonceHash('n') }), { kid: 'W6WcOKB' }),
          nonce: 'n',
        },
        401,
        'APPLE_AUTH_FAILED',
      );
      expect(apple.count('/auth/keys')).toBe(fetchesBefore + 1);
    });
  });

  describe('requests and configuration', () => {
    it('answers 422 for an unknown provider, a missing provider or token', async () => {
      for (const body of [
        { provider: 'facebook', token: 'x' },
        { token: 'x' },
        { provider: 'kakao' },
        { provider: 'kakao', token: '' },
      ]) {
        const response = await login(body).expect(422);
        expect(response.body.code).toBe('VALIDATION_ERROR');
      }
    });

    it('never stores a provider token', async () => {
      const { token } = kakao.issue({ appId: KAKAO_APP_ID, email: 'stored@example.com' });
      await login({ provider: 'kakao', token }).expect(200);
      const idToken = googleToken({ sub: 'google-never-stored' });
      await login({ provider: 'google', token: idToken }).expect(200);
      const tables = (await dataSource.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      )) as Array<{ table_name: string }>;
      for (const { table_name } of tables) {
        const [hit] = await dataSource.query(
          `SELECT count(*)::int AS n FROM "${table_name}" t WHERE t::text LIKE '%' || $1 || '%' OR t::text LIKE '%' || $2 || '%'`,
          [token, idToken.split('.')[2].slice(0, 40)],
        );
        expect({ table: table_name, rows: hit.n }).toEqual({ table: table_name, rows: 0 });
      }
    });
  });
});
