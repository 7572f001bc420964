import { Inject, Injectable, Logger } from '@nestjs/common';
import { type CacheLookupResult, MetricsService } from '@runvs/observability';
import { REDIS_CLIENT, RedisKeys, RedisSubscription } from '@runvs/redis';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { deepFreeze, NEAR_CACHE_TTL_MS, NearCache, nearCacheListener } from './near-cache';

export interface GetOrLoadOptions {
  /** How long other callers wait for the one loading the value before loading it themselves. */
  lockMs?: number;
}

/**
 * A scope's version outlives any entry cached under it by far (entries live minutes), so when an
 * idle scope's counter expires and restarts at 0 no entry from its first life is still there.
 */
const SCOPE_VERSION_TTL_SECONDS = 7 * 24 * 3600;

const RELEASE_LOCK_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * A scoped entry in one round trip: reads the scopes' versions (KEYS), builds the entry's versioned
 * key from ARGV[1] as getOrLoadScoped always has, and returns it with the entry (or nil).
 */
const SCOPED_GET_SCRIPT = `
local versions = {}
for i = 1, #KEYS do versions[i] = redis.call('GET', KEYS[i]) or '0' end
local key = ARGV[1] .. ':v' .. table.concat(versions, '.')
return {key, redis.call('GET', key)}`;
const SCOPED_GET_COMMAND = 'runvsCacheScopedGet';

type WithScopedGet = Redis & {
  [SCOPED_GET_COMMAND](numberOfKeys: number, ...keysThenBase: string[]): Promise<[string, string | null]>;
};

/**
 * JSON values in Redis under the app's key prefix. The cache is an optimisation, never a
 * dependency: when Redis fails, reads miss and writes are skipped, so callers fall back to the
 * source of truth instead of erroring.
 *
 * Scoped entries are also kept in process for up to NEAR_CACHE_TTL_MS (a hot read then costs no
 * round trip and no JSON parse): `invalidate` publishes its scopes on `<prefix>:cache:invalidations`
 * in the same transaction as the version bump, every process drops its copies under them when it
 * hears it, and the in-process copies are used only while that subscription is live.
 */
