import { Inject, Injectable, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { RedisKeys } from '@runvs/redis';
import { RateLimitStorageModule } from '../rate-limit/rate-limit.module';
import { RedisThrottlerStorage } from '../rate-limit/redis-throttler.storage';

const WINDOW_MS = 60_000;

/**
 * Failed Basic-auth attempts on the admin consoles (/docs, /queues), per client address and
 * minute (RATE_LIMIT_CONSOLE_LOGIN_PER_MINUTE): past the limit every attempt is refused until the
 * window ends, right password or not. Only failures count, so an admin's dashboard polling with
 * the right credentials never trips it. It throws when Redis is down: callers refuse (fail closed).
 */
@Injectable()
export class ConsoleLoginLimiter {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly storage: RedisThrottlerStorage,
    private readonly keys: RedisKeys,
  ) {}

  /** Seconds to wait when this address is locked out, else null. */
  async lockedFor(address: string): Promise<number | null> {
    const failures = await this.storage.peek(this.key(address));
    if (failures < this.config.rateLimits.consoleLogin) return null;
    return Math.max(1, Math.ceil((await this.storage.remainingMs(this.key(address))) / 1000));
  }

  async recordFailure(address: string): Promise<void> {
    await this.storage.hit(this.key(address), WINDOW_MS);
  }

  private key(address: string): string {
    return this.keys.key('rl', 'console-login', address);
  }
}

@Module({
  imports: [RateLimitStorageModule],
  providers: [ConsoleLoginLimiter],
  exports: [ConsoleLoginLimiter],
})
export class ConsoleLoginModule {}
