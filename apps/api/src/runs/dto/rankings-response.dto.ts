import { ApiProperty } from '@nestjs/swagger';
import type {
  BoardEntry,
  BoardUser,
  CourseBoard,
  MyBest,
  MyBoardRanking,
  MyCourseRanking,
  MyRankingsItem,
} from '@runvs/runs';
import {
  ApiBoolean,
  ApiDateTime,
  ApiInteger,
  ApiNumber,
  ApiString,
  ApiUuid,
} from '../../common/api-responses';
import { UserSummaryDto } from '../../common/user-summary.dto';
import { CourseSummaryDto } from '../../common/course-summary.dto';

// Each DTO `implements` the domain type it documents, so the two cannot drift apart.

export class BoardUserDto extends UserSummaryDto implements BoardUser {
  @ApiString({ nullable: true }) crew_name!: string | null;
  @ApiInteger() runner_level!: number;
  @ApiString({ nullable: true }) country!: string | null;
}

export class BoardEntryDto implements BoardEntry {
  @ApiInteger() rank!: number;
  @ApiProperty({ type: BoardUserDto }) user!: BoardUserDto;
  @ApiNumber() best_duration_seconds!: number;
  @ApiNumber() best_pace_seconds_per_km!: number;
  @ApiInteger() run_count!: number;
  @ApiDateTime() achieved_at!: string;
  @ApiNumber({ description: 'share of the board at or ahead of this runner (lower is better)' })
  percentile!: number;
  @ApiBoolean({
    description:
      'the server matched a recorded GPS track of this effort to the course, and it is not flagged',
  })
  gps_verified!: boolean;
  @ApiInteger({ nullable: true, description: "positions gained since the runner's previous best" })
  rank_change!: number | null;
}

export class MyBoardRankingDto implements MyBoardRanking {
  @ApiInteger() rank!: number;
  @ApiNumber() best_duration_seconds!: number;
  @ApiNumber() best_pace_seconds_per_km!: number;
  @ApiNumber() percentile!: number;
  @ApiInteger({ nullable: true }) rank_change!: number | null;
}

export class CourseBoardDto implements CourseBoard {
  @ApiProperty({ type: [BoardEntryDto] }) data!: BoardEntryDto[];
  @ApiProperty({ type: MyBoardRankingDto, nullable: true }) my_ranking!: MyBoardRankingDto | null;
  @ApiInteger() total_runners!: number;
  @ApiBoolean() has_next!: boolean;
}

export class MyCourseRankingDto implements MyCourseRanking {
  @ApiInteger({ nullable: true }) rank!: number | null;
  @ApiNumber({ nullable: true }) best_duration_seconds!: number | null;
  @ApiNumber({ nullable: true }) best_pace_seconds_per_km!: number | null;
  @ApiInteger() total_runners!: number;
  @ApiNumber({ nullable: true }) percentile!: number | null;
  @ApiInteger({ nullable: true }) rank_change!: number | null;
  @ApiInteger() run_count!: number;
}

export class MyBestDto implements MyBest {
  @ApiUuid({ description: 'the run record' }) id!: string;
  @ApiNumber() duration_seconds!: number;
  @ApiNumber({ nullable: true }) avg_pace_seconds_per_km!: number | null;
  @ApiDateTime() finished_at!: string;
}

export class MyRankingsItemDto implements MyRankingsItem {
  @ApiProperty({ type: CourseSummaryDto }) course!: CourseSummaryDto;
  @ApiInteger() rank!: number;
  @ApiInteger() total_runners!: number;
  @ApiNumber() percentile!: number;
  @ApiNumber() best_duration_seconds!: number;
  @ApiNumber() best_pace_seconds_per_km!: number;
  @ApiInteger() run_count!: number;
  @ApiDateTime() achieved_at!: string;
  @ApiInteger({ nullable: true }) rank_change!: number | null;
}

export class MyRankingsDto {
  @ApiProperty({ type: [MyRankingsItemDto] }) data!: MyRankingsItemDto[];
}
