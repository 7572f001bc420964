import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type {
  AdminCourseItem,
  AdminUserItem,
  FlaggedRunItem,
  FlagReviewFilter,
  ReportItem,
} from '@runvs/admin';
import type { ReportStatus, ReportTargetType, UserRole } from '@runvs/database';
import { Transform } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import {
  ApiBoolean,
  ApiDateTime,
  ApiInteger,
  ApiNumber,
  ApiString,
  ApiUuid,
  PageOf,
} from '../common/api-responses';
import { PaginationQueryDto } from '../common/pagination-query.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value === undefined ? undefined : 'invalid';
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;

export class AdminUsersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'nickname, email or user code (contained); or the exact id' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ enum: ['user', 'admin'] })
  @IsOptional()
  @IsIn(['user', 'admin'])
  role?: UserRole;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsIn([true, false], { message: 'banned must be true or false' })
  banned?: boolean;
}

export class BanUserDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    description: 'shown to the user in the 403 USER_BANNED message',
  })
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'a temporary ban ends then; absent = until unbanned',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && ISO_WITH_OFFSET.test(value)
      ? new Date(value)
      : value === null
        ? null
        : 'invalid',
  )
  @IsDate({ message: 'until must be an ISO 8601 date-time with an offset' })
  until?: Date | null;
}

export class SetRoleDto {
  @ApiProperty({ enum: ['user', 'admin'] })
  @IsIn(['user', 'admin'])
  role!: UserRole;
}

export class AdminCoursesQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(toBoolean)
  @IsIn([true, false], { message: 'hidden must be true or false' })
  hidden?: boolean;
}

export class ExcludeEffortDto {
  @ApiProperty({ minLength: 1, maxLength: 500, description: 'shown to the runner' })
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  reason!: string;
}

export class HideCourseDto {
  @ApiPropertyOptional({ type: String, maxLength: 500, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  reason?: string | null;
}

export class FlaggedRunsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    enum: ['pending', 'confirmed', 'dismissed', 'appealed'],
    default: 'pending',
    description: '`appealed`: pending runs whose runner appealed the flag',
  })
  @IsOptional()
  @IsIn(['pending', 'confirmed', 'dismissed', 'appealed'])
  status: FlagReviewFilter = 'pending';
}

export class ReportsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'resolved', 'dismissed'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'resolved', 'dismissed', 'all'])
  status: ReportStatus | 'all' = 'open';

  @ApiPropertyOptional({ enum: ['course', 'review', 'user', 'run'] })
  @IsOptional()
  @IsIn(['course', 'review', 'user', 'run'])
  target_type?: ReportTargetType;
}

export class ResolveReportDto {
  @ApiProperty({
    enum: ['resolved', 'dismissed'],
    description: 'resolved = acted upon; dismissed = unfounded',
  })
  @IsIn(['resolved', 'dismissed'])
  status!: 'resolved' | 'dismissed';

