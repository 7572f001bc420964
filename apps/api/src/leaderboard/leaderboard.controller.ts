import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import {
  BOARD_PERIOD_KINDS,
  type BoardPeriodKind,
  type DistanceBoard,
  type DistanceBoardEntry,
  DistanceBoardsService,
} from '@runvs/distance-boards';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { type AuthenticatedUser, CurrentUser, OptionalAuth } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { PaginationQueryDto } from '../common/pagination-query.dto';
import { UserSummaryDto } from '../common/user-summary.dto';

/** GET /leaderboard/weekly: `period` week (default) or month, `country`, `region`, 0-based `page`, `per_page` 1–100. */
export class DistanceBoardQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: BOARD_PERIOD_KINDS, default: 'week' })
  @IsOptional()
  @IsIn(BOARD_PERIOD_KINDS)
  period: BoardPeriodKind = 'week';

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2 (KR) of where the runs happened' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  country?: string;

  @ApiPropertyOptional({ description: 'a city by name (Seoul) or GeoNames id, where the runs started' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  region?: string;
}

class DistanceBoardUserDto extends UserSummaryDto {
  @ApiProperty({ type: String, nullable: true }) crew_name!: string | null;
  @ApiProperty() runner_level!: number;
}

class DistanceBoardEntryDto implements DistanceBoardEntry {
  @ApiProperty({ description: 'position on the board (1 = most distance)' }) rank!: number;
  @ApiProperty({ type: DistanceBoardUserDto }) user!: DistanceBoardUserDto;
  @ApiProperty() total_distance_meters!: number;
  @ApiProperty() run_count!: number;
  @ApiProperty() total_duration_seconds!: number;
}

class DistanceBoardDto implements DistanceBoard {
  @ApiProperty({ type: [DistanceBoardEntryDto] }) data!: DistanceBoardEntryDto[];
  @ApiProperty({ type: DistanceBoardEntryDto, nullable: true }) my_ranking!: DistanceBoardEntryDto | null;
  @ApiProperty({ description: 'first instant of the week (Monday 00:00 in the product zone) or month' })
  period_start!: string;
  @ApiProperty({ description: 'first instant after the period' }) period_end!: string;
}

/** Weekly and monthly distance boards, overall or by where the runs happened. */
@ApiTags('leaderboard')
@ApiBearerAuth()
@Controller('leaderboard')
export class LeaderboardController {
  constructor(private readonly boards: DistanceBoardsService) {}

  @Get('weekly')
  @OptionalAuth()
  @ApiOkResponse({ type: DistanceBoardDto })
  @ApiErrors(422)
  weekly(
    @CurrentUser() user: AuthenticatedUser | undefined,
    @Query() query: DistanceBoardQueryDto,
  ): Promise<DistanceBoard> {
    return this.boards.board(
      {
        period: query.period,
        country: query.country ?? null,
        region: query.region ?? null,
        ...query.toPageRequest(),
      },
      user?.id ?? null,
    );
  }
}
