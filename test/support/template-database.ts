import { Client } from 'pg';
import { DataSource } from 'typeorm';
// jest's globalSetup does not apply moduleNameMapper, so the @runvs alias is not available here.
// eslint-disable-next-line no-restricted-imports
import { ensureAppRole } from '../../libs/database/src/app-role';
// eslint-disable-next-line no-restricted-imports
import { dataSourceOptions } from '../../libs/database/src/data-source-options';
import {
  appDatabaseUrl,
  checkoutTag,
  databaseUrl,
  TEST_DATABASE_PREFIX,
  templateDatabaseName,
  testServerUrl,
} from './test-env';

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testServerUrl().toString() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Migrates a template database once per migration set (built under a temporary name and renamed
 * when complete, so an interrupted build is never used), and drops stale templates and test
 * databases that earlier runs of this checkout left behind.
 */
export async function prepareTemplateDatabase(): Promise<string> {
  const template = templateDatabaseName();
  const building = `${template}_building`;
  await withAdmin(async (admin) => {
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2`,
      [`runvs_tpl_${checkoutTag()}_%`, `${TEST_DATABASE_PREFIX()}%`],
    );
    const existing = new Set(rows.map((row) => row.datname));
    for (const name of existing) {
      const stale =
        name !== template && (name.startsWith('runvs_tpl_') || name.startsWith(TEST_DATABASE_PREFIX()));
      if (stale) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    }
    if (existing.has(template)) return;

    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(building)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoteIdent(building)}`);
    const dataSource = new DataSource(
      dataSourceOptions(
        { database: { url: databaseUrl(building), poolSize: 2, logQueries: false } },
        'runvs-test-template',
        'migration',
      ),
    );
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
      // As `npm run migration:run` does: the apps under test connect as the least-privilege role.
      await ensureAppRole(dataSource, appDatabaseUrl(building));
    } finally {
      await dataSource.destroy();
    }
    await admin.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(template)}`);
  });
  return template;
}

/**
 * A fresh database for one test file, cloned from the template (fast: a file copy); resolves with
 * the owner's URL (the app role's is appDatabaseUrl(name)).
 */
export async function createTestDatabase(name: string): Promise<string> {
  const template = templateDatabaseName();
  await withAdmin(async (admin) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
        return;
      } catch (error) {
        // Another file is cloning the same template this instant; try again shortly.
        const busy = /being accessed by other users/.test((error as Error).message);
        if (!busy || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  return databaseUrl(name);
}

export async function dropTestDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}
