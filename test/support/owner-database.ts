import { Client } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';

/**
 * Runs SQL on this test file's database as the schema owner. The apps (and `app.get(DataSource)`)
 * connect as the least-privilege role, which cannot create, alter or drop anything: fault
 * injection that needs DDL (a blocking trigger, a renamed table) goes through here.
 */
export async function ownerQuery<T = Record<string, unknown>>(
  sql: string,
  parameters: unknown[] = [],
): Promise<T[]> {
  const isolation = globalThis.__runvsTestIsolation;
  if (!isolation) throw new Error('ownerQuery() must be called inside a test or hook of an e2e file');
  const client = new Client({ connectionString: isolation.ownerDatabaseUrl });
  await client.connect();
  try {
    const result = await client.query(sql, parameters);
    return result.rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * A TypeORM QueryRunner connected as the schema owner, for tests that run a migration's `down`
 * and `up` (the app's role may not alter tables). Released and disconnected after `work`.
 */
export async function withOwnerQueryRunner<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const isolation = globalThis.__runvsTestIsolation;
  if (!isolation)
    throw new Error('withOwnerQueryRunner() must be called inside a test or hook of an e2e file');
  const owner = new DataSource({ type: 'postgres', url: isolation.ownerDatabaseUrl });
  await owner.initialize();
  const runner = owner.createQueryRunner();
  try {
    return await work(runner);
  } finally {
    await runner.release();
    await owner.destroy();
  }
}
