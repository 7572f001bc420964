import { applyDecorators, type Type } from '@nestjs/common';
import { ApiProperty, type ApiPropertyOptions, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { ERROR_STATUS, type ErrorCode } from '@runvs/common';

/** The contract's one error body, for the OpenAPI document. */
export class ErrorBodyDto {
  @ApiProperty({
    enum: Object.keys(ERROR_STATUS),
    enumName: 'ErrorCode',
    example: 'NOT_FOUND',
    description: 'UPPER_SNAKE error code',
  })
  code!: ErrorCode;

  @ApiProperty({ example: 'User not found' })
  message!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'e.g. `fields` for VALIDATION_ERROR, `error_id` for INTERNAL_ERROR',
  })
  details?: Record<string, unknown>;
}

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad request',
  401: 'AUTH_REQUIRED / AUTH_EXPIRED',
  403: 'USER_BANNED / FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'Conflict',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_FILE_TYPE',
  422: 'VALIDATION_ERROR (details.fields names each bad field)',
  429: 'RATE_LIMITED',
};

/**
 * Documents error answers with the shared error body: a status (default description), or
 * `[status, 'what it means here']`.
 */
export function ApiErrors(...responses: Array<number | [number, string]>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...responses.map((response) => {
      const [status, description] = Array.isArray(response)
        ? response
        : [response, DEFAULT_DESCRIPTIONS[response] ?? 'Error'];
      return ApiResponse({ status, description, type: ErrorBodyDto });
    }),
  );
}

/**
 * Response-property shorthands with an explicit OpenAPI type (decorator metadata cannot name
 * unions, aliases or `X | null`): `@ApiString({ nullable: true }) nickname!: string | null`.
 */
export const ApiString = (options: ApiPropertyOptions = {}) => ApiProperty({ type: String, ...options });
export const ApiNumber = (options: ApiPropertyOptions = {}) => ApiProperty({ type: Number, ...options });
export const ApiInteger = (options: ApiPropertyOptions = {}) => ApiProperty({ type: 'integer', ...options });
export const ApiBoolean = (options: ApiPropertyOptions = {}) => ApiProperty({ type: Boolean, ...options });
export const ApiUuid = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: String, format: 'uuid', ...options });
export const ApiDateTime = (options: ApiPropertyOptions = {}) =>
  ApiProperty({ type: String, format: 'date-time', ...options });

/**
 * The contract's page `{data, total_count, has_next}` of `item`, to extend (the subclass names
 * the schema and adds what its page has more): `class EventPageDto extends PageOf(EventDto) {}`.
 */
export function PageOf<T>(item: Type<T>) {
  abstract class PageDto {
    @ApiProperty({ type: [item] }) data!: T[];
    @ApiInteger() total_count!: number;
    @ApiBoolean() has_next!: boolean;
  }
  return PageDto;
}
