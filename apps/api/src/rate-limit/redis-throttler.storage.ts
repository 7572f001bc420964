import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { DomainError } from '@runvs/common';
import { REDIS_CLIENT } from '@runvs/redis';
import type Redis from 'ioredis';
import { failsClosed } from './rate-limit-bucket.decorator';

/** INCRBY + PEXPIRE in one round trip; returns the hit count and the window's remaining ms. */
const INCREMENT_SCRIPT = `
local by = tonumber(ARGV[2] or '1')
local hits = redis.call('INCRBY', KEYS[1], by)
if hits == by then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { hits, ttl }
`;

const COMMAND = 'runvsRateLimitHit';

type RedisWithHit = Redis & { [COMMAND](key: string, ttlMs: number, by?: number): Promise<[number, number]> };

/** How long hits of the buckets that fail open wait in process before they are sent, in one batch. */
export const LOCAL_HITS_FLUSH_MS = 50;

/** This process's view of one window: the count Redis last reported, plus its hits not yet sent. */
interface LocalWindow {
  reported: number;
  unsent: number;
  endsAt: number;
  ttlMs: number;
}

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
 *
 * The buckets that fail closed count every hit in Redis before answering. The others (the default
 * bucket on every request) count in process and send their hits to Redis in one pipelined batch
 * every LOCAL_HITS_FLUSH_MS, deciding on the count Redis last reported plus this process's hits
 * since: exact within one process, and across processes a caller can get past the limit by at most
 * what the other processes let through since this one last heard from Redis — a refusal is always
 * right, since that sum never exceeds the true count. While Redis is down they still limit per
 * process.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger(RedisThrottlerStorage.name);
  private lastWarning = 0;
  private readonly redis: RedisWithHit;
  private readonly windows = new Map<string, LocalWindow>();
  private flushTimer?: NodeJS.Timeout;

  constructor(@Inject(REDIS_CLIENT) redis: Redis) {
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
    this.redis = redis as RedisWithHit;
  }

  /** Counts one hit of `key` in a window of `ttlMs`; throws when Redis cannot be reached. */
  async hit(key: string, ttlMs: number): Promise<WindowHit> {
    const [hits, remainingMs] = await this.redis[COMMAND](key, ttlMs);
    return { hits, remainingMs };
  }

  onApplicationShutdown(): void {
    clearTimeout(this.flushTimer);
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
    if (!failsClosed(throttlerName)) return this.countLocally(key, ttl, limit);
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

  private countLocally(key: string, ttlMs: number, limit: number): ThrottlerStorageRecord {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || now >= window.endsAt) {
      window = { reported: 0, unsent: 0, endsAt: now + ttlMs, ttlMs };
      this.windows.set(key, window);
    }
    window.unsent++;
    this.flushTimer ??= setTimeout(() => void this.flush(), LOCAL_HITS_FLUSH_MS);
    const hits = window.reported + window.unsent;
    const seconds = Math.max(1, Math.ceil((window.endsAt - now) / 1000));
    const isBlocked = hits > limit;
    return { totalHits: hits, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
  }

  /** Sends the hits counted since the last batch, one pipelined round trip, and takes Redis's counts. */
  private async flush(): Promise<void> {
    this.flushTimer = undefined;
    const now = Date.now();
    const batch: Array<[string, LocalWindow, number]> = [];
    for (const [key, window] of this.windows) {
      if (now >= window.endsAt) this.windows.delete(key);
      else if (window.unsent > 0) batch.push([key, window, window.unsent]);
    }
    if (batch.length === 0) return;
    let results: Array<[Error | null, unknown]> | null;
    try {
      const pipeline = this.redis.pipeline() as ReturnType<Redis['pipeline']> & {
        [COMMAND](key: string, ttlMs: number, by: number): unknown;
      };
      for (const [key, window, sent] of batch) pipeline[COMMAND](key, window.ttlMs, sent);
      results = await pipeline.exec();
    } catch (error) {
      results = null;
      this.warnSkipped(error as Error);
    }
    const answeredAt = Date.now();
    batch.forEach(([key, window, sent], i) => {
      const [error, reply] = results?.[i] ?? [new Error('not sent'), null];
      if (error) {
        if (results) this.warnSkipped(error);
        return; // kept unsent: still counted here, sent with the next batch
      }
      window.unsent -= sent;
      // A window that ended here meanwhile was replaced: Redis's count is of the new one's start.
      if (this.windows.get(key) !== window) return;
      const [hits, remainingMs] = reply as [number, number];
      window.reported = hits;
      window.endsAt = answeredAt + remainingMs;
    });
    if (batch.some(([, window]) => window.unsent > 0)) {
      this.flushTimer ??= setTimeout(() => void this.flush(), LOCAL_HITS_FLUSH_MS);
    }
  }

  private warnSkipped(error: Error): void {
    if (Date.now() - this.lastWarning < 10_000) return;
    this.lastWarning = Date.now();
    this.logger.warn(`rate limiting counted in process only, Redis unavailable: ${error.message}`);
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
