import { type AppConfig, loadConfig } from '@runvs/config';

/**
 * The config of this test file: its own database and Redis prefix, quiet logs, generous rate
 * limits (tests that check limits lower them), plus any env overrides.
 */
export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  const isolation = globalThis.__runvsTestIsolation;
  if (!isolation) throw new Error('testConfig() must be called inside a test or hook of an e2e file');
  return loadConfig({
    APP_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: isolation.databaseUrl,
    MIGRATION_DATABASE_URL: isolation.ownerDatabaseUrl,
    DATABASE_POOL_SIZE: '5',
    REDIS_URL: isolation.redisUrl,
    REDIS_KEY_PREFIX: isolation.redisKeyPrefix,
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    RATE_LIMIT_UPLOADS_PER_MINUTE: '100000',
    RATE_LIMIT_IMPORTS_PER_MINUTE: '100000',
    RATE_LIMIT_STRAVA_PER_MINUTE: '100000',
    OUTBOX_RELAY_INTERVAL_MS: '100',
    // Files run in parallel: the private ops ports are whatever is free.
    WORKER_HTTP_PORT: '0',
    API_METRICS_PORT: '0',
    LOCAL_STORAGE_DIR: `/tmp/${isolation.redisKeyPrefix}/uploads`,
    LOCAL_PRIVATE_STORAGE_DIR: `/tmp/${isolation.redisKeyPrefix}/private`,
    ...overrides,
  });
}
