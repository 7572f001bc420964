import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { type ErrorCode, isDomainError, statusForCode } from '@runvs/common';
import { isDatabaseOverload, redactDatabaseMessage } from '@runvs/database';
import { reportError } from '@runvs/observability';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { type ErrorBody, errorBody } from './error-body';

const CODE_FOR_STATUS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'AUTH_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'VALIDATION_ERROR',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

const DATABASE_BUSY_RETRY_AFTER_SECONDS = '2';

function isErrorBody(value: unknown): value is ErrorBody {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

/**
 * The one place errors become HTTP: domain errors by their code, Nest's HTTP exceptions by status,
 * anything else as 500 INTERNAL_ERROR with an error id that is logged with the stack.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    if (response.headersSent) return;

    const { status, body, headers } = this.toHttp(exception, request);
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.status(status).json(body);
  }

  private toHttp(
    exception: unknown,
    request: Request,
  ): { status: number; body: ErrorBody; headers: Record<string, string> } {
    if (isDomainError(exception)) {
      return {
        status: statusForCode(exception.code),
        body: errorBody(exception.code, exception.message, exception.details),
        headers: exception.headers ?? {},
      };
    }
    if (exception instanceof ThrottlerException) {
      return {
        status: 429,
        body: errorBody('RATE_LIMITED', 'Too many requests, slow down and retry later.'),
        headers: { 'Retry-After': retryAfterOf(request) },
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const payload = exception.getResponse();
      if (isErrorBody(payload)) return { status, body: payload, headers: {} };
      const code = CODE_FOR_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
      const message =
        status === 404 &&
        typeof payload === 'object' &&
        /^Cannot /.test(String((payload as { message?: unknown }).message))
          ? `No route for ${request.method} ${request.path}`
          : exception.message;
      return { status, body: errorBody(code, message), headers: {} };
    }
    if (isDatabaseOverload(exception)) {
      // Busy, not broken: logged without a stack and not reported, and the client retries shortly.
      this.logger.warn(
        { method: request.method, path: request.path },
        `database busy: ${redactDatabaseMessage((exception as Error).message)}`,
      );
      return {
        status: 503,
        body: errorBody('SERVICE_UNAVAILABLE', 'The service is busy, retry shortly.'),
        headers: { 'Retry-After': DATABASE_BUSY_RETRY_AFTER_SECONDS },
      };
    }
    const errorId = randomUUID();
    this.logger.error(
      { err: exception, error_id: errorId, method: request.method, path: request.path },
      `unhandled error ${errorId}: ${redactDatabaseMessage((exception as Error)?.message ?? String(exception))}`,
    );
    // Error tracking (when SENTRY_DSN is set): the request id and user id, never the request itself.
    reportError(exception, {
      requestId: request.id === undefined ? undefined : String(request.id),
      userId: (request as Request & { user?: { id?: string } }).user?.id,
      tags: { error_id: errorId },
    });
    return {
      status: 500,
      body: errorBody('INTERNAL_ERROR', `An unexpected error occurred (error id ${errorId}).`, {
        error_id: errorId,
      }),
      headers: {},
    };
  }
}

/** The throttler writes Retry-After (default bucket) or Retry-After-<name> before throwing. */
function retryAfterOf(request: Request): string {
  const response = request.res;
  const headers = response?.getHeaders() ?? {};
  const name = Object.keys(headers).find((header) => header.toLowerCase().startsWith('retry-after'));
  return name ? String(headers[name]) : '60';
}
