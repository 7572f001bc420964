import { type ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerOptions } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { RedisKeys } from '@runvs/redis';
import type { Request } from 'express';
import { bucketOf, type RateLimitBucketName } from './rate-limit-bucket.decorator';
import { RedisThrottlerStorage } from './redis-throttler.storage';

const MINUTE_MS = 60_000;

@Module({ providers: [RedisThrottlerStorage], exports: [RedisThrottlerStorage] })
class RateLimitStorageModule {}

/**
 * Per-client limits: every request counts against `default`; routes marked with
 * @RateLimitBucket('auth'|'uploads'|'imports'|'strava') also count against that bucket. Keys are
 * per client and bucket (not per route), so "100/min" means 100 requests a minute in total.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule],
      inject: [APP_CONFIG, RedisThrottlerStorage, RedisKeys, Reflector],
      useFactory: (
        config: AppConfig,
        storage: RedisThrottlerStorage,
        keys: RedisKeys,
        reflector: Reflector,
      ) => {
        const bucket = (name: RateLimitBucketName, limit: number): ThrottlerOptions => ({
          name,
          limit,
          ttl: MINUTE_MS,
          skipIf: (context: ExecutionContext) => bucketOf(reflector, context) !== name,
        });
        return {
          storage,
          throttlers: [
            { name: 'default', limit: config.rateLimits.defaultPerMinute, ttl: MINUTE_MS },
            bucket('auth', config.rateLimits.auth),
            bucket('uploads', config.rateLimits.uploads),
            bucket('imports', config.rateLimits.imports),
            bucket('strava', config.rateLimits.strava),
          ],
          getTracker: (req: Record<string, unknown>) => (req as unknown as Request).ip ?? 'unknown',
          generateKey: (_context: ExecutionContext, tracker: string, name: string) =>
            keys.key('rl', name, tracker),
        };
      },
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class RateLimitModule {}
