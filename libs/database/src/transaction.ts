import type { DataSource, EntityManager } from 'typeorm';

const SERIALIZATION_FAILURE = '40001';
const DEADLOCK_DETECTED = '40P01';

/**
 * Runs `work` in one transaction, retrying a few times when PostgreSQL aborts it for a
 * serialization failure or deadlock (safe because the whole transaction is replayed).
 */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      const code = (error as { code?: string }).code;
      const retryable = code === SERIALIZATION_FAILURE || code === DEADLOCK_DETECTED;
      if (!retryable || attempt >= attempts) throw error;
    }
  }
}

/** PostgreSQL's unique-violation error, optionally for one named constraint/index. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pgError = error as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const code = pgError.code ?? pgError.driverError?.code;
  const name = pgError.constraint ?? pgError.driverError?.constraint;
  return code === '23505' && (constraint === undefined || name === constraint);
}

/** PostgreSQL's foreign-key violation (the referenced row is gone). */
export function isForeignKeyViolation(error: unknown): boolean {
  const pgError = error as { code?: string; driverError?: { code?: string } };
  return (pgError.code ?? pgError.driverError?.code) === '23503';
}
