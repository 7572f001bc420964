import { ApiPropertyOptional } from '@nestjs/swagger';
import type { PageRequest } from '@runvs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `page` is 0-based; `per_page` 1–100 (default 20). */
export class PaginationQueryDto {
  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
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
