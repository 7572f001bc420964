import { type ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule, type ThrottlerOptions } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { RedisKeys } from '@runvs/redis';
import { AccessAuthenticator, IdentityModule } from '@runvs/identity';
import type { Request } from 'express';
import { tokenSubject } from '../auth/request-auth';
import { bucketOf, type RateLimitBucketName } from './rate-limit-bucket.decorator';
import { RedisThrottlerStorage } from './redis-throttler.storage';

const MINUTE_MS = 60_000;

/** `user:<id>` for a request with a validly signed access token, else `ip:<client address>`. */
export function callerKey(req: Request, authenticator: AccessAuthenticator): string {
  const subject = tokenSubject(req, authenticator);
  return subject ? `user:${subject.userId}` : `ip:${req.ip ?? 'unknown'}`;
}

/** The Redis counters, for the throttler and the console login limiter. */
@Module({ providers: [RedisThrottlerStorage], exports: [RedisThrottlerStorage] })
export class RateLimitStorageModule {}

/**
 * Limits per caller: a signed-in request (a validly signed access token) counts against its user,
 * whatever address it comes from — runners behind one carrier NAT do not throttle each other — and
 * an anonymous one against its client IP (`req.ip`, which honours TRUST_PROXY's hops or networks
 * only). Every request counts against `default`; routes marked with
 * @RateLimitBucket('auth'|'uploads'|'imports'|'strava') also count against that bucket. Keys are
 * per caller and bucket (not per route), so "100/min" means 100 requests a minute in total.
 * While Redis is down, each bucket follows RATE_LIMIT_FAILURE_POLICY.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      imports: [RateLimitStorageModule, IdentityModule],
      inject: [APP_CONFIG, RedisThrottlerStorage, RedisKeys, Reflector, AccessAuthenticator],
      useFactory: (
        config: AppConfig,
        storage: RedisThrottlerStorage,
        keys: RedisKeys,
        reflector: Reflector,
        authenticator: AccessAuthenticator,
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
          getTracker: (req: Record<string, unknown>) => callerKey(req as unknown as Request, authenticator),
          generateKey: (_context: ExecutionContext, tracker: string, name: string) =>
            keys.key('rl', name, tracker),
        };
      },
    }),
  ],
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class RateLimitModule {}
