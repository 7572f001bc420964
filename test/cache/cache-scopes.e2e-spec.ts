import type { INestApplication } from '@nestjs/common';
import { CacheService } from '@runvs/cache';
import { type AppConfig } from '@runvs/config';
import { MetricsService } from '@runvs/observability';
import { RedisKeys, RedisSubscription } from '@runvs/redis';
import { startApi, testConfig } from '@runvs/testing';
import Redis from 'ioredis';

describe('CacheService scoped entries on the real Redis', () => {
  let app: INestApplication;
  let cache: CacheService;
  let config: AppConfig;

  beforeAll(async () => {
    config = testConfig();
    app = await startApi(config);
    cache = app.get(CacheService);
  });

  afterAll(async () => {
    await app.close();
  });

  // Entry keys under the app's prefix (cache.key), as the app's callers build them: a bare key is
  // shared by every test run on this Redis.
  it('serves the cached value until one of its scopes is invalidated', async () => {
    let loads = 0;
    const load = async () => ({ loads: ++loads });
    const read = () =>
      cache.getOrLoadScoped(['course:a:rankings', 'course:a'], cache.key('board:a'), 60, load);

    expect(await read()).toEqual({ loads: 1 });
    expect(await read()).toEqual({ loads: 1 });

    await cache.invalidate('course:a');
    expect(await read()).toEqual({ loads: 2 });
    expect(await read()).toEqual({ loads: 2 });

    await cache.invalidate('course:a:rankings', 'course:a:rankings');
    expect(await read()).toEqual({ loads: 3 });
  });

  it('keeps other scopes cached when one is invalidated', async () => {
    let loadsB = 0;
    let loadsC = 0;
    const readB = () => cache.getOrLoadScoped(['course:b'], cache.key('detail:b'), 60, async () => ++loadsB);
    const readC = () => cache.getOrLoadScoped(['course:c'], cache.key('detail:c'), 60, async () => ++loadsC);
    await readB();
    await readC();
    await cache.invalidate('course:b');
    expect(await readB()).toBe(2);
    expect(await readC()).toBe(1);
  });

  it('loads concurrent misses of one entry once', async () => {
    let loads = 0;
    const slowLoad = async () => {
      loads += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return 'value';
    };
    const values = await Promise.all(
      Array.from({ length: 20 }, () =>
        cache.getOrLoadScoped(['scope:burst'], cache.key('burst'), 60, slowLoad),
      ),
    );
    expect(new Set(values)).toEqual(new Set(['value']));
    expect(loads).toBe(1);
  });

  it('falls back to the source, uncached, when Redis is unreachable', async () => {
    const deadRedis = new Redis({
      host: '127.0.0.1',
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    deadRedis.on('error', () => undefined);
    const deadSubscription = new RedisSubscription({
      ...config,
      redis: { ...config.redis, url: 'redis://127.0.0.1:1' },
    });
    const offline = new CacheService(
      deadRedis,
      new RedisKeys(config),
      new MetricsService(),
      deadSubscription,
    );
    let loads = 0;
    const read = () =>
      offline.getOrLoadScoped(['course:d'], offline.key('detail:d'), 60, async () => ++loads);
    expect(await read()).toBe(1);
    expect(await read()).toBe(2);
    await expect(offline.invalidate('course:d')).resolves.toBeUndefined();
    deadRedis.disconnect();
    await deadSubscription.onApplicationShutdown();
  });
});
