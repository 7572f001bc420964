import type { INestApplication } from '@nestjs/common';
import { startApi, startStack, testConfig, type TestStack } from '@runvs/testing';
import request from 'supertest';
import type { HttpFake } from '../fakes/http-fake';
import { openWeatherMapFake, type OwmMode } from '../fakes/openweathermap.fake';

describe('GET /weather with OpenWeatherMap', () => {
  const state = { mode: 'ok' as OwmMode, delayMs: 0, key: 'owm-test-key' };
  let owm: HttpFake;
  let stack: TestStack;
  let app: INestApplication;

  beforeAll(async () => {
    owm = await openWeatherMapFake(state).start();
    stack = await startStack({
      env: {
        OPENWEATHER_API_KEY: state.key,
        OPENWEATHER_BASE_URL: owm.baseUrl,
        WEATHER_CACHE_SECONDS: '600',
      },
    });
    app = stack.api;
  });

  afterAll(async () => {
    await stack?.close();
    await owm.stop();
  });

  beforeEach(() => {
    state.mode = 'ok';
    state.delayMs = 0;
    owm.requests.length = 0;
  });

  const weather = (path: string, lat: number, lng: number) =>
    request(app.getHttpServer()).get(`/api/v1/${path}`).query({ lat, lng });

  it.each(['weather', 'weather/current'])(
    'answers at /%s with weather and air quality in the contract shape',
    async (path) => {
      const lat = path === 'weather' ? 37.41 : 37.42;
      const response = await weather(path, lat, 127.1).expect(200);
      expect(response.body).toEqual({
        temp: 12.3,
        feels_like: 11.1,
        humidity: 81,
        wind_speed: 3.1,
        description: '비',
        icon: '10d',
        aqi: 3,
        aqi_label: '나쁨',
      });
      // Both upstream calls, with the metric/Korean parameters and our key.
      expect(owm.requestsTo('/data/2.5/weather')[0].query.get('units')).toBe('metric');
      expect(owm.requestsTo('/data/2.5/weather')[0].query.get('lang')).toBe('kr');
      expect(owm.requestsTo('/data/2.5/air_pollution')).toHaveLength(1);
    },
  );

  it('makes one upstream call for 50 concurrent requests in one cell', async () => {
    state.delayMs = 300; // keep the first call in flight while the others arrive
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => weather('weather/current', 37.5665 + (i % 5) * 0.0005, 126.978)),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    expect(new Set(responses.map((response) => JSON.stringify(response.body))).size).toBe(1);
    expect(owm.requestsTo('/data/2.5/weather')).toHaveLength(1);
    expect(owm.requestsTo('/data/2.5/air_pollution')).toHaveLength(1);
    // Within the cache lifetime the cell is served from Redis.
    await weather('weather', 37.5665, 126.978).expect(200);
    expect(owm.requestsTo('/data/2.5/weather')).toHaveLength(1);
  });

  it('makes one upstream call when two api instances miss the same cell at once', async () => {
    state.delayMs = 300;
    const second = await startApi(
      testConfig({
        OPENWEATHER_API_KEY: state.key,
        OPENWEATHER_BASE_URL: owm.baseUrl,
        WEATHER_CACHE_SECONDS: '600',
      }),
    );
    try {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          request((i % 2 === 0 ? app : second).getHttpServer())
            .get('/api/v1/weather')
            .query({ lat: 36.01, lng: 129.34 }),
        ),
      );
      expect(responses.every((response) => response.status === 200)).toBe(true);
      expect(owm.requestsTo('/data/2.5/weather')).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('keeps the weather when only air quality fails', async () => {
    state.mode = 'air-500';
    const response = await weather('weather', 35.1, 129.04).expect(200);
    expect(response.body).toMatchObject({ temp: 12.3, aqi: null, aqi_label: null });
  });

  it('answers 503 PROVIDER_UNAVAILABLE when the provider fails and nothing was cached', async () => {
    state.mode = 'weather-500';
    const response = await weather('weather', 33.45, 126.57).expect(503);
    expect(response.body.code).toBe('PROVIDER_UNAVAILABLE');
  });

  it('answers 503, not a hang, when the provider is too slow', async () => {
    state.delayMs = 7_000; // beyond the 5 s client timeout
    const started = Date.now();
    const response = await weather('weather', 36.35, 127.38).expect(503);
    expect(response.body.code).toBe('PROVIDER_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(6_500);
  });

  it('serves the last good value when the provider fails after it was cached', async () => {
    await weather('weather', 35.87, 128.6).expect(200);
    // The fresh entry expires; the stale copy stays.
    const redis = new (await import('ioredis')).default(globalThis.__runvsTestIsolation!.redisUrl);
    const keys = await redis.keys(
      `${globalThis.__runvsTestIsolation!.redisKeyPrefix}:cache:weather:35.87,128.60`,
    );
    await redis.del(...keys);
    redis.disconnect();
    state.mode = 'invalid-key';
    const response = await weather('weather', 35.87, 128.6).expect(200);
    expect(response.body.temp).toBe(12.3);
  });

  it('rejects out-of-range or missing coordinates with 422 naming the field', async () => {
    const response = await request(app.getHttpServer())
      .get('/api/v1/weather')
      .query({ lat: 91, lng: 'east' })
      .expect(422);
    expect(response.body.details.fields.map((field: { field: string }) => field.field).sort()).toEqual([
      'lat',
      'lng',
    ]);
    await request(app.getHttpServer()).get('/api/v1/weather/current').expect(422);
  });
});

describe('GET /weather without an API key, and with Redis down', () => {
  it('answers realistic mock data without a key', async () => {
    const app = await startApi(testConfig({ OPENWEATHER_API_KEY: '' }));
    try {
      const response = await request(app.getHttpServer()).get(
        '/api/v1/weather/current?lat=37.5665&lng=126.978',
      );
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        temp: expect.any(Number),
        feels_like: expect.any(Number),
        humidity: expect.any(Number),
        wind_speed: expect.any(Number),
        description: expect.any(String),
        icon: expect.stringMatching(/^\d\d[dn]$/),
        aqi: expect.any(Number),
        aqi_label: expect.any(String),
      });
      expect(response.body.temp).toBeGreaterThan(-40);
      expect(response.body.temp).toBeLessThan(45);
    } finally {
      await app.close();
    }
  });

  it('falls back to the provider when the cache is unreachable', async () => {
    const state = { mode: 'ok' as OwmMode, delayMs: 0, key: 'k' };
    const owm = await openWeatherMapFake(state).start();
    const app = await startApi(
      testConfig({
        OPENWEATHER_API_KEY: 'k',
        OPENWEATHER_BASE_URL: owm.baseUrl,
        REDIS_URL: 'redis://127.0.0.1:1/0',
      }),
    );
    try {
      await request(app.getHttpServer()).get('/api/v1/weather?lat=37.5&lng=127').expect(200);
      expect(owm.requestsTo('/data/2.5/weather')).toHaveLength(1);
    } finally {
      await app.close();
      await owm.stop();
    }
  });
});
