import { type INestApplication, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { AppConfig } from '@runvs/config';
import { Logger } from 'nestjs-pino';
import { ApiModule } from './api.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { useHttpMetrics } from './common/http-metrics';
import { useSecurityHeaders } from './common/security-headers';
import { ContractValidationPipe } from './common/validation';
import { QUEUE_CONSOLE_PATH } from './docs/queue-console.module';
import { buildOpenApiDocument } from './docs/openapi-document';
import { DOCS_PATH, setUpSwagger } from './docs/swagger';
import { serveLocalUploads } from './uploads/serve-local-uploads';

export const API_PREFIX = 'api/v1';

/**
 * Builds the configured api application without listening, so main.ts and the e2e tests boot
 * exactly the same thing.
 */
export async function createApiApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  configureApiApp(app, config);
  return app;
}

/**
 * The OpenAPI document (as served at /docs-json) without a database, Redis or a server: Nest's
 * preview mode reads the modules' routes and decorators without creating any provider.
 */
export async function createOpenApiDocument(config: AppConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create(ApiModule.forRoot(config), { preview: true, logger: false });
  setApiPrefix(app);
  const document = buildOpenApiDocument(app);
  await app.close();
  return document;
}

/** `/api/v1` before every route but health (also at the root), the docs and the queue console. */
function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: `${API_PREFIX}/health`, method: RequestMethod.GET },
      { path: DOCS_PATH, method: RequestMethod.ALL },
      { path: QUEUE_CONSOLE_PATH, method: RequestMethod.ALL },
      { path: `${QUEUE_CONSOLE_PATH}/*path`, method: RequestMethod.ALL },
    ],
  });
}

/**
 * Everything around the routes: security headers, CORS, bodies, stored files (local storage),
 * prefix, validation, errors, docs.
 */
export function configureApiApp(app: INestApplication, config: AppConfig): void {
  const express = app as NestExpressApplication;
  app.useLogger(app.get(Logger));
  useHttpMetrics(app);
  express.set('trust proxy', config.app.trustProxy);
  express.disable('x-powered-by');
  useSecurityHeaders(app);
  app.enableCors({
    origin: config.app.corsOrigins,
    credentials: true,
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
  });
  serveLocalUploads(app, config);
  setApiPrefix(app);
  app.useGlobalPipes(new ContractValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  setUpSwagger(app, config);
}
