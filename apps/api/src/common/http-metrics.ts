import type { INestApplication } from '@nestjs/common';
import { MetricsService, secondsSince } from '@runvs/observability';
import type { NextFunction, Request, Response } from 'express';

/**
 * Times every request into runvs_http_request_duration_seconds by method, route pattern
 * (`/api/v1/courses/:id`, never the raw URL: bounded labels) and status. Requests no route
 * matched (404s, static files) are `unmatched`.
 */
export function useHttpMetrics(app: INestApplication): void {
  const metrics = app.get(MetricsService);
  app.use((request: Request, response: Response, next: NextFunction) => {
    const startedAt = process.hrtime.bigint();
    response.once('finish', () => {
      const route = (request.route as { path?: unknown } | undefined)?.path;
      metrics.observeHttpRequest(
        request.method,
        typeof route === 'string' ? `${request.baseUrl}${route}` : 'unmatched',
        response.statusCode,
        secondsSince(startedAt),
      );
    });
    next();
  });
}
