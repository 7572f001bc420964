import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { redisOptionsFromUrl } from '@runvs/queue';
import Redis from 'ioredis';

/** Injection token of the app's shared ioredis client (fail-fast: commands error while Redis is down). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

/** Builds namespaced keys under the configured prefix: `redisKey('rl', 'auth', ip)`. */
@Injectable()
export class RedisKeys {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  key(...parts: Array<string | number>): string {
    return [this.config.redis.keyPrefix, ...parts].join(':');
  }
}

@Injectable()
class RedisClientCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new Redis({ ...redisOptionsFromUrl(config.redis.url, 'producer'), lazyConnect: false }),
    },
    RedisKeys,
    RedisClientCloser,
  ],
  exports: [REDIS_CLIENT, RedisKeys],
})
export class RedisModule {}
