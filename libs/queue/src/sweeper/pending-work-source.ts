import type { QueueName, QueuePayloads } from '../queue-definitions';

/**
 * A kind of work whose truth is in Postgres: rows that carry a done marker and should have been
 * carried to it by a job of `queue`. The owning lib implements it (a repository query); the
 * worker hands every source to the PendingWorkSweeper.
 */
export interface PendingWorkSource<Q extends QueueName = QueueName> {
  readonly queue: Q;
  /**
   * Payloads of work committed more than `olderThanSeconds` ago whose done marker is still unset
   * and that did not fail for good (failed work is the failed-job re-drive's), oldest first.
   */
  overdue(olderThanSeconds: number, limit: number): Promise<Array<QueuePayloads[Q]>>;
}

/** Injection token of the worker's list of PendingWorkSource. */
export const PENDING_WORK_SOURCES = Symbol('PENDING_WORK_SOURCES');
