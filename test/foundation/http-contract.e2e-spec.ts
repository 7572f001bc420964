import { Body, Controller, Get, type INestApplication, Param, Post, Query } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { REDIS_CLIENT, RedisKeys } from '@runvs/redis';
import { testConfig } from '@runvs/testing';
import type Redis from 'ioredis';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import request from 'supertest';
import { configureApiApp } from '../../apps/api/src/api-app';
import { ApiModule } from '../../apps/api/src/api.module';
import { Public } from '../../apps/api/src/auth/auth.decorators';
import { RateLimitBucket } from '../../apps/api/src/rate-limit/rate-limit-bucket.decorator';

class ProbePointDto {
  @IsInt() @Min(-90) @Max(90) lat!: number;
}

class ProbeDto {
  @IsString() @Length(2, 12) nickname!: string;
  @IsInt() distance_meters!: number;
  @ValidateNested() @Type(() => ProbePointDto) start!: ProbePointDto;
}

/** A route with a DTO, to exercise the global pipes, filters and limits as real routes see them. */
@Public()
@Controller('probe')
class ProbeController {
  @Post()
  echo(@Body() body: ProbeDto): ProbeDto {
    return body;
  }

  @Get('echo/:code')
  echoParams(@Param('code') code: string, @Query('q') q?: string): { code: string; q?: string } {
    return { code, q };
  }

  @Post('boom')
  boom(): never {
    throw new Error('database exploded');
  }

  @Post('auth-bucket')
  @RateLimitBucket('auth')
  authBucket(): { ok: true } {
    return { ok: true };
  }
}

async function bootProbeApp(overrides: Record<string, string> = {}): Promise<INestApplication> {
  const config = testConfig(overrides);
  const moduleRef = await Test.createTestingModule({
    imports: [ApiModule.forRoot(config)],
    controllers: [ProbeController],
  }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, bufferLogs: true });
  configureApiApp(app, config);
  await app.init();
  return app;
}

describe('HTTP contract (foundation)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await bootProbeApp({ HTTP_JSON_LIMIT_MB: '1' });
  });

  afterAll(async () => {
    await app.close();
  });

  it.each(['/health', '/api/v1/health'])('GET %s reports database and Redis up', async (path) => {
    const response = await request(app.getHttpServer()).get(path).expect(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.body).toMatchObject({
      status: 'ok',
      app: 'RUNVS',
      env: 'test',
      database: 'up',
      redis: 'up',
    });
    expect(Object.keys(response.body).sort()).toEqual(['app', 'database', 'env', 'redis', 'status']);
  });

  it('accepts a valid body and returns it transformed', async () => {
    const body = { nickname: 'runner', distance_meters: 5000, start: { lat: 37 } };
    await request(app.getHttpServer()).post('/api/v1/probe').send(body).expect(201, body);
  });

  it('rejects unknown fields with 422 VALIDATION_ERROR naming them', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/v1/probe')
      .send({ nickname: 'runner', distance_meters: 1, start: { lat: 1, evil: true }, is_admin: true })
      .expect(422);
    expect(response.body.code).toBe('VALIDATION_ERROR');
    const fields = response.body.details.fields.map((problem: { field: string }) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['is_admin', 'start.evil']));
  });

  it('rejects wrong types and out-of-range values, naming each field', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/v1/probe')
      .send({ nickname: 'x', distance_meters: '5000', start: { lat: 123.5 } })
      .expect(422);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: expect.stringContaining('nickname'),
    });
    const fields = response.body.details.fields.map((problem: { field: string }) => problem.field).sort();
    expect(fields).toEqual(['distance_meters', 'nickname', 'start.lat']);
  });

  it('rejects a body that is not a JSON object', async () => {
    const response = await request(app.getHttpServer()).post('/api/v1/probe').send([1, 2]).expect(422);
    expect(response.body.details.fields[0].field).toBe('body');
  });

  it('refuses text no column can store (a NUL, an unpaired surrogate) as 422 naming the field', async () => {
    const server = app.getHttpServer();
    const body = (nickname: string, extra: object = {}) =>
      JSON.stringify({ nickname, distance_meters: 1, start: { lat: 1 }, ...extra });
    for (const [sent, field] of [
      [body('run\u0000ner'), 'nickname'],
      [body('run\ud800ner'), 'nickname'],
      [body('runner\udc00'), 'nickname'],
      [body('runner', { 'is\u0000admin': true }), 'is\u0000admin'],
    ]) {
      const response = await request(server)
        .post('/api/v1/probe')
        .set('Content-Type', 'application/json')
        .send(sent)
        .expect(422);
      expect(response.body).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.any(String) });
      expect(response.body.details.fields.map((problem: { field: string }) => problem.field)).toEqual([
        field,
      ]);
    }
    const param = await request(server).get('/api/v1/probe/echo/ab%00cd').expect(422);
    expect(param.body.details.fields[0].field).toBe('code');
    const query = await request(server).get('/api/v1/probe/echo/abc?q=a%00b').expect(422);
    expect(query.body.details.fields[0].field).toBe('q');
    // A paired surrogate (an emoji) is ordinary text.
    await request(server)
      .post('/api/v1/probe')
      .send({ nickname: 'run🏃', distance_meters: 1, start: { lat: 1 } })
      .expect(201);
    await request(server)
      .get(`/api/v1/probe/echo/${encodeURIComponent('🏃')}?q=ok`)
      .expect(200, { code: '🏃', q: 'ok' });
  });

  it('answers broken JSON with 400 INVALID_JSON', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/v1/probe')
      .set('Content-Type', 'application/json')
      .send('{"nickname": "runner",')
      .expect(400);
    expect(response.body).toEqual({ code: 'INVALID_JSON', message: 'The request body is not valid JSON.' });
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await request(app.getHttpServer())
      .post('/api/v1/probe')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ nickname: 'x'.repeat(2 * 1024 * 1024) }))
      .expect(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers unknown routes with 404 NOT_FOUND in the contract shape', async () => {
    const response = await request(app.getHttpServer()).get('/api/v1/nowhere').expect(404);
    expect(response.body).toEqual({ code: 'NOT_FOUND', message: 'No route for GET /api/v1/nowhere' });
  });

  it('turns an unexpected error into 500 INTERNAL_ERROR with an error id', async () => {
    const response = await request(app.getHttpServer()).post('/api/v1/probe/boom').expect(500);
    expect(response.body.code).toBe('INTERNAL_ERROR');
    expect(response.body.details.error_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.message).toContain(response.body.details.error_id);
    expect(JSON.stringify(response.body)).not.toContain('database exploded');
  });

  it('echoes or assigns a request id and sets security headers', async () => {
    const given = await request(app.getHttpServer()).get('/health').set('X-Request-Id', 'abc-123');
    expect(given.headers['x-request-id']).toBe('abc-123');
    const assigned = await request(app.getHttpServer()).get('/health');
    expect(assigned.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(assigned.headers['x-content-type-options']).toBe('nosniff');
    expect(assigned.headers['x-powered-by']).toBeUndefined();
  });

  it('allows configured CORS origins only', async () => {
    const allowed = await request(app.getHttpServer()).get('/health').set('Origin', 'http://localhost:8081');
    expect(allowed.headers['access-control-allow-origin']).toBe('http://localhost:8081');
    const denied = await request(app.getHttpServer()).get('/health').set('Origin', 'https://evil.example');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps Swagger closed without admin credentials outside development', async () => {
    await request(app.getHttpServer()).get('/docs-json').expect(401);
    const response = await request(app.getHttpServer()).get('/docs-json').auth('admin', 'wrong').expect(401);
    expect(response.body.code).toBe('AUTH_REQUIRED');
  });
});

