import {
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  Module,
  SetMetadata,
} from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { DomainError } from '@runvs/common';
import { APP_CONFIG, type AppConfig } from '@runvs/config';
import express, { type Request, type RequestHandler, type Response } from 'express';

const LARGE_JSON_BODY = 'runvs:large-json-body';

/**
 * Gives a route the large body limit (HTTP_JSON_LARGE_LIMIT_MB): run chunks, chunk batches, run
 * completion and course routes, which carry GPS tracks. Every other route gets the small limit.
 */
export const LargeJsonBody = () => SetMetadata(LARGE_JSON_BODY, true);

interface BodyParserError extends Error {
  type?: string;
  /** http-errors' status: body-parser's verdict on whose fault the failure is */
  status?: number;
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
      // A body that cannot be decoded (Content-Encoding: gzip over bytes that are not gzip) comes
      // without a type, as a 400 of body-parser's own: the client's fault, said so. Anything else
      // stays what it is (a 500 with an error id).
      if (error.status === 400) {
        return new DomainError('BAD_REQUEST', `The request body could not be decoded: ${error.message}.`);
      }
      return error;
  }
}

/**
 * Reads JSON and form bodies in the last global guard, after the rate limiter and authentication,
 * rather than in a middleware before them: an unauthenticated or rate-limited request is refused
 * without its body being read, let alone parsed. A guard rather than an interceptor, so a request
 * carries no interceptor chain (rxjs, an async resource per request) at all. The limit is per
 * route: small by default, large for @LargeJsonBody() routes; a Content-Length over it is refused
 * before any byte is read. Multipart routes stream their own bodies (uploads) and are left alone.
 */
@Injectable()
export class JsonBodyGuard implements CanActivate {
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

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    // No body to read: skip the parsers' own checks (and their promises) on every GET.
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
      return true;
    }
    const large = this.reflector.getAllAndOverride<boolean | undefined>(LARGE_JSON_BODY, [
      context.getHandler(),
      context.getClass(),
    ]);
    const { limit, parsers } = large ? this.large : this.small;
    try {
      for (const parser of parsers) await run(parser, req, http.getResponse<Response>());
    } catch (error) {
      throw bodyError(error as BodyParserError, limit);
    }
    return true;
  }
}

/**
 * Global guards run in the order their modules were first imported: ApiModule imports this module
 * after RateLimitModule and AuthModule, so bodies are read after both have let a request through.
 */
@Module({ providers: [{ provide: APP_GUARD, useClass: JsonBodyGuard }] })
export class BodyParsingModule {}
