import { type ArgumentMetadata, Injectable, ValidationPipe, type ValidationError } from '@nestjs/common';
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
    const expectsObject =
      metadata.type === 'body' && metadata.metatype && !isPrimitiveType(metadata.metatype);
    // No body at all (Express 5 leaves req.body undefined): validate it as {}, so optional-only
    // bodies pass and required fields are named one by one.
    if (expectsObject && value === undefined) value = {};
    if (expectsObject && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw validationError([{ field: 'body', messages: ['the request body must be a JSON object'] }]);
    }
    return super.transform(value, metadata);
  }
}

function isPrimitiveType(metatype: unknown): boolean {
  return [String, Boolean, Number, Array, Object].includes(metatype as never);
}