describe('HTTP contract: limits and console credentials', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await bootProbeApp({
      RATE_LIMIT_DEFAULT_PER_MINUTE: '5',
      RATE_LIMIT_AUTH_PER_MINUTE: '2',
      ADMIN_CONSOLE_PASSWORD: 'console-secret-123',
    });
    // The suite above shares this file's Redis prefix: start the limiter windows from zero.
    const redis = app.get<Redis>(REDIS_CLIENT);
    const keys = await redis.keys(app.get(RedisKeys).key('rl', '*'));
    if (keys.length > 0) await redis.del(...keys);
  });

  afterAll(async () => {
    await app.close();
  });

  it('opens Swagger with the admin console credentials', async () => {
    const response = await request(app.getHttpServer()).get('/docs-json').auth('admin', 'console-secret-123');
    expect(response.status).toBe(200);
    expect(response.body.info.title).toBe('RUNVS API');
  });

  it('limits a named bucket per client and answers 429 RATE_LIMITED with Retry-After', async () => {
    const server = app.getHttpServer();
    await request(server).post('/api/v1/probe/auth-bucket').expect(201);
    await request(server).post('/api/v1/probe/auth-bucket').expect(201);
    const limited = await request(server).post('/api/v1/probe/auth-bucket').expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts every route against the default bucket per client, not per route', async () => {
    const server = app.getHttpServer();
    // 3 requests above already counted; 2 more reach the limit of 5, the next is refused.
    await request(server)
      .post('/api/v1/probe')
      .send({ nickname: 'ab', distance_meters: 1, start: { lat: 0 } });
    await request(server)
      .post('/api/v1/probe')
      .send({ nickname: 'ab', distance_meters: 1, start: { lat: 0 } });
    const limited = await request(server)
      .post('/api/v1/probe')
      .send({ nickname: 'ab', distance_meters: 1, start: { lat: 0 } })
      .expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    // Health stays reachable for load balancers.
    await request(server).get('/health').expect(200);
  });
});
