import type { ErrorCode } from './error-codes';

export type ErrorDetails = Record<string, unknown>;

/**
 * The one error type libs throw for expected failures. The API's exception filter turns it into
 * the contract body `{code, message, details?}` with the status from ERROR_STATUS; the worker
 * treats it as permanent (not worth a retry) when `permanent` is true.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

export const notFound = (what = 'Resource'): DomainError => new DomainError('NOT_FOUND', `${what} not found`);
