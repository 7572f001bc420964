import type { PoolClient } from 'pg';

/**
 * Run on every new connection before its first use: loads PostGIS into the new server process
 * (≈ 10 ms on an idle box, 40–90 ms when eight cold connections start at once), which would
 * otherwise land on whichever statement touches geography first — in the pipeline, inside the
 * course board's critical section.
 */
export const WARM_UP_SQL = `SELECT 'POINT(0 0)'::geography IS NOT NULL`;

/**
 * node-postgres' pool `verify` hook: the pool hands a new connection out only once this has run.
 * A failed warm-up does not fail the caller: the connection is used as it is.
 */
export function warmUpNewConnection(client: PoolClient, done: (error?: Error) => void): void {
  client.query(WARM_UP_SQL).then(
    () => done(),
    () => done(),
  );
}
