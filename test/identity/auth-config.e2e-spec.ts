import type { INestApplication } from '@nestjs/common';
import { appleNonceHash } from '@runvs/identity';
import { REDIS_CLIENT, RedisKeys } from '@runvs/redis';
import { startApi, testConfig } from '@runvs/testing';
import type Redis from 'ioredis';
import request from 'supertest';
import { FakeOidcProvider } from '../fakes';

/** Behaviour that depends on configuration: each test boots its own api and closes it after. */
describe('auth under other configurations', () => {
  const apple = new FakeOidcProvider('https://appleid.apple.com', '/auth/keys');

  beforeAll(() => apple.start());
  afterAll(() => apple.stop());

  async function withApi(env: Record<string, string>, work: (app: INestApplication) => Promise<void>) {
    const app = await startApi(testConfig(env));
    try {
      await work(app);
    } finally {
      await app.close();
    }
  }

  it('answers 400 DEV_ONLY when dev login is not enabled', () =>
    withApi({ DEV_LOGIN_ENABLED: 'false' }, async (app) => {
      const response = await request(app.getHttpServer()).post('/api/v1/auth/dev-login').send({}).expect(400);
      expect(response.body.code).toBe('DEV_ONLY');
    }));

  it('refuses a provider that is not enabled, and reports an Apple key outage as 503', () =>
    withApi(
      {
        AUTH_PROVIDERS: 'apple',
        APPLE_BUNDLE_ID: 'run.runvs.app',
        APPLE_JWKS_URL: apple.jwksUrl,
        AUTH_PROVIDER_TIMEOUT_MS: '300',
      },
      async (app) => {
        const login = (body: object) => request(app.getHttpServer()).post('/api/v1/auth/login').send(body);
        const disabled = await login({ provider: 'kakao', token: 'x' }).expect(422);
        expect(disabled.body.code).toBe('PROVIDER_NOT_ENABLED');
        const token = apple.sign({
          sub: '001766.abc.1032',
          aud: 'run.runvs.app',
          nonce: appleNonceHash('n'),
        });
        apple.outage = { kind: 'status', status: 500 };
        expect((await login({ provider: 'apple', token, nonce: 'n' }).expect(503)).body.code).toBe(
          'APPLE_KEYS_FETCH_FAILED',
        );
        apple.outage = { kind: 'slow', delayMs: 5_000 };
        expect((await login({ provider: 'apple', token, nonce: 'n' }).expect(503)).body.code).toBe(
          'APPLE_KEYS_FETCH_FAILED',
        );
        apple.outage = { kind: 'none' };
        await login({ provider: 'apple', token, nonce: 'n' }).expect(200);
      },
    ));

  it('allows 10 login/refresh calls a minute per client, then 429 RATE_LIMITED with Retry-After', () =>
    withApi({ RATE_LIMIT_AUTH_PER_MINUTE: '10' }, async (app) => {
      // The calls of the tests above must not count here: start from empty counters.
      const redis = app.get<Redis>(REDIS_CLIENT);
      const counters = await redis.keys(app.get(RedisKeys).key('rl', '*'));
      if (counters.length > 0) await redis.del(...counters);
      const http = () => request(app.getHttpServer());
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        const call =
          i % 2 === 0
            ? http().post('/api/v1/auth/refresh').send({ refresh_token: 'unknown' })
            : http().post('/api/v1/auth/login').send({ provider: 'kakao', token: 'x' });
        statuses.push((await call).status);
      }
      expect(statuses.filter((status) => status === 429)).toEqual([]);
      const blocked = await http()
        .post('/api/v1/auth/refresh')
        .send({ refresh_token: 'unknown' })
        .expect(429);
      expect(blocked.body.code).toBe('RATE_LIMITED');
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      // Other routes are not in the auth bucket.
      await http().get('/health').expect(200);
    }));
});
