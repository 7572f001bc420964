import type { OpenAPIObject, ResponseObject } from '@nestjs/swagger';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * OpenAPI 3.0 `nullable: true` as JSON Schema: `{anyOf: [the schema, {type: 'null'}]}` (so a
 * nullable enum or `$ref` also accepts null).
 */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const { nullable, ...rest } = node;
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, toJsonSchema(value)]),
  );
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

/**
 * Checks real answers against the OpenAPI document: the status must be documented for the
 * operation, and the body must match that answer's schema (a body-less answer must be empty).
 */
export class DocumentedAnswers {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction | null>();
  private readonly components: Json;

  constructor(private readonly document: OpenAPIObject) {
    addFormats(this.ajv);
    this.components = toJsonSchema((document.components ?? {}) as unknown as Json);
  }

  /** What is wrong with this answer of `method path` (the document's path template), if anything. */
  problems(method: string, path: string, status: number, body: unknown): string[] {
    const responses = this.document.paths[path]?.[method as 'get']?.responses;
    if (!responses) return [`${method.toUpperCase()} ${path} is not in the document`];
    const response = responses[String(status)] as ResponseObject | undefined;
    if (!response) return [`answered ${status}, which the document does not list`];
    const validate = this.validator(`${method} ${path} ${status}`, response);
    if (!validate) {
      const empty =
        body === undefined ||
        body === '' ||
        (typeof body === 'object' && body !== null && !Object.keys(body).length);
      return empty ? [] : [`answered ${status} with a body the document does not describe`];
    }
    if (validate(body)) return [];
    return (validate.errors ?? [])
      .slice(0, 5)
      .map((error) => `${status} body ${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`);
  }

  private validator(key: string, response: ResponseObject): ValidateFunction | null {
    if (!this.validators.has(key)) {
      const schema = response.content?.['application/json']?.schema;
      this.validators.set(
        key,
        schema
          ? this.ajv.compile({
              allOf: [toJsonSchema(schema as unknown as Json)],
              components: this.components,
            })
          : null,
      );
    }
    return this.validators.get(key) ?? null;
  }
}
