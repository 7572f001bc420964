import { Logger as NestLogger } from '@nestjs/common';
import type { Logger, QueryRunner } from 'typeorm';

/** SQL text for a log line: whitespace collapsed, long statements cut. */
export function sqlForLog(query: string, max = 2_000): string {
  const flat = query.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * TypeORM's logger without the parameters: a failed query is logged with its SQL text (which holds
 * only placeholders), the number of parameters and the error — never their values, which carry
 * profile data, encrypted provider tokens and token hashes. With DATABASE_LOG_QUERIES every query
 * is logged the same way, at debug.
 */
export class RedactingQueryLogger implements Logger {
  private readonly logger = new NestLogger('Database');

  constructor(private readonly logQueries: boolean) {}

  logQuery(query: string, parameters?: unknown[], _queryRunner?: QueryRunner): void {
    if (this.logQueries) this.logger.debug(`query: ${sqlForLog(query)}${countOf(parameters)}`);
  }

  logQueryError(
    error: string | Error,
    query: string,
    parameters?: unknown[],
    _queryRunner?: QueryRunner,
  ): void {
    const message = redactDatabaseMessage(typeof error === 'string' ? error : error.message);
    this.logger.error(`query failed: ${sqlForLog(query)}${countOf(parameters)} — ${message}`);
  }

  logQuerySlow(time: number, query: string, parameters?: unknown[], _queryRunner?: QueryRunner): void {
    this.logger.warn(`slow query (${time} ms): ${sqlForLog(query)}${countOf(parameters)}`);
  }

  logSchemaBuild(message: string): void {
    if (this.logQueries) this.logger.debug(message);
  }

  /** Migration progress is reported by scripts/migrate.ts itself; the details only with query logging. */
  logMigration(message: string): void {
    if (this.logQueries) this.logger.debug(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else if (this.logQueries) this.logger.debug(String(message));
  }
}

const countOf = (parameters?: unknown[]) =>
  parameters && parameters.length > 0 ? ` (${parameters.length} parameters, not logged)` : '';

/**
 * PostgreSQL repeats a bad input value in some messages (`invalid input syntax for type uuid:
 * "…"`); the value is cut out.
 */
export function redactDatabaseMessage(message: string): string {
  return message.replace(
    /((?:invalid input|malformed|invalid byte sequence)[^:"]*:\s*)"[^"]*"/gi,
    '$1"[REDACTED]"',
  );
}

/**
 * A serialized error (pino's `err`) as it may be logged: TypeORM's QueryFailedError keeps the
 * query's `parameters` and the driver error's `detail` (`Key (email)=(…) already exists`) —
 * both go; the SQL text (placeholders only), the code and the constraint stay.
 */
export function redactLoggedError<T>(error: T): T {
  if (error === null || typeof error !== 'object') return error;
  const copy: Record<string, unknown> = { ...(error as Record<string, unknown>) };
  let changed = false;
  for (const field of ['parameters', 'detail', 'where', 'internalQuery']) {
    if (field in copy) {
      delete copy[field];
      changed = true;
    }
  }
  for (const field of ['message', 'stack']) {
    const text = copy[field];
    if (typeof text !== 'string') continue;
    const redacted = redactDatabaseMessage(text);
    changed ||= redacted !== text;
    copy[field] = redacted;
  }
  for (const nested of ['driverError', 'cause']) {
    if (copy[nested] && typeof copy[nested] === 'object') {
      copy[nested] = redactLoggedError(copy[nested]);
      changed = true;
    }
  }
  return (changed ? copy : error) as T;
}
