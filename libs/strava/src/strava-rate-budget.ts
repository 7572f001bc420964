import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisKeys } from '@runvs/redis';
import type Redis from 'ioredis';
import { nextQuarterHour, nextUtcMidnight, type RateLimitWindowUsage } from './strava-rate-limit';

/** Strava's documented defaults, used until a response tells the application's real limits. */
export const DEFAULT_LIMITS = { allShort: 200, allDaily: 2000, readShort: 100, readDaily: 1000 };

/**
 * KEYS: all-15min, all-daily, read-15min, read-daily counters, limits hash, pause key.
 * ARGV: now, next quarter hour, next midnight, 4 default limits, 15-min ttl, daily ttl.
 * Returns 0 when a request may go (and counts it in every window), else until when to wait (ms).
 */
const ACQUIRE = `
local now = tonumber(ARGV[1])
local pause = tonumber(redis.call('GET', KEYS[6]) or '0')
if pause > now then return pause end
local limits = redis.call('HMGET', KEYS[5], 'all_short', 'all_daily', 'read_short', 'read_daily')
local used = {}
for i = 1, 4 do used[i] = tonumber(redis.call('GET', KEYS[i]) or '0') end
local function limit(i) return tonumber(limits[i]) or tonumber(ARGV[3 + i]) end
if used[2] >= limit(2) or used[4] >= limit(4) then return tonumber(ARGV[3]) end
if used[1] >= limit(1) or used[3] >= limit(3) then return tonumber(ARGV[2]) end
for i = 1, 4 do
  redis.call('INCR', KEYS[i])
  if i % 2 == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[8]) else redis.call('PEXPIRE', KEYS[i], ARGV[9]) end
end
return 0
`;

/**
 * KEYS: the 4 counters, limits hash. ARGV: 15-min ttl, daily ttl, then per window (all-15min,
 * all-daily, read-15min, read-daily) its limit and usage ('' when the header was absent).
 * Strava's usage is the truth: a counter behind it is raised to it (never lowered: our own
 * requests in flight are counted already).
 */
const RECORD = `
local names = { 'all_short', 'all_daily', 'read_short', 'read_daily' }
for i = 1, 4 do
  local limit = ARGV[1 + i * 2]
  local usage = ARGV[2 + i * 2]
  if limit ~= '' then redis.call('HSET', KEYS[5], names[i], limit) end
  if usage ~= '' and tonumber(usage) > tonumber(redis.call('GET', KEYS[i]) or '0') then
    local ttl = ARGV[1]
    if i % 2 == 0 then ttl = ARGV[2] end
    redis.call('SET', KEYS[i], usage, 'PX', ttl)
  end
end
return 0
`;

/** Keeps the larger of the stored pause and the new one. */
const PAUSE = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 0
`;

/** The overall and the read window of one response, by the headers they came in. */
export interface StravaUsage {
  all?: RateLimitWindowUsage;
  read?: RateLimitWindowUsage;
}

/**
 * The application's Strava rate-limit budget, ONE for every api and worker process, in Redis:
 * counters for the 15-minute windows (reset at :00/:15/:30/:45) and the UTC day, for all requests
 * and for reads, with the limits Strava last announced. A request is counted before it leaves, in
 * the same atomic step that checks room is left, so concurrent processes never overrun the budget;
 * every response's `X-RateLimit-*` / `X-ReadRateLimit-*` usage raises the counters to Strava's own
 * count, and a 429 pauses everyone until the window resets.
 */
@Injectable()
export class StravaRateBudget {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** 0 when a request may be sent now (it is counted), else the epoch ms to wait for. */
  async acquire(nowMs = Date.now()): Promise<number> {
    const result = await this.redis.eval(
      ACQUIRE,
      6,
      ...this.windowKeys(nowMs),
      this.keys.key('strava', 'rate', 'limits'),
      this.keys.key('strava', 'rate', 'pause'),
      nowMs,
      nextQuarterHour(nowMs),
      nextUtcMidnight(nowMs),
      DEFAULT_LIMITS.allShort,
      DEFAULT_LIMITS.allDaily,
      DEFAULT_LIMITS.readShort,
      DEFAULT_LIMITS.readDaily,
      nextQuarterHour(nowMs) - nowMs + 60_000,
      nextUtcMidnight(nowMs) - nowMs + 60_000,
    );
    return Number(result);
  }

  /** Brings the counters up to the usage Strava reported. */
  async record(usage: StravaUsage, nowMs = Date.now()): Promise<void> {
    if (!usage.all && !usage.read) return;
    const field = (n: number | undefined) => (n === undefined ? '' : String(n));
    await this.redis.eval(
      RECORD,
      5,
      ...this.windowKeys(nowMs),
      this.keys.key('strava', 'rate', 'limits'),
      nextQuarterHour(nowMs) - nowMs + 60_000,
      nextUtcMidnight(nowMs) - nowMs + 60_000,
      field(usage.all?.shortLimit),
      field(usage.all?.shortUsage),
      field(usage.all?.dailyLimit),
      field(usage.all?.dailyUsage),
      field(usage.read?.shortLimit),
      field(usage.read?.shortUsage),
      field(usage.read?.dailyLimit),
      field(usage.read?.dailyUsage),
    );
  }

  /** No request from any process until `untilMs` (Strava answered 429). */
  async pauseUntil(untilMs: number, nowMs = Date.now()): Promise<void> {
    await this.redis.eval(
      PAUSE,
      1,
      this.keys.key('strava', 'rate', 'pause'),
      untilMs,
      Math.max(1, untilMs - nowMs),
    );
  }

  private windowKeys(nowMs: number): string[] {
    const quarter = Math.floor(nowMs / (15 * 60_000));
    const day = new Date(nowMs).toISOString().slice(0, 10);
    return [
      this.keys.key('strava', 'rate', 'all', 'q', quarter),
      this.keys.key('strava', 'rate', 'all', 'd', day),
      this.keys.key('strava', 'rate', 'read', 'q', quarter),
      this.keys.key('strava', 'rate', 'read', 'd', day),
    ];
  }
}
