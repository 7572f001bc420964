import { ApiProperty } from '@nestjs/swagger';
import { ACTIVITY_TYPES, type Gender } from '@runvs/database';
import type {
  FollowStatus,
  ProfileResponse,
  PublicProfileResponse,
  UserResponse,
  UserSearchItem,
} from '@runvs/identity';
import type { AnalyticsResponse, MyCourseItem, RunHistoryItem, UserStats, WeeklyStats } from '@runvs/runs';
import {
  ApiBoolean,
  ApiDateTime,
  ApiInteger,
  ApiNumber,
  ApiString,
  ApiUuid,
  PageOf,
} from '../../common/api-responses';
import { UserSummaryDto } from '../../common/user-summary.dto';
import { CourseListStatsDto, CourseSummaryDto } from '../../common/course-summary.dto';

// Each DTO `implements` the domain type it documents, so the two cannot drift apart.

const GENDERS: Gender[] = ['male', 'female', 'other'];
const LNG_LAT_LINE = {
  type: 'array',
  items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
  nullable: true,
  description: '[[lng, lat], …] for thumbnails',
} as const;

/** What any runner shows others of themselves: the public part of a profile. */
export class RunnerProfileDto extends UserSummaryDto {
  @ApiString({ nullable: true }) bio!: string | null;
  @ApiString({ nullable: true }) instagram_username!: string | null;
  @ApiString({ nullable: true }) activity_region!: string | null;
  @ApiString({ nullable: true }) country!: string | null;
  @ApiString({ nullable: true }) crew_name!: string | null;
  @ApiNumber() total_distance_meters!: number;
  @ApiInteger() total_runs!: number;
}

export class ProfileDto extends RunnerProfileDto implements ProfileResponse {
  @ApiString({ nullable: true, format: 'date' }) birthday!: string | null;
  @ApiString({ enum: GENDERS, nullable: true }) gender!: Gender | null;
  @ApiNumber({ nullable: true }) height_cm!: number | null;
  @ApiNumber({ nullable: true }) weight_kg!: number | null;
  @ApiDateTime() created_at!: string;
}

/** Me, as I see myself: my profile plus what only I see (email, code, time zone, points). */
export class UserDto extends ProfileDto implements UserResponse {
  @ApiString() user_code!: string;
  @ApiString({ nullable: true }) email!: string | null;
  @ApiString({ description: 'IANA time zone' }) time_zone!: string;
  @ApiInteger() total_points!: number;
  @ApiInteger() runner_level!: number;
}

export class ProfileCourseDto {
  @ApiUuid() id!: string;
  @ApiString() title!: string;
  @ApiNumber() distance_meters!: number;
  @ApiString({ nullable: true }) thumbnail_url!: string | null;
  @ApiProperty(LNG_LAT_LINE) route_preview!: Array<[number, number]> | null;
  @ApiInteger() total_runs!: number;
  @ApiInteger() like_count!: number;
}

export class ProfileRankingDto {
  @ApiUuid() course_id!: string;
  @ApiString() course_title!: string;
  @ApiInteger() rank!: number;
  @ApiNumber() best_duration_seconds!: number;
}

export class PublicProfileDto extends RunnerProfileDto implements PublicProfileResponse {
  @ApiString() user_code!: string;
  @ApiInteger() runner_level!: number;
  @ApiInteger() total_points!: number;
  @ApiInteger() total_likes_received!: number;
  @ApiDateTime() created_at!: string;
  @ApiInteger() followers_count!: number;
  @ApiInteger() following_count!: number;
  @ApiBoolean() is_following!: boolean;
  @ApiProperty({ type: [ProfileCourseDto] }) courses!: ProfileCourseDto[];
  @ApiProperty({ type: [ProfileRankingDto] }) top_rankings!: ProfileRankingDto[];
  @ApiString({ enum: [null], nullable: true, description: 'not kept: always null' }) primary_gear!: null;
  @ApiProperty({ type: 'array', items: {}, maxItems: 0, description: 'not kept: always []' }) gear_items!: [];
}

export class FollowStatusDto implements FollowStatus {
  @ApiBoolean() is_following!: boolean;
  @ApiInteger() followers_count!: number;
  @ApiInteger() following_count!: number;
}

export class UserSearchItemDto implements UserSearchItem {
  @ApiUuid() id!: string;
  @ApiString() nickname!: string;
  @ApiString({ nullable: true }) avatar_url!: string | null;
  @ApiString({ nullable: true }) crew_name!: string | null;
  @ApiString({ nullable: true }) activity_region!: string | null;
}

export class UserSearchPageDto extends PageOf(UserSearchItemDto) {}

export class MonthlyDistanceDto {
  @ApiString({ description: 'YYYY-MM' }) month!: string;
  @ApiNumber() distance_meters!: number;
  @ApiInteger() run_count!: number;
}

