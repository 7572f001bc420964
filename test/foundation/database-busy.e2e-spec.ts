import { createUserWithToken, startStack, type TestStack } from '@runvs/testing';
import request from 'supertest';

/**
 * A request that finds no free database connection within the pool's wait is told the service is
 * busy (503 + Retry-After, the contract's error body), not that the server broke (500).
 */
describe('database busy → 503', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ env: { DATABASE_POOL_SIZE: '1' } });
  });

  afterAll(() => stack?.close());

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After while every pooled connection is taken', async () => {
    const { api, dataSource, config } = stack;
    const runner = await createUserWithToken(dataSource, config);
    // The api's only connection sleeps longer than the pool lets a request wait (5 s).
    const holding = dataSource.query('SELECT pg_sleep(8)');
    try {
      const response = await request(api.getHttpServer())
        .get('/api/v1/rankings/me')
        .set('Authorization', runner.authorization);
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('2');
      expect(response.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.any(String) });
    } finally {
      await holding;
    }
    // Once the connection is back, the same request succeeds.
    await request(api.getHttpServer())
      .get('/api/v1/rankings/me')
      .set('Authorization', runner.authorization)
      .expect(200);
  }, 60_000);
});
