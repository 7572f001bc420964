import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { Observable } from 'rxjs';

const LARGE_JSON_BODY = 'runvs:large-json-body';

/**
 * Gives a route the large body limit (HTTP_JSON_LARGE_LIMIT_MB): run chunks, chunk batches, run
 * completion and course routes, which carry GPS tracks. Every other route gets the small limit.
 */
export const LargeJsonBody = () => SetMetadata(LARGE_JSON_BODY, true);

interface BodyParserError extends Error {
  type?: string;
}

/** JSON and form parsers with one limit; the form parser skips a body the JSON one has read. */
function parsersWithin(limitBytes: number): RequestHandler[] {
  return [
    express.json({ limit: limitBytes, strict: true }),
    express.urlencoded({ extended: false, limit: limitBytes }),
  ];
}

function run(parser: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    void parser(req, res, (error?: unknown) => (error ? reject(error as Error) : resolve()));
  });
}

/** body-parser's failures as the contract's errors. */
function bodyError(error: BodyParserError, limitBytes: number): Error {
  switch (error.type) {
    case 'entity.parse.failed':
      return new DomainError('INVALID_JSON', 'The request body is not valid JSON.');
    case 'entity.too.large':
      return new DomainError(
        'PAYLOAD_TOO_LARGE',
        `The request body exceeds the limit of ${limitBytes} bytes.`,
        {
          max_bytes: limitBytes,
        },
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new DomainError('UNSUPPORTED_MEDIA_TYPE', error.message);
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new DomainError('BAD_REQUEST', error.message);
    default:
      return error;
  }
}

/**
 * Reads JSON and form bodies here, after the guards, rather than in a middleware before them: an
 * unauthenticated or rate-limited request is refused without its body being read, let alone
 * parsed. The limit is per route: small by default, large for @LargeJsonBody() routes; a
 * Content-Length over it is refused before any byte is read. Multipart routes stream their own
 * bodies (uploads) and are left alone.
 */
@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  private readonly small: { limit: number; parsers: RequestHandler[] };
  private readonly large: { limit: number; parsers: RequestHandler[] };

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly reflector: Reflector,
  ) {
    this.small = { limit: config.app.jsonLimitBytes, parsers: parsersWithin(config.app.jsonLimitBytes) };
    this.large = {
      limit: config.app.largeJsonLimitBytes,
      parsers: parsersWithin(config.app.largeJsonLimitBytes),
    };
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() === 'http') {
      const http = context.switchToHttp();
      const large = this.reflector.getAllAndOverride<boolean | undefined>(LARGE_JSON_BODY, [
        context.getHandler(),
        context.getClass(),
      ]);
      const { limit, parsers } = large ? this.large : this.small;
      const [req, res] = [http.getRequest<Request>(), http.getResponse<Response>()];
      try {
        for (const parser of parsers) await run(parser, req, res);
      } catch (error) {
        throw bodyError(error as BodyParserError, limit);
      }
    }
    return next.handle();
  }
}
