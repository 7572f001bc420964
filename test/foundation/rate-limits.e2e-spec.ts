import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { REDIS_CLIENT } from '@runvs/redis';
import { createUserWithToken, startStack, type TestStack } from '@runvs/testing';
import type Redis from 'ioredis';
import request from 'supertest';
import type { DataSource } from 'typeorm';

const CONSOLE_PASSWORD = 'console-password-for-tests';

/**
 * Issue 14 item 5: limits key signed-in requests by user and anonymous ones by address (as the
 * trusted proxies report it), cover the console logins, and hold for sign-in while Redis is down.
 */
describe('rate limits per caller', () => {
  let stack: TestStack;
  let app: INestApplication;
  let dataSource: DataSource;
  let config: AppConfig;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        RATE_LIMIT_DEFAULT_PER_MINUTE: '5',
        RATE_LIMIT_AUTH_PER_MINUTE: '100',
        RATE_LIMIT_CONSOLE_LOGIN_PER_MINUTE: '3',
        ADMIN_CONSOLE_PASSWORD: CONSOLE_PASSWORD,
        // One proxy (the test client stands in for it): the client is the last X-Forwarded-For hop.
        TRUST_PROXY: '1',
      },
    });
    ({ config, api: app, dataSource } = stack);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await stack?.close();
  });

  const http = () => request(app.getHttpServer());
  /** A request from `client` through our one proxy, which appends the address it saw. */
  const from = (client: string, path = '/api/v1/weather?lat=37.5&lng=127') =>
    http().get(path).set('X-Forwarded-For', client);

  it('counts signed-in runners behind one address each on their own', async () => {
    const busy = await createUserWithToken(dataSource, config);
    const quiet = await createUserWithToken(dataSource, config);
    const nat = '100.64.0.1';
    for (let i = 0; i < 5; i++) await from(nat, '/api/v1/users/me').set('Authorization', busy.authorization);
    expect((await from(nat, '/api/v1/users/me').set('Authorization', busy.authorization)).status).toBe(429);
    // Another runner behind the same carrier NAT is not throttled by the busy one.
    await from(nat, '/api/v1/users/me').set('Authorization', quiet.authorization).expect(200);
    // Nor is the busy runner's limit dodged by changing address.
    expect(
      (await from('198.51.100.7', '/api/v1/users/me').set('Authorization', busy.authorization)).status,
    ).toBe(429);
  });

  it('counts anonymous callers per address, and the client cannot choose it through X-Forwarded-For', async () => {
    for (let i = 0; i < 5; i++) await from(`203.0.113.${i}, 192.0.2.10`).expect(200);
    // Each request claimed another first hop; only the one our proxy appended counts.
    const limited = await from('203.0.113.99, 192.0.2.10').expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    await from('192.0.2.11').expect(200);
  });

  it('limits failed console logins per address: then even the right password waits', async () => {
    const attacker = '192.0.2.50';
    for (let i = 0; i < 3; i++) {
      await from(attacker, '/docs-json').auth('admin', `guess-${i}`).expect(401);
    }
    const locked = await from(attacker, '/docs-json').auth('admin', CONSOLE_PASSWORD).expect(429);
    expect(locked.body.code).toBe('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    await from(attacker, '/queues/').auth('admin', 'another-guess').expect(429);
    // Someone else, with the right password, gets in.
    await from('192.0.2.51', '/docs-json').auth('admin', CONSOLE_PASSWORD).expect(200);
  });

  it('refuses sign-in (503) but keeps ordinary reads going while Redis cannot count', async () => {
    const redis = app.get<Redis & Record<string, unknown>>(REDIS_CLIENT);
    const down = jest
      .spyOn(redis as unknown as { runvsRateLimitHit: () => Promise<unknown> }, 'runvsRateLimitHit')
      .mockRejectedValue(new Error('Connection is closed.'));
    const get = jest.spyOn(redis, 'get').mockRejectedValue(new Error('Connection is closed.'));
    try {
      const refused = await http()
        .post('/api/v1/auth/refresh')
        .set('X-Forwarded-For', '192.0.2.60')
        .send({ refresh_token: 'anything' });
      expect(refused.status).toBe(503);
      expect(refused.body.code).toBe('SERVICE_UNAVAILABLE');
      await from('192.0.2.61', '/docs-json').auth('admin', CONSOLE_PASSWORD).expect(503);
      await from('192.0.2.62').expect(200);
    } finally {
      down.mockRestore();
      get.mockRestore();
    }
  });
});
