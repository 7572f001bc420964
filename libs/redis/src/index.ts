export { REDIS_CLIENT, RedisKeys, RedisModule } from './redis.module';
export { type ChannelListener, RedisSubscription } from './redis-subscription';
