import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

/** The stricter named limits; every route also counts against the default 100/min bucket. */
export type RateLimitBucketName = 'auth' | 'uploads' | 'imports' | 'strava';

const RATE_LIMIT_BUCKET = 'runvs:rate-limit-bucket';

/** Puts a route (or controller) in a stricter named bucket, shared across its routes per client. */
export const RateLimitBucket = (bucket: RateLimitBucketName) => SetMetadata(RATE_LIMIT_BUCKET, bucket);

export function bucketOf(reflector: Reflector, context: ExecutionContext): RateLimitBucketName | undefined {
  return reflector.getAllAndOverride<RateLimitBucketName | undefined>(RATE_LIMIT_BUCKET, [
    context.getHandler(),
    context.getClass(),
  ]);
}
