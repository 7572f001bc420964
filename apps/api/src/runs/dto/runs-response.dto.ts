import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTIVITY_TYPES } from '@runvs/database';
import type {
  BatchReceipt,
  ChunkReceipt,
  PipelineStatus,
  RecoverableSession,
  RecoverView,
  RunCompletionView,
  RunRanking,
  RunRecordDetail,
  SharedRunDetail,
  UserStatsUpdate,
} from '@runvs/runs';
import { GhostComparisonDto } from './ghost-response.dto';
import {
  ApiBoolean,
  ApiDateTime,
  ApiInteger,
  ApiNumber,
  ApiString,
  ApiUuid,
} from '../../common/api-responses';
import { CourseSummaryDto } from '../../common/course-summary.dto';

// Each DTO `implements` the domain type it documents, so the two cannot drift apart.

const PIPELINE_STATUSES: PipelineStatus[] = ['pending', 'completed', 'failed'];
const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;

export class SessionCreatedDto {
  @ApiUuid() session_id!: string;
  @ApiDateTime() created_at!: string;
}

export class LastCumulativeDto {
  @ApiNumber() total_distance_meters!: number;
  @ApiNumber() total_duration_seconds!: number;
}

export class RecoverableSessionDto implements RecoverableSession {
  @ApiUuid() session_id!: string;
  @ApiUuid({ nullable: true }) course_id!: string | null;
  @ApiDateTime() started_at!: string;
  @ApiDateTime({ nullable: true }) last_chunk_at!: string | null;
  @ApiInteger() chunk_count!: number;
  @ApiProperty({ type: [Number] }) uploaded_chunk_sequences!: number[];
  @ApiProperty({ type: LastCumulativeDto, nullable: true, description: "the last chunk's running totals" })
  last_cumulative!: LastCumulativeDto | null;
}

export class RecoverableSessionsDto {
  @ApiProperty({ type: [RecoverableSessionDto] }) data!: RecoverableSessionDto[];
}

export class ChunkReceiptDto implements ChunkReceipt {
  @ApiUuid() chunk_id!: string;
  @ApiInteger() sequence!: number;
  @ApiDateTime() received_at!: string;
}

export class BatchReceiptDto implements BatchReceipt {
  @ApiProperty({ type: [Number] }) received_sequences!: number[];
  @ApiProperty({ type: [Number] }) failed_sequences!: number[];
}

export class RunRankingDto implements RunRanking {
  @ApiInteger() rank!: number;
  @ApiInteger() total_runners!: number;
  @ApiBoolean() is_personal_best!: boolean;
  @ApiNumber({ nullable: true }) previous_best_duration!: number | null;
  @ApiInteger({ nullable: true, description: 'positions gained since the previous best (+ is better)' })
  rank_change!: number | null;
}

export class UserStatsUpdateDto implements UserStatsUpdate {
  @ApiNumber() total_distance_meters!: number;
  @ApiInteger() total_runs!: number;
  @ApiInteger() streak_days!: number;
  @ApiInteger() runner_level!: number;
}

export class RunCompletionDto implements RunCompletionView {
  @ApiUuid() run_record_id!: string;
  @ApiProperty({
    type: RunRankingDto,
    nullable: true,
    description: 'null until the pipeline has ranked the run, and for runs that do not count',
  })
  ranking!: RunRankingDto | null;
  @ApiBoolean() is_flagged!: boolean;
  @ApiString({ nullable: true }) flag_reason!: string | null;
  @ApiNumber({ nullable: true }) route_match_percent!: number | null;
  @ApiNumber({ nullable: true }) max_deviation_meters!: number | null;
  @ApiProperty({ type: UserStatsUpdateDto }) user_stats_update!: UserStatsUpdateDto;
  @ApiProperty({ type: [Number] }) missing_chunk_sequences!: number[];
  @ApiInteger() points_earned!: number;
  @ApiInteger({ nullable: true }) course_streak!: number | null;
  @ApiNumber({ nullable: true }) map_matching_confidence!: number | null;
  @ApiNumber({ description: "the server's own measurement" }) distance_meters!: number;
  @ApiNumber() duration_seconds!: number;
  @ApiString({ enum: PIPELINE_STATUSES }) pipeline_status!: PipelineStatus;
  @ApiProperty({
    type: GhostComparisonDto,
    nullable: true,
    description:
      'where I gained or lost time against the ghost I raced, per course kilometre (the session `ghost`, else my best before this run); null until the pipeline has matched the run as a completed course effort, and when there is no ghost to compare with',
  })
  ghost_comparison!: GhostComparisonDto | null;
}

export class RecoverDto implements RecoverView {
  @ApiUuid() run_record_id!: string;
  @ApiNumber() recovered_distance_meters!: number;
  @ApiNumber() recovered_duration_seconds!: number;
  @ApiProperty({ type: [Number] }) missing_chunk_sequences!: number[];
}

