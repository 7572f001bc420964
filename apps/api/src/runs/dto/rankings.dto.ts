import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  BOARD_GENDERS,
  type BoardGender,
  type BoardPeriod,
  type BoardQuery,
  type BoardSort,
  parseAgeGroup,
} from '@runvs/runs';
import { Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateBy,
} from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination-query.dto';

const PERIODS: BoardPeriod[] = ['all_time', 'year', 'month', 'week'];

/**
 * GET /rankings/courses/{id}: 0-based page, per_page 1–100 (`limit` overrides it), `sort`
 * time|pace, `period` all_time|year|month|week (the client's `scope=season` = this year),
 * `following=true` for me and the runners I follow, `country`, `gender` and `age_group` (the
 * runner's gender and age when they ran: stored on the run). The client's `crew_id` is accepted and
 * not applied.
 */
export class RankingsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ enum: ['time', 'pace'], default: 'time' })
  @IsOptional()
  @IsIn(['time', 'pace'])
  sort: BoardSort = 'time';

  @ApiPropertyOptional({ enum: PERIODS, default: 'all_time' })
  @IsOptional()
  @IsIn(PERIODS)
  period?: BoardPeriod;

  @ApiPropertyOptional({ enum: ['all_time', 'season'] })
  @IsOptional()
  @IsIn(['all_time', 'season'])
  scope?: 'all_time' | 'season';

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @Transform(({ value }) =>
    value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value,
  )
  @IsBoolean()
  following: boolean = false;

  @IsOptional() @IsString() @MaxLength(50) country?: string;
  @ApiPropertyOptional({ enum: BOARD_GENDERS, description: "the runner's gender when they ran" })
  @IsOptional()
  @IsIn(BOARD_GENDERS)
  gender?: BoardGender;

  @ApiPropertyOptional({
    example: '30s',
    description:
      "the runner's age when they ran: a decade (`30s`, `30`), a range (`30-39`) or an open end (`60+`)",
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  @ValidateBy({
    name: 'isAgeGroup',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseAgeGroup(value) !== null,
      defaultMessage: () => 'age_group must be a decade (30s), a range (30-39) or an open end (60+)',
    },
  })
  age_group?: string;
  @IsOptional() @IsString() @MaxLength(64) crew_id?: string;

  toBoardQuery(): BoardQuery {
    return {
      page: this.page,
      perPage: this.limit ?? this.per_page,
      sort: this.sort,
      period: this.period ?? (this.scope === 'season' ? 'year' : 'all_time'),
      followingOnly: this.following,
      country: this.country ?? null,
      gender: this.gender ?? null,
      ageRange: this.age_group ? parseAgeGroup(this.age_group) : null,
    };
  }
}
