import { Param, ParseUUIDPipe } from '@nestjs/common';
import { validationError } from './validation';

/** A path parameter that must be a UUID; anything else is 422 VALIDATION_ERROR naming it. */
export const UuidParam = (name: string): ParameterDecorator =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => validationError([{ field: name, messages: [`${name} must be a UUID`] }]),
    }),
  );
