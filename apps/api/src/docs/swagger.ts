import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@runvs/config';
import { adminConsoleAuth } from './admin-console-auth';
import { ConsoleLoginLimiter } from './console-login-limiter';
import { buildOpenApiDocument } from './openapi-document';

export const DOCS_PATH = 'docs';

/** Swagger UI at /docs and the OpenAPI JSON at /docs-json, behind admin auth outside development. */
export function setUpSwagger(app: INestApplication, config: AppConfig): void {
  if (!config.admin.swaggerEnabled) return;
  const guard = adminConsoleAuth(config, app.get(ConsoleLoginLimiter));
  app.use([`/${DOCS_PATH}`, `/${DOCS_PATH}-json`, `/${DOCS_PATH}-yaml`], guard);
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: `${DOCS_PATH}-json` });
}