@Injectable()
export class CacheService {
  private readonly logger = new Logger(CacheService.name);
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly near = new NearCache<unknown>({ maxEntries: 5_000, maxBytes: 64 * 1024 * 1024 });
  private listening = false;
  private lastWarning = 0;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly metrics: MetricsService,
    private readonly subscription: RedisSubscription,
  ) {
    // Sent as EVALSHA; ioredis loads the script again by itself when Redis has forgotten it.
    if (!(SCOPED_GET_COMMAND in redis)) redis.defineCommand(SCOPED_GET_COMMAND, { lua: SCOPED_GET_SCRIPT });
  }

  key(...parts: Array<string | number>): string {
    return this.keys.key('cache', ...parts);
  }

  /** A lookup: the value or undefined, counted as a hit or a miss of its key family. */
  async get<T>(key: string): Promise<T | undefined> {
    const value = await this.read<T>(key);
    this.count(key, value === undefined ? 'miss' : 'hit');
    return value;
  }

  private async read<T>(key: string): Promise<T | undefined> {
    try {
      const raw = await this.redis.get(key);
      return raw === null ? undefined : (JSON.parse(raw) as T);
    } catch (error) {
      this.warn('read', error);
      return undefined;
    }
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    try {
      await this.redis.set(key, JSON.stringify(value), 'EX', Math.max(1, Math.round(ttlSeconds)));
    } catch (error) {
      this.warn('write', error);
    }
  }

  async delete(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    try {
      await this.redis.unlink(...keys);
    } catch (error) {
      this.warn('delete', error);
    }
  }

  /**
   * The cached value, or `load()`'s result stored for `ttlSeconds`. Concurrent misses for one key
   * load once: callers in this process share one promise, and across processes a short Redis
   * lock lets one caller load while the others wait for its value.
   */
  async getOrLoad<T>(
    key: string,
    ttlSeconds: number,
    load: () => Promise<T>,
    options: GetOrLoadOptions = {},
  ): Promise<T> {
    const pending = this.inFlight.get(key) as Promise<T> | undefined;
    if (pending) return pending;
    const promise = this.loadOnce(key, ttlSeconds, load, options.lockMs ?? 5_000).finally(() =>
      this.inFlight.delete(key),
    );
    this.inFlight.set(key, promise);
    return promise;
  }

  private async loadOnce<T>(
    key: string,
    ttlSeconds: number,
    load: () => Promise<T>,
    lockMs: number,
  ): Promise<T> {
    const cached = await this.get<T>(key);
    if (cached !== undefined) return cached;

    const lockKey = `${key}:lock`;
    const token = randomUUID();
    const locked = await this.tryLock(lockKey, token, lockMs);
    if (locked === false) {
      // Another process is loading: wait for its value, but never longer than the lock lives.
      const deadline = Date.now() + lockMs;
      while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        const value = await this.read<T>(key);
        if (value !== undefined) return value;
        if ((await this.redis.exists(lockKey).catch(() => 0)) === 0) {
          // The loader stores its value before it releases the lock: a value now means it finished
          // between our two reads; none means it gave up (its load failed), so we try ourselves.
          const settled = await this.read<T>(key);
          if (settled !== undefined) return settled;
          break;
        }
      }
    }
    try {
      const value = await load();
      await this.set(key, value, ttlSeconds);
      return value;
    } finally {
      if (locked) await this.redis.eval(RELEASE_LOCK_SCRIPT, 1, lockKey, token).catch(() => undefined);
    }
  }

  /**
   * Like getOrLoad, for a value that depends on data several writers change. Each scope (for example
   * `course:<id>:rankings`) has a version counter in Redis and the entry's key embeds the versions of
   * its scopes, so `invalidate(scope)` orphans every entry under that scope at once without
   * enumerating keys; orphans expire with their TTL. When the versions cannot be read the value is
   * loaded from the source and not cached, so a Redis failure never serves stale data.
   */
  async getOrLoadScoped<T>(
    scopes: readonly string[],
    key: string,
    ttlSeconds: number,
    load: () => Promise<T>,
  ): Promise<T> {
    const stamp = this.nearStamp();
    const near = this.near.get(key) as T | undefined;
    if (near !== undefined) {
      this.count(key, 'hit');
      return near;
    }
    let versioned: string;
    let cached: string | null;
    try {
      [versioned, cached] = await (this.redis as WithScopedGet)[SCOPED_GET_COMMAND](
        scopes.length,
        ...scopes.map((scope) => this.scopeKey(scope)),
        key,
      );
    } catch (error) {
      this.warn('read', error);
      return load();
    }
    // A hit costs one round trip; a miss loads once across callers as getOrLoad does.
    if (cached !== null) {
      this.count(key, 'hit');
      const value = deepFreeze(JSON.parse(cached) as T);
      const nearTtlMs = Math.min(ttlSeconds * 1000, NEAR_CACHE_TTL_MS);
      this.near.set(key, value, scopes, nearTtlMs, stamp, cached.length);
      return value;
    }
    // getOrLoad's own lookup counts the miss (or the hit of a value cached meanwhile).
    return this.getOrLoad(versioned, ttlSeconds, load);
  }

  /**
   * Makes every entry cached under these scopes unreachable. Call it after the transaction that
   * changed the data has committed: invalidating earlier lets a reader cache the old rows again.
   */
  async invalidate(...scopes: string[]): Promise<void> {
    if (scopes.length === 0) return;
    const unique = [...new Set(scopes)];
    try {
      const pipeline = this.redis.multi();
      for (const scope of unique) {
        const scopeKey = this.scopeKey(scope);
        pipeline.incr(scopeKey).expire(scopeKey, SCOPE_VERSION_TTL_SECONDS);
      }
      pipeline.publish(this.invalidationsChannel, JSON.stringify(unique));
      await pipeline.exec();
      this.near.drop(unique);
      // Redis writes what it has for every client before it reads the next command, so once this
      // answers, every subscriber has the message in its socket before our caller can answer anyone.
      await this.redis.ping();
    } catch (error) {
      this.warn('invalidate', error);
    }
  }

  private get invalidationsChannel(): string {
    return this.keys.key('cache', 'invalidations');
  }

  /** Listens for invalidations on first use (a process that never reads never subscribes). */
  private nearStamp() {
    if (!this.listening) {
      this.listening = true;
      this.subscription.listen(
        this.invalidationsChannel,
        nearCacheListener(this.near, (text) => parseScopes(text)),
      );
    }
    return this.near.stamp();
  }

  private count(key: string, result: CacheLookupResult): void {
    this.metrics.countCacheLookup(cacheFamily(key), result);
  }

  private scopeKey(scope: string): string {
    return this.keys.key('cache-scope', scope);
  }

  /** true: we hold the lock; false: someone else does; null: Redis is unavailable. */
  private async tryLock(lockKey: string, token: string, lockMs: number): Promise<boolean | null> {
    try {
      return (await this.redis.set(lockKey, token, 'PX', lockMs, 'NX')) === 'OK';
    } catch (error) {
      this.warn('lock', error);
      return null;
    }
  }

  private warn(operation: string, error: unknown): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`cache ${operation} skipped: ${(error as Error).message}`);
  }
}

function parseScopes(text: string): string[] | null {
  try {
    const scopes = JSON.parse(text) as unknown;
    return Array.isArray(scopes) && scopes.every((scope) => typeof scope === 'string') ? scopes : null;
  } catch {
    return null;
  }
}

/** `runvs:cache:board:<course>:…` → `board`: the metric label of a key (bounded, unlike the key). */
export function cacheFamily(key: string): string {
  const [, namespace, family] = key.split(':');
  return namespace === 'cache' && family ? family : 'other';
}
