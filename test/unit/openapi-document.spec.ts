import 'reflect-metadata';
import type { OpenAPIObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import { loadConfig } from '@runvs/config';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOpenApiDocument } from '../../apps/api/src/api-app';
import { OPENAPI_TYPES_PATH, renderOpenApiTypes } from '../../scripts/openapi-types';
import { type OpenApiOperation, operationsOf } from '../support/openapi-operations';
import { PROJECT_ROOT } from '../support/test-env';

const ERROR_BODY = '#/components/schemas/ErrorBodyDto';
/** Success answers that carry no body by nature. */
const BODILESS = new Set(['204', '301', '302', '303']);

const isReference = (value: unknown): value is ReferenceObject =>
  typeof value === 'object' && value !== null && '$ref' in value;

describe('the OpenAPI document (/docs-json)', () => {
  let document: OpenAPIObject;
  let operations: OpenApiOperation[];

  beforeAll(async () => {
    document = await createOpenApiDocument(loadConfig({ APP_ENV: 'test' }));
    operations = operationsOf(document);
  }, 120_000);

  it('is what the committed typed client was generated from (npm run openapi:types)', async () => {
    const committed = readFileSync(join(PROJECT_ROOT, OPENAPI_TYPES_PATH), 'utf8');
    const generated = await renderOpenApiTypes(PROJECT_ROOT);
    if (generated !== committed) {
      throw new Error(`${OPENAPI_TYPES_PATH} is out of date: run \`npm run openapi:types\` and commit it`);
    }
  }, 120_000);

  it('gives every operation a success answer, with a schema unless it has no body', () => {
    const undescribed: string[] = [];
    for (const { id, operation } of operations) {
      const success = Object.entries(operation.responses).filter(([status]) => /^[23]/.test(status));
      if (success.length === 0) throw new Error(`${id} documents no success answer`);
      const described = success.some(
        ([status, response]) =>
          BODILESS.has(status) || (!isReference(response) && response?.content !== undefined),
      );
      if (!described) undescribed.push(id);
    }
    expect(undescribed).toEqual([]);
  });

  it('names the type of every schema property (give @ApiProperty a `type` for unions and `X | null`)', () => {
    const untyped: string[] = [];
    const isUntyped = (schema: unknown) => {
      if (typeof schema !== 'object' || schema === null || isReference(schema)) return false;
      const object = schema as SchemaObject;
      return (
        object.type === 'object' &&
        !object.properties &&
        object.additionalProperties === undefined &&
        !object.allOf &&
        !object.oneOf &&
        !object.anyOf
      );
    };
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      if (isUntyped(schema)) untyped.push(name);
      for (const [property, value] of Object.entries((schema as SchemaObject).properties ?? {})) {
        const target = !isReference(value) && value.type === 'array' ? value.items : value;
        if (isUntyped(target)) untyped.push(`${name}.${property}`);
      }
    }
    expect(untyped).toEqual([]);
  });

  it('answers every error with the one error body', () => {
    const wrong: string[] = [];
    for (const { id, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!/^[45]/.test(status)) continue;
        const schema = isReference(response)
          ? undefined
          : (response as ResponseObject).content?.['application/json']?.schema;
        if (!isReference(schema) || schema.$ref !== ERROR_BODY) wrong.push(`${id} ${status}`);
      }
      if (!operation.responses['500']) wrong.push(`${id} 500 missing`);
    }
    expect(wrong).toEqual([]);
  });

  it('marks public routes public and documents 401/403 wherever a token is required', () => {
    const byPath = (method: string, path: string) =>
      operations.find((operation) => operation.method === method && operation.path === path)!.operation;
    expect(byPath('get', '/health')).toMatchObject({ security: [], 'x-auth': 'public' });
    expect(byPath('post', '/api/v1/auth/login')).toMatchObject({ security: [], 'x-auth': 'public' });
    expect(byPath('get', '/api/v1/courses/{id}')).toMatchObject({
      security: [{}, { bearer: [] }],
      'x-auth': 'optional',
    });
    expect(byPath('get', '/api/v1/users/me')).toMatchObject({
      security: [{ bearer: [] }],
      'x-auth': 'required',
    });
    for (const { id, operation } of operations) {
      const auth = operation['x-auth'];
      expect({ id, auth }).toEqual({
        id,
        auth: expect.stringMatching(/^(public|optional|required|admin|allow-banned)$/),
      });
      if (auth === 'public') expect({ id, security: operation.security }).toEqual({ id, security: [] });
      if (auth !== 'public' && auth !== 'optional') {
        expect({ id, has401: Boolean(operation.responses['401']) }).toEqual({ id, has401: true });
      }
      if (auth === 'required' || auth === 'admin') {
        expect({ id, has403: Boolean(operation.responses['403']) }).toEqual({ id, has403: true });
      }
    }
  });
});