  @ApiPropertyOptional({ type: String, maxLength: 1000, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string | null;
}

// Answers. Each DTO `implements` the domain type it documents, so the two cannot drift apart.

const ROLES: UserRole[] = ['user', 'admin'];
const TARGET_TYPES: ReportTargetType[] = ['course', 'review', 'user', 'run'];
const REPORT_STATUSES: ReportStatus[] = ['open', 'resolved', 'dismissed'];

export class AdminUserDto implements AdminUserItem {
  @ApiUuid() id!: string;
  @ApiString() user_code!: string;
  @ApiString({ nullable: true }) email!: string | null;
  @ApiString({ nullable: true }) nickname!: string | null;
  @ApiString({ nullable: true }) avatar_url!: string | null;
  @ApiProperty({ enum: ROLES, enumName: 'UserRole' }) role!: UserRole;
  @ApiBoolean() is_banned!: boolean;
  @ApiString({ nullable: true }) banned_reason!: string | null;
  @ApiDateTime({ nullable: true }) banned_at!: string | null;
  @ApiDateTime({ nullable: true, description: 'a temporary ban ends then; null = until unbanned' })
  banned_until!: string | null;
  @ApiUuid({ nullable: true }) banned_by_id!: string | null;
  @ApiInteger() total_runs!: number;
  @ApiNumber() total_distance_meters!: number;
  @ApiInteger({ description: 'open reports about this user' }) open_reports!: number;
  @ApiDateTime() created_at!: string;
}

export class AdminUserPageDto extends PageOf(AdminUserDto) {}

export class AdminCourseDto implements AdminCourseItem {
  @ApiUuid() id!: string;
  @ApiString() title!: string;
  @ApiUuid() creator_id!: string;
  @ApiString({ nullable: true }) creator_nickname!: string | null;
  @ApiNumber() distance_meters!: number;
  @ApiBoolean() is_public!: boolean;
  @ApiBoolean() is_hidden!: boolean;
  @ApiString({ nullable: true }) hidden_reason!: string | null;
  @ApiDateTime({ nullable: true }) hidden_at!: string | null;
  @ApiInteger({ description: 'open reports about this course' }) open_reports!: number;
  @ApiDateTime() created_at!: string;
}

export class AdminCoursePageDto extends PageOf(AdminCourseDto) {}

export class LeaderboardRecomputeQueuedDto {
  @ApiUuid() course_id!: string;
  @ApiProperty({ enum: [true] }) queued!: true;
}

export class FlaggedRunDto implements FlaggedRunItem {
  @ApiUuid() id!: string;
  @ApiUuid() user_id!: string;
  @ApiString({ nullable: true }) nickname!: string | null;
  @ApiUuid({ nullable: true }) course_id!: string | null;
  @ApiString({ nullable: true }) course_title!: string | null;
  @ApiString({ example: 'live' }) source!: string;
  @ApiNumber() distance_meters!: number;
  @ApiNumber() duration_seconds!: number;
  @ApiNumber({ nullable: true }) avg_pace_seconds_per_km!: number | null;
  @ApiNumber({ nullable: true }) max_speed_ms!: number | null;
  @ApiDateTime() started_at!: string;
  @ApiDateTime() finished_at!: string;
  @ApiBoolean() is_flagged!: boolean;
  @ApiString({ nullable: true }) flag_reason!: string | null;
  @ApiProperty({ type: [String], nullable: true, description: 'every reason the run was flagged for' })
  flag_reasons!: string[] | null;
  @ApiProperty({ type: String, enum: ['confirmed', 'dismissed'], nullable: true })
  flag_review_status!: 'confirmed' | 'dismissed' | null;
  @ApiUuid({ nullable: true }) flag_reviewed_by_id!: string | null;
  @ApiDateTime({ nullable: true }) flag_reviewed_at!: string | null;
  @ApiBoolean() is_ranking_eligible!: boolean;
  @ApiString({ nullable: true, description: "the runner's appeal" }) flag_appeal_message!: string | null;
  @ApiDateTime({ nullable: true }) flag_appealed_at!: string | null;
  @ApiString({ nullable: true, description: 'why an admin took the effort off its course board' })
  board_excluded_reason!: string | null;
  @ApiDateTime({ nullable: true }) board_excluded_at!: string | null;
}

export class FlaggedRunPageDto extends PageOf(FlaggedRunDto) {}

export class ReportDto implements ReportItem {
  @ApiUuid() id!: string;
  @ApiUuid() reporter_id!: string;
  @ApiString({ nullable: true }) reporter_nickname!: string | null;
  @ApiProperty({ enum: TARGET_TYPES }) target_type!: ReportTargetType;
  @ApiUuid() target_id!: string;
  @ApiString({
    nullable: true,
    description:
      'what the target is called (course title, reviewer nickname + text, user nickname); null once deleted',
  })
  target_summary!: string | null;
  @ApiBoolean() target_exists!: boolean;
  @ApiString() reason!: string;
  @ApiString({ nullable: true }) description!: string | null;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: ReportStatus;
  @ApiUuid({ nullable: true }) resolved_by_id!: string | null;
  @ApiDateTime({ nullable: true }) resolved_at!: string | null;
  @ApiString({ nullable: true }) resolution_note!: string | null;
  @ApiDateTime() created_at!: string;
}

export class ReportPageDto extends PageOf(ReportDto) {}
