import type { AppConfig } from '@runvs/config';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { ENTITIES } from './entities';

/** The one DataSource configuration, used by the api, the worker, the CLI scripts and the tests. */
export function dataSourceOptions(
  config: Pick<AppConfig, 'database'>,
  applicationName = 'runvs',
): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.database.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    // Never: every schema change is a reviewed migration.
    synchronize: false,
    migrationsRun: false,
    logging: config.database.logQueries ? ['query', 'error'] : ['error'],
    applicationName,
    extra: {
      max: config.database.poolSize,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    },
  };
}
