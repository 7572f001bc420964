import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';

export const OPENAPI_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type OpenApiMethod = (typeof OPENAPI_METHODS)[number];

/** One operation of the OpenAPI document: its id, method, path template and description. */
export interface OpenApiOperation {
  id: string;
  method: OpenApiMethod;
  path: string;
  operation: OperationObject & { 'x-auth'?: string };
}

/** Every operation of the document (the api's route table), in document order. */
export function operationsOf(document: OpenAPIObject): OpenApiOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    OPENAPI_METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ id: operation.operationId ?? `${method} ${path}`, method, path, operation }] : [];
    }),
  );
}
