import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { REDIS_CLIENT } from '@runvs/redis';
import type Redis from 'ioredis';

/** INCR + PEXPIRE in one round trip; returns the hit count and the window's remaining ms. */
const INCREMENT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { hits, ttl }
`;

/**
 * Fixed-window counters in Redis, so limits hold across several api instances. If Redis is
 * unreachable the request is let through (logged): an outage of the limiter must not take the
 * whole API down with it.
 */
const INCREMENT_COMMAND = 'runvsThrottleIncrement';

type WithIncrement = Redis & {
  [INCREMENT_COMMAND](key: string, ttlMs: number): Promise<[number, number]>;
};

@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private lastWarning = 0;
  private readonly redis: WithIncrement;

  constructor(@Inject(REDIS_CLIENT) redis: Redis) {
    // A defined command is sent as EVALSHA (the script's hash), not the script text on every request;
    // ioredis loads the script again by itself when Redis has forgotten it.
    if (!(INCREMENT_COMMAND in redis)) {
      redis.defineCommand(INCREMENT_COMMAND, { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
    }
    this.redis = redis as WithIncrement;
  }

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    try {
      const [hits, remainingMs] = await this.redis[INCREMENT_COMMAND](key, ttl);
      const seconds = Math.max(1, Math.ceil(remainingMs / 1000));
      const isBlocked = hits > limit;
      return {
        totalHits: hits,
        timeToExpire: seconds,
        isBlocked,
        timeToBlockExpire: isBlocked ? seconds : 0,
      };
    } catch (error) {
      if (Date.now() - this.lastWarning > 10_000) {
        this.lastWarning = Date.now();
        this.logger.warn(`rate limiting skipped, Redis unavailable: ${(error as Error).message}`);
      }
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
