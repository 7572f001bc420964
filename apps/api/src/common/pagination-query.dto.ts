import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_PAGE, type PageRequest } from '@runvs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * The one `page` query parameter of every paged list: 0-based, at most MAX_PAGE. A page past the
 * data is an empty page; a larger number is a 422 naming `page`, never a 500.
 */
export const PageNumber = () =>
  applyDecorators(
    ApiPropertyOptional({ minimum: 0, maximum: MAX_PAGE, default: 0 }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(0),
    Max(MAX_PAGE),
  );

/** `page` is 0-based; `per_page` 1–100 (default 20). */
export class PaginationQueryDto {
  @PageNumber()
  page: number = 0;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  per_page: number = 20;

  toPageRequest(): PageRequest {
    return { page: this.page, perPage: this.per_page };
  }
}