export class RunLineDto {
  @ApiString({ enum: ['LineString', 'MultiLineString'] }) type!: 'LineString' | 'MultiLineString';
  @ApiProperty({
    type: 'array',
    items: {},
    description:
      'LineString: [[lng, lat(, alt)], …]; MultiLineString (privacy-cut shared run): [[[lng, lat], …], …]',
  })
  coordinates!: number[][] | number[][][];
}

/** My run (RunRecordDetail), or a followed runner's run as followers see it (SharedRunDetail). */
export class BoardExclusionDto {
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, format: 'date-time' }) excluded_at!: string;
}

export class RunDetailDto implements Omit<RunRecordDetail, 'route_geometry'> {
  @ApiUuid() id!: string;
  @ApiUuid() user_id!: string;
  @ApiUuid({ nullable: true }) course_id!: string | null;
  @ApiString() source!: string;
  @ApiString({
    enum: [...ACTIVITY_TYPES],
    description: 'only run, trail_run and treadmill count as runs (totals, stats, boards, events)',
  })
  activity_type!: string;
  @ApiNumber({
    description:
      "shown distance: the device's own session total for an import whose file (FIT session, TCX laps) or Strava activity carries one, else ours (gps_distance_meters)",
  })
  distance_meters!: number;
  @ApiNumber({
    description:
      "shown duration: the device's timer time (pauses excluded as the runner paused; Strava: its moving time) for an import that carries it, else ours (moving_time_seconds)",
  })
  duration_seconds!: number;
  @ApiNumber({ nullable: true, description: "the device's elapsed time when it gave one, else ours" })
  total_elapsed_seconds!: number | null;
  @ApiNumber({ description: 'ours: the GPS distance of the cleaned track' }) gps_distance_meters!: number;
  @ApiNumber({
    description: 'ours: moving time from the track — what course efforts and boards are timed by',
  })
  moving_time_seconds!: number;
  @ApiNumber({ nullable: true, description: 'ours: first to last GPS fix' }) elapsed_seconds!: number | null;
  @ApiProperty({
    type: [String],
    description:
      "informational notes on the run's data — our figures and the device's differ by more than 3 %, a damaged file read past the damage; empty when none. Not flags: they exclude nothing",
  })
  data_notes!: string[];
  @ApiNumber({ nullable: true, description: 'from the shown distance and duration' })
  avg_pace_seconds_per_km!: number | null;
  @ApiNumber({ nullable: true }) best_pace_seconds_per_km!: number | null;
  @ApiNumber({ nullable: true }) avg_speed_ms!: number | null;
  @ApiNumber({ nullable: true }) max_speed_ms!: number | null;
  @ApiNumber({ nullable: true }) calories!: number | null;
  @ApiNumber() elevation_gain_meters!: number;
  @ApiNumber() elevation_loss_meters!: number;
  @ApiProperty({ type: RunLineDto, nullable: true })
  route_geometry!: SharedRunDetail['route_geometry'];
  @ApiProperty({ type: [Number], nullable: true }) elevation_profile!: number[] | null;
  @ApiProperty({ type: 'array', items: ANY_OBJECT, nullable: true }) splits!: unknown[] | null;
  @ApiProperty({ type: 'array', items: ANY_OBJECT }) pause_intervals!: unknown[];
  @ApiProperty({ type: 'array', items: ANY_OBJECT }) best_efforts!: unknown[];
  @ApiDateTime() started_at!: string;
  @ApiDateTime() finished_at!: string;
  @ApiProperty({ type: CourseSummaryDto, nullable: true }) course!: CourseSummaryDto | null;
  @ApiProperty({ ...ANY_OBJECT, nullable: true }) course_completion!: Record<string, unknown> | null;
  @ApiProperty({ type: 'array', items: ANY_OBJECT, nullable: true }) checkpoint_results!: unknown[] | null;
  @ApiProperty({ type: RunRankingDto, nullable: true }) ranking!: RunRankingDto | null;
  @ApiProperty({ ...ANY_OBJECT, nullable: true }) goal_data!: Record<string, unknown> | null;
  @ApiBoolean() is_flagged!: boolean;
  @ApiString({ nullable: true }) flag_reason!: string | null;
  @ApiProperty({ type: [String], description: 'empty on a shared run' }) flag_reasons!: string[];
  @ApiProperty({
    type: BoardExclusionDto,
    nullable: true,
    description: 'an admin took this effort off its course board, and why (null on a shared run)',
  })
  board_exclusion!: BoardExclusionDto | null;
  @ApiProperty({ ...ANY_OBJECT, nullable: true, description: 'null on a shared run' })
  client_summary!: Record<string, unknown> | null;
  @ApiInteger() point_count!: number;
  @ApiString({ enum: PIPELINE_STATUSES }) pipeline_status!: PipelineStatus;
  @ApiPropertyOptional({
    type: Boolean,
    description: "shared runs only: whether parts inside the owner's privacy zones were removed",
  })
  route_redacted?: boolean;
  @ApiProperty({
    type: GhostComparisonDto,
    nullable: true,
    description: 'as in the complete answer; null on a shared run',
  })
  ghost_comparison!: GhostComparisonDto | null;
}
