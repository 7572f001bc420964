import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  RUNS_ORDER_BY,
  type RunsOrderBy,
  type RunsQuery,
  STATS_PERIODS,
  type StatsPeriod,
} from '@runvs/runs';
import { Transform, Type } from 'class-transformer';
import { PageNumber } from '../../common/pagination-query.dto';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class StatsQueryDto {
  @ApiPropertyOptional({ enum: STATS_PERIODS, default: 'all' })
  @IsOptional()
  @IsIn(STATS_PERIODS)
  period: StatsPeriod = 'all';
}

/** `GET /users/me/runs`: 0-based page, per_page 1–500, `limit` overrides per_page (the client's "recent runs"). */
export class RunsQueryDto {
  @PageNumber()
  page: number = 0;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  per_page: number = 20;

  @ApiPropertyOptional({ minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ enum: RUNS_ORDER_BY, default: 'finished_at' })
  @IsOptional()
  @IsIn(RUNS_ORDER_BY)
  order_by: RunsOrderBy = 'finished_at';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'desc';

  toQuery(): RunsQuery {
    return {
      page: this.page,
      perPage: this.limit ?? this.per_page,
      orderBy: this.order_by,
      order: this.order,
    };
  }
}

/** `GET /users/search?q=&page=&per_page=` (per_page 1–50). */
export class UserSearchQueryDto {
  @ApiProperty({ minLength: 1, maxLength: 50 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 50)
  q!: string;

  @PageNumber()
  page: number = 0;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  per_page: number = 20;
}

export class WeeklyGoalDto {
  @ApiProperty({ minimum: 1, maximum: 500, example: 25 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(500)
  goal_km!: number;
}
