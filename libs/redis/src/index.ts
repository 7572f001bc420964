export { REDIS_CLIENT, RedisKeys, RedisModule } from './redis.module';
