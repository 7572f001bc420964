import { redactUrl } from '@runvs/common';
import { redactLoggedError } from '@runvs/database';

/** What pino-std-serializers makes of a request before our serializer sees it. */
interface StandardRequest {
  id?: unknown;
  method?: unknown;
  url?: unknown;
  headers?: Record<string, unknown>;
  remoteAddress?: unknown;
}

/** What pino-std-serializers makes of a response before our serializer sees it. */
interface StandardResponse {
  statusCode?: unknown;
  headers?: Record<string, unknown> | null;
}

/**
 * pino serializers of the api and the worker. A request's log line carries what finds and explains
 * it — id, method, URL, client address, user agent, status and size — not every header both ways:
 * serialising and shipping ~1.5 KB of headers per request cost more CPU than most handlers, and
 * the headers with credentials (Authorization, Cookie) are never logged at all. URLs lose their
 * credential parameters; logged errors lose SQL parameters and the driver's `detail` (libs/common
 * log-redaction, libs/database query-logger).
 */
export const logSerializers = {
  req: (req: StandardRequest) => ({
    id: req.id,
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    remoteAddress: req.remoteAddress,
    userAgent: req.headers?.['user-agent'],
  }),
  res: (res: StandardResponse) => ({
    statusCode: res.statusCode,
    contentLength: res.headers?.['content-length'],
  }),
  err: (err: unknown): unknown => redactLoggedError(err),
};
