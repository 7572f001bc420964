export { CacheModule } from './cache.module';
export { CacheScopes, courseRunScopes } from './cache-scopes';
export { CacheService, type GetOrLoadOptions } from './cache.service';
