import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { DomainError } from '@runvs/common';
import { REDIS_CLIENT } from '@runvs/redis';
import type Redis from 'ioredis';
import { failsClosed } from './rate-limit-bucket.decorator';

/** INCR + PEXPIRE in one round trip; returns the hit count and the window's remaining ms. */
const INCREMENT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { hits, ttl }
`;

const COMMAND = 'runvsRateLimitHit';

type RedisWithHit = Redis & { [COMMAND](key: string, ttlMs: number): Promise<[number, number]> };

/** One fixed-window hit: the count so far in the window and the ms it has left. */
export interface WindowHit {
  hits: number;
  remainingMs: number;
}

/**
 * Fixed-window counters in Redis, so limits hold across several api instances; the script is
 * sent once and then called by its SHA (ioredis defineCommand). When Redis is unreachable each
 * bucket does what its policy says (rate-limit-bucket.decorator.ts): the auth bucket refuses with
 * 503 rather than allow unlimited password or token guessing; the others let the request through
 * (logged), so an outage of the limiter does not take the whole API down with it.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private lastWarning = 0;
  private readonly redis: RedisWithHit;

  constructor(@Inject(REDIS_CLIENT) redis: Redis) {
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
    this.redis = redis as RedisWithHit;
  }

  /** Counts one hit of `key` in a window of `ttlMs`; throws when Redis cannot be reached. */
  async hit(key: string, ttlMs: number): Promise<WindowHit> {
    const [hits, remainingMs] = await this.redis[COMMAND](key, ttlMs);
    return { hits, remainingMs };
  }

  /** The hits of `key` in its current window, 0 when none. */
  async peek(key: string): Promise<number> {
    return Number((await this.redis.get(key)) ?? 0);
  }

  /** The ms left in the window of `key` (0 when it has none). */
  async remainingMs(key: string): Promise<number> {
    return Math.max(0, await this.redis.pttl(key));
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    _blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    try {
      const { hits, remainingMs } = await this.hit(key, ttl);
      const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
      const isBlocked = hits > limit;
      return {
        totalHits: hits,
        timeToExpire: seconds,
        isBlocked,
        timeToBlockExpire: isBlocked ? seconds : 0,
      };
    } catch (error) {
      if (failsClosed(throttlerName)) throw limiterUnavailable();
      if (Date.now() - this.lastWarning > 10_000) {
        this.lastWarning = Date.now();
        this.logger.warn(`rate limiting skipped, Redis unavailable: ${(error as Error).message}`);
      }
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}

/** A limit that must hold cannot be counted right now. */
export function limiterUnavailable(): DomainError {
  return new DomainError(
    'SERVICE_UNAVAILABLE',
    'This is briefly unavailable (the rate limiter cannot be reached); retry in a moment.',
    undefined,
    { 'Retry-After': '5' },
  );
}
