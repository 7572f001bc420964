import type { AppConfig } from '@runvs/config';
import { dataSourceOptions, ensureAppRole } from '@runvs/database';
import { createUser, ownerQuery, startStack, testConfig, type TestStack } from '@runvs/testing';
import { DataSource } from 'typeorm';

/**
 * Issue 14 item 8: the api and the worker connect as a least-privilege role (rows only: no DDL, not
 * superuser), with a statement timeout and an idle-in-transaction timeout; migrations connect as
 * the owner, which grants that role (idempotently) what it needs.
 */
describe('the app database role', () => {
  let stack: TestStack;
  let config: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    stack = await startStack({
      worker: true,
      env: { DATABASE_STATEMENT_TIMEOUT_MS: '1500', DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '20000' },
    });
    ({ config, dataSource } = stack);
  });

  afterAll(() => stack?.close());

  const refusal = (sql: string) =>
    dataSource.query(sql).then(
      () => `allowed: ${sql}`,
      (error: { code?: string }) => error.code,
    );

  it('is neither superuser nor able to create databases or roles, and is not the owner', async () => {
    const [me] = await dataSource.query(
      `SELECT current_user AS name, r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolbypassrls, r.rolreplication
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(me).toEqual({
      name: 'runvs_app',
      rolsuper: false,
      rolcreatedb: false,
      rolcreaterole: false,
      rolbypassrls: false,
      rolreplication: false,
    });
    const [owner] = await ownerQuery<{ name: string }>(`SELECT current_user AS name`);
    expect(owner.name).not.toBe('runvs_app');
    const owned = await dataSource.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`,
    );
    expect(owned).toEqual([]);
  });

  it('the api and the worker connect as that role, never as the owner', async () => {
    const users = await ownerQuery<{ usename: string }>(
      `SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'runvs'`,
    );
    expect(users).toEqual([{ usename: 'runvs_app' }]);
  });

  it('reads and writes rows, but cannot change the schema', async () => {
    const user = await createUser(dataSource);
    await dataSource.query(`UPDATE users SET bio = 'ok' WHERE id = $1`, [user.id]);
    expect((await dataSource.query(`SELECT bio FROM users WHERE id = $1`, [user.id]))[0].bio).toBe('ok');

    const insufficient = '42501';
    for (const sql of [
      `DROP TABLE run_chunks`,
      `CREATE TABLE intruder (id int)`,
      `ALTER TABLE users ADD COLUMN intruder int`,
      `CREATE INDEX intruder ON users (bio)`,
      `TRUNCATE users CASCADE`,
      `CREATE FUNCTION intruder() RETURNS int LANGUAGE sql AS 'SELECT 1'`,
      `CREATE TRIGGER intruder BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION now()`,
      `CREATE ROLE intruder`,
      `CREATE DATABASE intruder`,
      `DELETE FROM typeorm_migrations`,
      `INSERT INTO typeorm_migrations (timestamp, name) VALUES (1, 'intruder')`,
      `DROP EXTENSION postgis`,
    ]) {
      expect([sql, await refusal(sql)]).toEqual([sql, insufficient]);
    }
    const tables = await ownerQuery(
      `SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('run_chunks', 'users')`,
    );
    expect(tables).toHaveLength(2);
  });

  it('has the configured statement and idle-in-transaction timeouts, and the statement timeout cancels', async () => {
    const [statement] = await dataSource.query(`SHOW statement_timeout`);
    const [idle] = await dataSource.query(`SHOW idle_in_transaction_session_timeout`);
    expect(statement.statement_timeout).toBe('1500ms');
    expect(idle.idle_in_transaction_session_timeout).toBe('20s');
    // 57014 = query_canceled ("canceling statement due to statement timeout").
    expect(await refusal(`SELECT pg_sleep(30)`)).toBe('57014');
    // Migrations (the owner) have none: a long backfill must not be cut off.
    const owner = new DataSource(dataSourceOptions(config, 'database-role-test', 'migration'));
    await owner.initialize();
    try {
      const [ownerTimeout] = await owner.query(`SHOW statement_timeout`);
      expect(ownerTimeout.statement_timeout).toBe('0');
    } finally {
      await owner.destroy();
    }
  });

  it('the defaults are 30 s per statement and 60 s idle in a transaction', () => {
    expect(testConfig().database).toMatchObject({
      statementTimeoutMs: 30_000,
      idleInTransactionTimeoutMs: 60_000,
    });
  });

  it('granting is idempotent and covers tables that later migrations create', async () => {
    const owner = new DataSource(dataSourceOptions(config, 'database-role-test', 'migration'));
    await owner.initialize();
    try {
      const again = await ensureAppRole(owner, config.database.url);
      expect(again).toEqual({ role: 'runvs_app', separate: true, created: false });
      await owner.query(`CREATE TABLE later_migration_table (id serial PRIMARY KEY, note text)`);
      await dataSource.query(`INSERT INTO later_migration_table (note) VALUES ('rows are fine')`);
      expect(await dataSource.query(`SELECT note FROM later_migration_table`)).toEqual([
        { note: 'rows are fine' },
      ]);
      expect(await refusal(`DROP TABLE later_migration_table`)).toBe('42501');
      // One user for both (MIGRATION_DATABASE_URL unset): nothing to grant, nothing changed.
      expect(await ensureAppRole(owner, config.database.migrationUrl)).toMatchObject({ separate: false });
    } finally {
      await owner.query(`DROP TABLE IF EXISTS later_migration_table`);
      await owner.destroy();
    }
  });
});