export class UserStatsDto implements UserStats {
  @ApiNumber() total_distance_meters!: number;
  @ApiNumber() total_duration_seconds!: number;
  @ApiInteger() total_runs!: number;
  @ApiNumber({ nullable: true }) avg_pace_seconds_per_km!: number | null;
  @ApiNumber() avg_distance_per_run_meters!: number;
  @ApiNumber({ nullable: true }) best_pace_seconds_per_km!: number | null;
  @ApiNumber() longest_run_meters!: number;
  @ApiNumber() total_elevation_gain_meters!: number;
  @ApiNumber() estimated_calories!: number;
  @ApiInteger() current_streak_days!: number;
  @ApiInteger() best_streak_days!: number;
  @ApiInteger() courses_created!: number;
  @ApiInteger() courses_completed!: number;
  @ApiInteger() total_course_runs!: number;
  @ApiInteger() ranking_top10_count!: number;
  @ApiProperty({ type: [MonthlyDistanceDto] }) monthly_distance!: MonthlyDistanceDto[];
}

export class WeeklyStatsDto implements WeeklyStats {
  @ApiNumber() total_distance_meters!: number;
  @ApiNumber() total_duration_seconds!: number;
  @ApiInteger() run_count!: number;
  @ApiNumber({ nullable: true }) avg_pace_seconds_per_km!: number | null;
  @ApiNumber() compared_to_last_week_percent!: number;
}

export class AnalyticsWeekDto {
  @ApiString({ format: 'date' }) week_start!: string;
  @ApiNumber() distance_meters!: number;
  @ApiInteger() run_count!: number;
  @ApiNumber() duration_seconds!: number;
  @ApiNumber({ nullable: true }) avg_pace!: number | null;
}

export class PaceTrendDto {
  @ApiString({ format: 'date' }) date!: string;
  @ApiNumber() avg_pace!: number;
  @ApiNumber() distance_meters!: number;
}

export class CalendarDayDto {
  @ApiString({ format: 'date' }) date!: string;
  @ApiNumber() distance_meters!: number;
  @ApiInteger() run_count!: number;
}

export class BestEffortDto {
  @ApiString() distance_label!: string;
  @ApiNumber() target_meters!: number;
  @ApiNumber({ nullable: true }) best_time_seconds!: number | null;
  @ApiNumber({ nullable: true }) best_pace!: number | null;
  @ApiString({ nullable: true, format: 'date' }) achieved_date!: string | null;
  @ApiUuid({ nullable: true }) run_id!: string | null;
}

export class AnalyticsDto implements AnalyticsResponse {
  @ApiProperty({ type: [AnalyticsWeekDto] }) weekly_stats!: AnalyticsWeekDto[];
  @ApiProperty({ type: [PaceTrendDto] }) pace_trend!: PaceTrendDto[];
  @ApiProperty({ type: [CalendarDayDto] }) activity_calendar!: CalendarDayDto[];
  @ApiProperty({ type: [BestEffortDto] }) best_efforts!: BestEffortDto[];
  @ApiNumber() weekly_goal_km!: number;
  @ApiNumber() weekly_current_km!: number;
}

export class RunHistoryItemDto implements RunHistoryItem {
  @ApiUuid() id!: string;
  @ApiString({
    enum: [...ACTIVITY_TYPES],
    description: 'only run, trail_run and treadmill count as runs (totals, stats, boards, events)',
  })
  activity_type!: string;
  @ApiNumber() distance_meters!: number;
  @ApiNumber() duration_seconds!: number;
  @ApiNumber({ nullable: true }) avg_pace_seconds_per_km!: number | null;
  @ApiNumber() elevation_gain_meters!: number;
  @ApiDateTime() started_at!: string;
  @ApiDateTime() finished_at!: string;
  @ApiProperty({ type: CourseSummaryDto, nullable: true }) course!: CourseSummaryDto | null;
  @ApiString({ nullable: true }) device_model!: string | null;
  @ApiProperty(LNG_LAT_LINE) route_preview!: Array<[number, number]> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  goal_data!: Record<string, unknown> | null;
}

export class RunHistoryPageDto extends PageOf(RunHistoryItemDto) {}

export class MyCourseItemDto implements MyCourseItem {
  @ApiUuid() id!: string;
  @ApiString() title!: string;
  @ApiString({ nullable: true }) description!: string | null;
  @ApiNumber() distance_meters!: number;
  @ApiString({ nullable: true }) thumbnail_url!: string | null;
  @ApiBoolean() is_public!: boolean;
  @ApiString({ enum: ['normal', 'loop'], nullable: true }) course_type!: 'normal' | 'loop' | null;
  @ApiInteger({ nullable: true }) lap_count!: number | null;
  @ApiDateTime() created_at!: string;
  @ApiProperty({ type: CourseListStatsDto }) stats!: CourseListStatsDto;
}

export class WeeklyGoalSetDto {
  @ApiNumber() weekly_goal_km!: number;
}

export class AccountDeletedDto {
  @ApiBoolean({ enum: [true] }) deleted!: true;
}
