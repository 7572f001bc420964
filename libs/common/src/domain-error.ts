import { type ErrorCode, RETRYABLE_CODES } from './error-codes';

export type ErrorDetails = Record<string, unknown>;

/**
 * The one error type libs throw for expected failures. The API's exception filter turns it into
 * the contract body `{code, message, details?}` with the status from ERROR_STATUS. In the worker,
 * `retryable` decides: a retryable error (a provider or service that is down, a rate limit) is
 * retried with the queue's backoff and later re-driven; any other is permanent (the same input
 * would fail the same way) and is recorded without retries. It defaults from the code
 * (RETRYABLE_CODES) and can be set either way by the thrower.
 */
export class DomainError extends Error {
  readonly retryable: boolean;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    readonly headers?: Record<string, string>,
    options: { retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.retryable = options.retryable ?? RETRYABLE_CODES.has(code);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/**
 * Whether trying the same work again later may succeed. Errors that know (DomainError, the job
 * errors of libs/queue, anything with a boolean `retryable`) say so; any other error is taken as
 * transient — a database hiccup, a timeout — because a permanent failure must be declared.
 */
export function isRetryable(error: unknown): boolean {
  const flag = (error as { retryable?: unknown } | null)?.retryable;
  return typeof flag === 'boolean' ? flag : true;
}

export const notFound = (what = 'Resource'): DomainError => new DomainError('NOT_FOUND', `${what} not found`);
