import { connectionPool } from '@runvs/database';
import { startStack, type TestStack } from '@runvs/testing';

/**
 * The api opens DATABASE_POOL_MIN connections while it boots, each warmed up (PostGIS loaded into
 * its server process) before anything uses it: the first requests after a start find them ready.
 */
describe('connection pool warm-up', () => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ env: { DATABASE_POOL_MIN: '4', DATABASE_POOL_SIZE: '6' } });
  });

  afterAll(() => stack?.close());

  it('holds DATABASE_POOL_MIN warmed connections once booted, before any request', async () => {
    const pool = connectionPool(stack.dataSource);
    expect(pool.totalCount).toBeGreaterThanOrEqual(4);
    const rows = (await stack.dataSource.query(
      `SELECT query FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle'`,
    )) as Array<{ query: string }>;
    // Idle with the warm-up as the last statement they ran (but those that served the boot's own
    // queries since, and this one).
    expect(rows.filter((row) => row.query.includes(`'POINT(0 0)'::geography`)).length).toBeGreaterThanOrEqual(
      2,
    );
  });

  it('grows to DATABASE_POOL_SIZE under load, no further', async () => {
    await Promise.all(Array.from({ length: 8 }, () => stack.dataSource.query('SELECT pg_sleep(0.05)')));
    const pool = connectionPool(stack.dataSource);
    expect(pool.totalCount).toBe(6);
  });
});
