import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

/** The stricter named limits; every route also counts against the default bucket. */
export type RateLimitBucketName = 'auth' | 'uploads' | 'imports' | 'strava';

/**
 * What each bucket does while Redis is down. Closed: refuse (503) — sign-in, refresh and console
 * logins, where an unlimited window means unlimited guessing. Open: let requests through, so a
 * limiter outage does not become an API outage.
 */
export const RATE_LIMIT_FAILURE_POLICY: Record<
  RateLimitBucketName | 'default' | 'console-login',
  'open' | 'closed'
> = {
  default: 'open',
  auth: 'closed',
  'console-login': 'closed',
  uploads: 'open',
  imports: 'open',
  strava: 'open',
};

export function failsClosed(bucket: string): boolean {
  return (RATE_LIMIT_FAILURE_POLICY as Record<string, string | undefined>)[bucket] === 'closed';
}

const RATE_LIMIT_BUCKET = 'runvs:rate-limit-bucket';

/** Puts a route (or controller) in a stricter named bucket, shared across its routes per client. */
export const RateLimitBucket = (bucket: RateLimitBucketName) => SetMetadata(RATE_LIMIT_BUCKET, bucket);

export function bucketOf(reflector: Reflector, context: ExecutionContext): RateLimitBucketName | undefined {
  return reflector.getAllAndOverride<RateLimitBucketName | undefined>(RATE_LIMIT_BUCKET, [
    context.getHandler(),
    context.getClass(),
  ]);
}
