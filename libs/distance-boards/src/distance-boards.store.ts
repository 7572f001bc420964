import { Inject, Injectable } from '@nestjs/common';
import { REDIS_CLIENT, RedisKeys } from '@runvs/redis';
import type Redis from 'ioredis';
import type { BoardPeriod } from './board-period.rules';
import { type BoardScope, type ScopeTotal, decodeStats, encodeStats } from './distance-boards.rules';

/** Past boards stay readable this long after their period ends, then Redis drops them. */
const KEEP_AFTER_END_SECONDS: Record<BoardPeriod['kind'], number> = {
  week: 8 * 7 * 86_400,
  month: 400 * 86_400,
};

export interface StoredEntry {
  userId: string;
  distance: number;
  runs: number;
  duration: number;
}

/**
 * The boards in Redis. Per period and scope a sorted set (member = user id, score = metres) and a
 * hash of `runs,duration` per user; per period and runner the set of scopes they are on, so a
 * refresh also takes them off a board their runs no longer reach. Reads are O(log n + page).
 */
@Injectable()
export class DistanceBoardsStore {
  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** The sorted set and the stats hash of one board (bulk loaders: the benchmark). */
  keysOf(period: BoardPeriod, scope: BoardScope): { board: string; stats: string } {
    return { board: this.board(period, scope), stats: this.stats(period, scope) };
  }

  private board(period: BoardPeriod, scope: BoardScope): string {
    return this.keys.key('dist', period.key, scope);
  }

  private stats(period: BoardPeriod, scope: BoardScope): string {
    return this.keys.key('dist', period.key, scope, 'stats');
  }

  private scopesOf(period: BoardPeriod, userId: string): string {
    return this.keys.key('dist', period.key, 'scopes', userId);
  }

  /** Every key of a period (the rebuild deletes them first). */
  periodPattern(period: BoardPeriod): string {
    return this.keys.key('dist', period.key, '*');
  }

  /**
   * Sets one runner's totals on a period's boards to exactly `totals` (absolute values: applying
   * the same refresh twice changes nothing), removing them from boards not in `totals`.
   */
  async setRunner(period: BoardPeriod, userId: string, totals: Map<BoardScope, ScopeTotal>): Promise<void> {
    const previous = await this.redis.smembers(this.scopesOf(period, userId));
    const expireAt = Math.ceil(period.end.getTime() / 1000) + KEEP_AFTER_END_SECONDS[period.kind];
    const multi = this.redis.multi();
    for (const scope of previous) {
      if (totals.has(scope)) continue;
      multi.zrem(this.board(period, scope), userId);
      multi.hdel(this.stats(period, scope), userId);
    }
    multi.del(this.scopesOf(period, userId));
    for (const [scope, total] of totals) {
      multi.zadd(this.board(period, scope), total.distance, userId);
      multi.hset(this.stats(period, scope), userId, encodeStats(total));
      multi.expireat(this.board(period, scope), expireAt);
      multi.expireat(this.stats(period, scope), expireAt);
    }
    if (totals.size > 0) {
      multi.sadd(this.scopesOf(period, userId), ...totals.keys());
      multi.expireat(this.scopesOf(period, userId), expireAt);
    }
    await multi.exec();
  }

  /** Runners at positions [offset, offset + limit) by distance, largest first. */
  async page(period: BoardPeriod, scope: BoardScope, offset: number, limit: number): Promise<StoredEntry[]> {
    const flat = await this.redis.zrevrange(
      this.board(period, scope),
      offset,
      offset + limit - 1,
      'WITHSCORES',
    );
    const ids: string[] = [];
    const scores: number[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      ids.push(flat[i]);
      scores.push(Number(flat[i + 1]));
    }
    if (ids.length === 0) return [];
    const stats = await this.redis.hmget(this.stats(period, scope), ...ids);
    return ids.map((userId, i) => ({ userId, distance: scores[i], ...decodeStats(stats[i]) }));
  }

  /** One runner's 0-based position and totals, or null when they are not on the board. */
  async position(
    period: BoardPeriod,
    scope: BoardScope,
    userId: string,
  ): Promise<{ index: number; entry: StoredEntry } | null> {
    const [[, index], [, score], [, stats]] = (await this.redis
      .multi()
      .zrevrank(this.board(period, scope), userId)
      .zscore(this.board(period, scope), userId)
      .hget(this.stats(period, scope), userId)
      .exec()) as Array<[Error | null, unknown]>;
    if (index === null || score === null) return null;
    return {
      index: Number(index),
      entry: { userId, distance: Number(score), ...decodeStats(stats as string | null) },
    };
  }

  /** Takes a runner off every board of every period still kept (an account deleted). */
  async removeRunner(userId: string): Promise<void> {
    const marker = `:scopes:${userId}`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(
        cursor,
        'MATCH',
        this.keys.key('dist', '*', 'scopes', userId),
        'COUNT',
        1000,
      );
      cursor = next;
      for (const key of keys) {
        const periodKey = key.slice(0, -marker.length);
        const multi = this.redis.multi();
        for (const scope of await this.redis.smembers(key)) {
          multi.zrem(`${periodKey}:${scope}`, userId);
          multi.hdel(`${periodKey}:${scope}:stats`, userId);
        }
        multi.del(key);
        await multi.exec();
      }
    } while (cursor !== '0');
  }

  /** Deletes every board of a period (SCAN, never KEYS). */
  async clearPeriod(period: BoardPeriod): Promise<number> {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', this.periodPattern(period), 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await this.redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  }
}
