import type { AppConfig } from '@runvs/config';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import { warmUpNewConnection } from './connection-warm-up';
import { ENTITIES } from './entities';
import { RedactingQueryLogger } from './query-logger';

/** Which connection: the app's least-privilege role (with timeouts), or the schema owner's. */
export type DatabaseRole = 'app' | 'migration';

export type DatabaseSettings = Pick<AppConfig['database'], 'url' | 'poolSize' | 'logQueries'> &
  Partial<Pick<AppConfig['database'], 'poolMin'>> &
  Partial<Pick<AppConfig['database'], 'migrationUrl' | 'statementTimeoutMs' | 'idleInTransactionTimeoutMs'>>;

/**
 * The one DataSource configuration, used by the api, the worker, the CLI scripts and the tests.
 * `app` connects with DATABASE_URL (DML only, see ensureAppRole) and bounds every statement and
 * every idle open transaction, so one runaway query or a leaked transaction cannot hold locks and
 * connections for ever; `migration` connects as the owner (MIGRATION_DATABASE_URL), without
 * timeouts, since a migration may rewrite a large table.
 */
export function dataSourceOptions(
  config: { database: DatabaseSettings },
  applicationName = 'runvs',
  role: DatabaseRole = 'app',
): DataSourceOptions {
  const { database } = config;
  const timeouts =
    role === 'app'
      ? {
          statement_timeout: database.statementTimeoutMs ?? 0,
          idle_in_transaction_session_timeout: database.idleInTransactionTimeoutMs ?? 0,
        }
      : {};
  return {
    type: 'postgres',
    url: role === 'app' ? database.url : (database.migrationUrl ?? database.url),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    // Never: every schema change is a reviewed migration.
    synchronize: false,
    migrationsRun: false,
    // Failed queries are logged without their parameters (profiles, encrypted tokens, hashes).
    logger: new RedactingQueryLogger(database.logQueries),
    logging: database.logQueries ? ['query', 'error'] : ['error'],
    applicationName,
    extra: {
      max: database.poolSize,
      // kept open when idle (ConnectionPoolWarmUp opens them at start)
      min: Math.min(database.poolMin ?? 0, database.poolSize),
      verify: warmUpNewConnection,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      // node-postgres sends these as startup parameters of every connection of the pool.
      ...timeouts,
    },
  };
}
