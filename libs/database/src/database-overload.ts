/**
 * Whether a database error means "the server is busy", not "this request is wrong": no pooled
 * connection within the pool's wait, too many connections, or a statement/lock timeout. Such a
 * request can succeed when retried, so the api answers 503 with Retry-After instead of 500.
 */
const OVERLOAD_SQLSTATES = new Set([
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout
  '55P03', // lock_not_available: lock_timeout
]);

/** node-postgres' pool, when no connection frees up within connectionTimeoutMillis. */
const POOL_WAIT_MESSAGE = /timeout exceeded when trying to connect/i;

export function isDatabaseOverload(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  const { code, driverError, message } = error as {
    code?: unknown;
    driverError?: unknown;
    message?: unknown;
  };
  if (typeof code === 'string' && OVERLOAD_SQLSTATES.has(code)) return true;
  if (typeof message === 'string' && POOL_WAIT_MESSAGE.test(message)) return true;
  // TypeORM wraps the driver's error (QueryFailedError.driverError).
  return driverError !== undefined && driverError !== error && isDatabaseOverload(driverError);
}
