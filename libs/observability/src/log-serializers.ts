import { redactQuery, redactUrl } from '@runvs/common';
import { redactLoggedError } from '@runvs/database';

interface SerializedRequest {
  url?: unknown;
  query?: unknown;
  [field: string]: unknown;
}

/**
 * pino serializers of the api and the worker (pino-http hands them its standard serialization):
 * request URLs and query objects lose their credential parameters, logged errors lose SQL
 * parameters and the driver's `detail` (libs/common log-redaction, libs/database query-logger).
 */
export const logSerializers = {
  req: (req: SerializedRequest): SerializedRequest => {
    if (typeof req.url === 'string') req.url = redactUrl(req.url);
    if ('query' in req) req.query = redactQuery(req.query);
    return req;
  },
  err: (err: unknown): unknown => redactLoggedError(err),
};
