import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '@runvs/config';
import { OutboxService, QueueName } from '@runvs/queue';
import { createUserWithToken, startStack, type TestStack } from '@runvs/testing';
import request from 'supertest';
import { createOpenApiDocument } from '../../apps/api/src/api-app';
import { DataSource } from 'typeorm';

const PASSWORD = 'console-secret-123';

describe('admin console: Swagger and the queue dashboard (outside development)', () => {
  let stack: TestStack;
  let app: INestApplication;
  let config: AppConfig;

  beforeAll(async () => {
    stack = await startStack({
      env: {
        ADMIN_CONSOLE_USER: 'ops',
        ADMIN_CONSOLE_PASSWORD: PASSWORD,
        // This file tries many wrong credentials on purpose; the limit itself is tested in test/foundation.
        RATE_LIMIT_CONSOLE_LOGIN_PER_MINUTE: '1000',
      },
    });
    ({ config, api: app } = stack);
  });

  afterAll(() => stack?.close());

  const paths = ['/docs', '/docs-json', '/queues', '/queues/api/queues'];

  it.each(paths)('%s is closed without credentials (401 + Basic challenge)', async (path) => {
    const response = await request(app.getHttpServer()).get(path).expect(401);
    expect(response.body.code).toBe('AUTH_REQUIRED');
    expect(response.headers['www-authenticate']).toMatch(/^Basic /);
  });

  it.each(paths)('%s refuses a wrong password and a wrong user', async (path) => {
    await request(app.getHttpServer()).get(path).auth('ops', 'wrong-password').expect(401);
    await request(app.getHttpServer()).get(path).auth('admin', PASSWORD).expect(401);
  });

  it.each(paths)('%s is not opened by a user bearer token, even an admin one', async (path) => {
    const dataSource = app.get(DataSource);
    const admin = await createUserWithToken(dataSource, config, { role: 'admin' });
    await request(app.getHttpServer()).get(path).set('Authorization', admin.authorization).expect(401);
  });

  it('serves the OpenAPI document with the console credentials', async () => {
    const response = await request(app.getHttpServer()).get('/docs-json').auth('ops', PASSWORD).expect(200);
    expect(response.body.info.title).toBe('RUNVS API');
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/api/v1/users/me']));
    // The served document is the one the typed test client is generated from (npm run openapi:types).
    expect(response.body).toEqual(JSON.parse(JSON.stringify(await createOpenApiDocument(config))));
  });

  it('serves the Swagger UI page with the console credentials', async () => {
    const response = await request(app.getHttpServer()).get('/docs/').auth('ops', PASSWORD);
    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger');
  });

  it('serves the queue dashboard and lists every queue with its jobs', async () => {
    const page = await request(app.getHttpServer()).get('/queues').auth('ops', PASSWORD).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('RUNVS queues');

    // A job waiting in a queue shows in the dashboard's API (no worker runs in this file).
    await app.get(OutboxService).transaction(async (_manager, enqueue) => {
      await enqueue(QueueName.RankingRecalc, {
        courseId: '00000000-0000-4000-8000-000000000001',
        reason: 'console',
      });
    });
    const api = await request(app.getHttpServer())
      .get('/queues/api/queues?activeQueue=ranking-recalc&status=waiting&page=1')
      .auth('ops', PASSWORD)
      .expect(200);
    const names = (api.body.queues as Array<{ name: string }>).map((queue) => queue.name).sort();
    expect(names).toEqual(Object.values(QueueName).sort());
    const recalc = (api.body.queues as Array<{ name: string; counts: Record<string, number> }>).find(
      (queue) => queue.name === QueueName.RankingRecalc,
    );
    expect(recalc?.counts.waiting).toBe(1);
  });

  it('keeps the dashboard out of the /api/v1 prefix', async () => {
    await request(app.getHttpServer()).get('/api/v1/queues').auth('ops', PASSWORD).expect(404);
  });
});

describe('admin console in development', () => {
  let stack: TestStack;
  let app: INestApplication;

  beforeAll(async () => {
    stack = await startStack({ env: { APP_ENV: 'development' } });
    app = stack.api;
  });

  afterAll(() => stack?.close());

  it('is open without credentials on a developer machine', async () => {
    await request(app.getHttpServer()).get('/docs-json').expect(200);
    await request(app.getHttpServer()).get('/queues/api/queues').expect(200);
  });
});
