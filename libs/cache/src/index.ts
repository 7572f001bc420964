export { CacheModule } from './cache.module';
export { CacheService, type GetOrLoadOptions } from './cache.service';
