import type { RedisOptions } from 'ioredis';

export type RedisRole = 'producer' | 'worker';

/**
 * ioredis options from a redis:// or rediss:// URL.
 * - producer (api): fail fast while Redis is down, so a request never hangs on an enqueue; the
 *   outbox keeps the intent and the relay publishes it later.
 * - worker: BullMQ's blocking connections require maxRetriesPerRequest = null and keep retrying.
 */
export function redisOptionsFromUrl(url: string, role: RedisRole): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname && parsed.pathname !== '/' ? Number(parsed.pathname.slice(1)) : 0;
  const base: RedisOptions = {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    db: Number.isFinite(db) ? db : 0,
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    connectTimeout: 5_000,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  };
  return role === 'producer'
    ? { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1 }
    : { ...base, maxRetriesPerRequest: null, enableOfflineQueue: true };
}

/** BullMQ keys live under the app's key prefix so test files and environments never collide. */
export function bullPrefix(keyPrefix: string): string {
  return `${keyPrefix}:bull`;
}
