import {
  type ArgumentMetadata,
  Injectable,
  type Type,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { DomainError } from '@runvs/common';

export interface FieldProblem {
  field: string;
  messages: string[];
}

/** Flattens class-validator's nested errors into `a.b[2].c` field paths. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const path = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    if (error.constraints) problems.push({ field: path, messages: Object.values(error.constraints) });
    if (error.children?.length) problems.push(...flattenValidationErrors(error.children, path));
  }
  return problems;
}

export function validationError(problems: FieldProblem[]): DomainError {
  const fields = problems.map((problem) => problem.field);
  return new DomainError('VALIDATION_ERROR', `Invalid request: ${fields.join(', ')}`, { fields: problems });
}

const SHALLOW_BODY = Symbol('runvs:shallow-body');

type NestedClasses = Record<string, Type<object>>;

interface ShallowShape {
  nested: NestedClasses;
  /** members holding bulk plain data (GPS points) that a hand-written check reads field by field */
  bulk: string[];
}

/**
 * Marks a body DTO whose members carry bulk plain data that a hand-written check validates later
 * (a chunk's GPS points): the pipe builds it by copying its own top-level fields — members named in
 * `nested` become instances of their DTO the same way — and runs class-validator on it, with the
 * same options and error bodies as every other DTO, but without class-transformer's deep copy and
 * the pipe's walks over every point (closing array gaps, stripping prototype keys, looking for
 * binary values), which a parsed JSON body cannot need. The members named in `bulk` are also left
 * out of the text check (NUL, unpaired surrogates): the hand-written check owns them.
 */
export function ShallowBody(nested: NestedClasses = {}, bulk: string[] = []): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(SHALLOW_BODY, { nested, bulk } satisfies ShallowShape, target);
  };
}

function shallowInstance(metatype: Type<object>, value: Record<string, unknown>): object {
  const { nested } = Reflect.getMetadata(SHALLOW_BODY, metatype) as ShallowShape;
  const instance = new metatype() as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    // Like the pipe's own prototype-key stripping: never let a body key reach the prototype chain.
    if (key === '__proto__') continue;
    let member = value[key];
    const memberType = nested[key];
    if (memberType && Array.isArray(member)) {
      member = member.map((item) => (isPlainObject(item) ? shallowInstance(memberType, item) : item));
    } else if (memberType && isPlainObject(member)) {
      member = shallowInstance(memberType, member);
    }
    instance[key] = member;
  }
  return instance;
}

/** A NUL (PostgreSQL text and jsonb cannot hold one) or a UTF-16 surrogate without its pair. */
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The fields (`a.b[2].c`; keys too) of a request value holding text no column can store: a NUL or
 * an unpaired surrogate. Such text is not something a runner typed; it is refused as a field
 * problem like any other, instead of failing in the database. `shape` skips a shallow DTO's bulk
 * members, which their own check reads.
 */
function unstorableTextFields(
  value: unknown,
  path: string,
  shape?: ShallowShape,
  found: string[] = [],
): string[] {
  if (found.length >= 10) return found;
  if (typeof value === 'string') {
    if (UNSTORABLE_TEXT.test(value)) found.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => unstorableTextFields(item, `${path}[${index}]`, shape, found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, member] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (UNSTORABLE_TEXT.test(key)) found.push(at);
      if (shape?.bulk.includes(key)) continue;
      const memberType = shape?.nested[key];
      const memberShape = memberType
        ? (Reflect.getMetadata(SHALLOW_BODY, memberType) as ShallowShape)
        : undefined;
      unstorableTextFields(member, at, memberShape, found);
    }
  }
  return found;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Global validation: unknown fields rejected, payloads transformed into DTO instances, and every
 * problem reported as 422 VALIDATION_ERROR naming the fields. A body that is not a JSON object
 * (an array, a string) is refused before class-validator sees it.
 */
@Injectable()
export class ContractValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors: ValidationError[]) => validationError(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const shape =
        metadata.type === 'body' && metadata.metatype
          ? (Reflect.getMetadata(SHALLOW_BODY, metadata.metatype) as ShallowShape | undefined)
          : undefined;
      const fields = unstorableTextFields(value, metadata.data ?? '', shape);
      if (fields.length > 0) {
        throw validationError(
          fields.map((field) => ({
            field: field || metadata.type,
            messages: [
              `${field || metadata.type} must be text without NUL characters or unpaired surrogates`,
            ],
          })),
        );
      }
    }
    const expectsObject =
      metadata.type === 'body' && metadata.metatype && !isPrimitiveType(metadata.metatype);
    // No body at all (Express 5 leaves req.body undefined): validate it as {}, so optional-only
    // bodies pass and required fields are named one by one.
    if (expectsObject && value === undefined) value = {};
    if (expectsObject && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw validationError([{ field: 'body', messages: ['the request body must be a JSON object'] }]);
    }
    if (expectsObject && Reflect.hasMetadata(SHALLOW_BODY, metadata.metatype!)) {
      const instance = shallowInstance(metadata.metatype as Type<object>, value as Record<string, unknown>);
      const errors = await this.validate(instance, {
        ...this.validatorOptions,
        validationError: { target: false, value: false },
      });
      if (errors.length > 0) throw await this.exceptionFactory(errors);
      return instance;
    }
    return super.transform(value, metadata);
  }
}

function isPrimitiveType(metatype: unknown): boolean {
  return [String, Boolean, Number, Array, Object].includes(metatype as never);
}
