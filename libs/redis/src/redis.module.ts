import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import { redisOptionsFromUrl } from '@runvs/queue';
import Redis from 'ioredis';
import { RedisSubscription } from './redis-subscription';

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
      useFactory: (config: AppConfig) => {
        const client = new Redis(redisOptionsFromUrl(config.redis.url, 'producer'));
        const logger = new Logger('Redis');
        let lastWarning = 0;
        // Callers handle command failures; this only keeps reconnect noise to one line per 10 s.
        client.on('error', (error: Error) => {
          if (Date.now() - lastWarning < 10_000) return;
          lastWarning = Date.now();
          logger.warn(`redis: ${error.message}`);
        });
        return client;
      },
    },
    RedisKeys,
    RedisClientCloser,
    RedisSubscription,
  ],
  exports: [REDIS_CLIENT, RedisKeys, RedisSubscription],
})
export class RedisModule {}
