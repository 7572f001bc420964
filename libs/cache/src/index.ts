export { CacheModule } from './cache.module';
export { CacheScopes, courseRunScopes } from './cache-scopes';
export { CacheService, type GetOrLoadOptions } from './cache.service';
export {
  deepFreeze,
  NEAR_CACHE_TTL_MS,
  NearCache,
  nearCacheListener,
  type NearCacheStamp,
} from './near-cache';
