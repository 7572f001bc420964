import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  getSchemaPath,
  type OpenAPIObject,
  type OperationObject,
  type ResponseObject,
  SwaggerModule,
} from '@nestjs/swagger';
import { AUTH_MODE_EXTENSION, type AuthMode } from '../auth/auth.decorators';
import { ErrorBodyDto } from '../common/api-responses';

export const BEARER_SCHEME = 'bearer';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The OpenAPI document of the api's routes. Answers that follow from the global guard and filter
 * are added to every operation here, so controllers document only their own: the security
 * requirement and 401/403 from the auth mode (`x-auth`, set by @Public/@OptionalAuth/@AdminOnly/
 * @AllowBanned; absent = a signed-in user), and 500 INTERNAL_ERROR. Every error answer uses the
 * one error body.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('RUNVS API')
      .setDescription(
        'REST API of the RUNVS running app (JSON, snake_case, /api/v1). Errors always answer ' +
          '`{code, message, details?}`. Operations with `security: []` (`x-auth: public`) need no token.',
      )
      .setVersion('1')
      .addBearerAuth(undefined, BEARER_SCHEME)
      .build(),
    { extraModels: [ErrorBodyDto] },
  );
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) completeOperation(operation);
    }
  }
  return document;
}

function completeOperation(operation: OperationObject & { [AUTH_MODE_EXTENSION]?: AuthMode }): void {
  const mode = operation[AUTH_MODE_EXTENSION] ?? 'required';
  operation[AUTH_MODE_EXTENSION] = mode;
  const bearer = { [BEARER_SCHEME]: [] };
  // public: no token read; optional: a token personalises the answer, none is fine too.
  operation.security = mode === 'public' ? [] : mode === 'optional' ? [{}, bearer] : [bearer];
  if (mode !== 'public' && mode !== 'optional') {
    addError(operation, 401, 'AUTH_REQUIRED (no token) / AUTH_EXPIRED (bad or ended session)');
  }
  if (mode === 'required' || mode === 'admin') {
    addError(operation, 403, mode === 'admin' ? 'USER_BANNED / FORBIDDEN (not an admin)' : 'USER_BANNED');
  }
  addError(operation, 500, 'INTERNAL_ERROR (details.error_id is logged)');
}

function addError(operation: OperationObject, status: number, description: string): void {
  if (operation.responses[status]) return;
  const response: ResponseObject = {
    description,
    content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorBodyDto) } } },
  };
  operation.responses[status] = response;
}
