import { ApiProperty } from '@nestjs/swagger';
import type {
  CourseDetail,
  CourseListItem,
  CourseMarker,
  CourseStatsResponse,
  CreatedCourse,
  NearbyCourse,
  RouteCorrection,
} from '@runvs/courses';
import type { CourseCheckpoint, CourseDifficulty, CourseType } from '@runvs/database';
import type { LngLat } from '@runvs/geo';
import type { PrivacyWarning } from '@runvs/privacy';
import {
  ApiBoolean,
  ApiDateTime,
  ApiInteger,
  ApiNumber,
  ApiString,
  ApiUuid,
  PageOf,
} from '../../common/api-responses';
import { CourseListStatsDto } from '../../common/course-summary.dto';
import { UserSummaryDto } from '../../common/user-summary.dto';

// Each DTO `implements` the domain type it documents, so the two cannot drift apart.

const DIFFICULTIES: CourseDifficulty[] = ['easy', 'normal', 'hard', 'expert', 'legend'];
const COURSE_TYPES: CourseType[] = ['normal', 'loop'];
const ApiDifficulty = () => ApiString({ enum: DIFFICULTIES });
const ApiRoutePreview = () =>
  ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 },
    nullable: true,
    description: 'a simplified line for list thumbnails, [[lng, lat], …]',
  });

export class PrivacyWarningDto implements PrivacyWarning {
  @ApiString({ enum: ['ROUTE_ENTERS_PRIVACY_ZONE'] }) code!: 'ROUTE_ENTERS_PRIVACY_ZONE';
  @ApiString() message!: string;
  @ApiProperty({ type: [Number], description: "indexes of the creator's privacy zones the line enters" })
  zone_indexes!: number[];
}

export class CreatedCourseDto implements CreatedCourse {
  @ApiUuid() id!: string;
  @ApiString() title!: string;
  @ApiNumber() distance_meters!: number;
  @ApiString({ nullable: true }) thumbnail_url!: string | null;
  @ApiString({ nullable: true, enum: [null], description: 'always null for now' }) share_url!: null;
  @ApiDateTime() created_at!: Date;
  @ApiDifficulty() difficulty!: CourseDifficulty;
  @ApiProperty({
    type: PrivacyWarningDto,
    nullable: true,
    description: "set when the line enters one of the creator's privacy zones (the line is published whole)",
  })
  privacy_warning!: PrivacyWarningDto | null;
}

export class CourseLineDto {
  @ApiString({ enum: ['LineString'] }) type!: 'LineString';
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'number' }, minItems: 3, maxItems: 3 },
    description: '[[lng, lat, altitude], …]',
  })
  coordinates!: Array<[number, number, number]>;
}

export class CourseCheckpointDto implements CourseCheckpoint {
  @ApiInteger() id!: number;
  @ApiInteger() order!: number;
  @ApiNumber() lat!: number;
  @ApiNumber() lng!: number;
  @ApiNumber() distance_from_start_meters!: number;
}

export class CourseDetailDto implements CourseDetail {
  @ApiUuid() id!: string;
  @ApiString() title!: string;
  @ApiString({ nullable: true }) description!: string | null;
  @ApiProperty({ type: CourseLineDto }) route_geometry!: CourseLineDto;
  @ApiNumber() distance_meters!: number;
  @ApiInteger({ nullable: true }) estimated_duration_seconds!: number | null;
  @ApiNumber() elevation_gain_meters!: number;
  @ApiNumber() elevation_loss_meters!: number;
  @ApiProperty({ type: [Number] }) elevation_profile!: number[];
  @ApiString({ nullable: true }) thumbnail_url!: string | null;
  @ApiProperty({ type: [String] }) photo_urls!: string[];
  @ApiRoutePreview() route_preview!: LngLat[] | null;
  @ApiBoolean() is_public!: boolean;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiString({ enum: COURSE_TYPES, nullable: true }) course_type!: CourseType | null;
  @ApiInteger({ nullable: true }) lap_count!: number | null;
  @ApiDifficulty() difficulty!: CourseDifficulty;
  @ApiDateTime() created_at!: Date;
  @ApiDateTime() updated_at!: Date;
  @ApiProperty({ type: UserSummaryDto }) creator!: UserSummaryDto;
  @ApiProperty({ type: [CourseCheckpointDto] }) checkpoints!: CourseCheckpointDto[];
  @ApiInteger() like_count!: number;
  @ApiNumber({ nullable: true }) avg_rating!: number | null;
  @ApiInteger() review_count!: number;
  @ApiInteger({ description: 'runners on the course right now' }) active_runners!: number;
}

export class CourseStatsDto implements CourseStatsResponse {
  @ApiUuid() course_id!: string;
  @ApiInteger() total_runs!: number;
  @ApiInteger() unique_runners!: number;
  @ApiNumber({ nullable: true }) avg_duration_seconds!: number | null;
  @ApiNumber({ nullable: true }) avg_pace_seconds_per_km!: number | null;
  @ApiNumber({ nullable: true }) best_duration_seconds!: number | null;
  @ApiNumber({ nullable: true }) best_pace_seconds_per_km!: number | null;
  @ApiNumber() completion_rate!: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'runs per hour of day ("0"–"23")',
  })
  runs_by_hour!: Record<string, number>;
  @ApiDateTime({ nullable: true }) updated_at!: Date | null;
}

export class CourseListItemDto implements CourseListItem {
  @ApiUuid() id!: string;
  @ApiString() title!: string;
  @ApiString({ nullable: true }) thumbnail_url!: string | null;
  @ApiRoutePreview() route_preview!: LngLat[] | null;
  @ApiNumber() distance_meters!: number;
  @ApiInteger({ nullable: true }) estimated_duration_seconds!: number | null;
  @ApiNumber() elevation_gain_meters!: number;
  @ApiDifficulty() difficulty!: CourseDifficulty;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: UserSummaryDto }) creator!: UserSummaryDto;
  @ApiProperty({ type: CourseListStatsDto }) stats!: CourseListStatsDto;
  @ApiDateTime() created_at!: Date;
  @ApiNumber({ nullable: true, description: 'set when the query gave lat/lng' })
  distance_from_user_meters!: number | null;
  @ApiInteger() like_count!: number;
  @ApiNumber({ nullable: true }) avg_rating!: number | null;
  @ApiNumber({ nullable: true, description: "the signed-in viewer's best time on it" })
  my_best_duration_seconds!: number | null;
  @ApiInteger() active_runners!: number;
}

export class CourseListPageDto extends PageOf(CourseListItemDto) {}

export class NearbyCourseDto implements NearbyCourse {
  @ApiUuid() id!: string;
  @ApiString() title!: string;
  @ApiString({ nullable: true }) thumbnail_url!: string | null;
  @ApiRoutePreview() route_preview!: LngLat[] | null;
  @ApiNumber() distance_meters!: number;
  @ApiInteger({ nullable: true }) estimated_duration_seconds!: number | null;
  @ApiNumber() elevation_gain_meters!: number;
  @ApiInteger() total_runs!: number;
  @ApiNumber({ nullable: true }) avg_pace_seconds_per_km!: number | null;
  @ApiString({ nullable: true }) creator_nickname!: string | null;
  @ApiNumber() distance_from_user_meters!: number;
  @ApiInteger() like_count!: number;
  @ApiNumber({ nullable: true }) avg_rating!: number | null;
  @ApiDifficulty() difficulty!: CourseDifficulty;
  @ApiInteger() active_runners!: number;
}

export class CourseMarkerDto implements CourseMarker {
  @ApiUuid() id!: string;
  @ApiString() title!: string;
  @ApiNumber() start_lat!: number;
  @ApiNumber() start_lng!: number;
  @ApiNumber() distance_meters!: number;
  @ApiInteger() total_runs!: number;
  @ApiDifficulty() difficulty!: CourseDifficulty;
  @ApiNumber({ nullable: true }) avg_rating!: number | null;
  @ApiInteger() active_runners!: number;
  @ApiBoolean() is_new!: boolean;
  @ApiNumber() elevation_gain_meters!: number;
  @ApiString({ nullable: true }) creator_nickname!: string | null;
}

export class CourseUpdatedDto {
  @ApiUuid() id!: string;
  @ApiString() title!: string;
  @ApiBoolean({ enum: [true] }) updated!: true;
}

/** `PATCH /courses/{id}/route` answer. */
export class RouteCorrectionDto implements RouteCorrection {
  @ApiUuid() id!: string;
  @ApiNumber({ description: 'measured on the new line' }) distance_meters!: number;
  @ApiBoolean({ enum: [true] }) corrected!: true;
  @ApiInteger({ description: 'corrections so far' }) route_revision!: number;
  @ApiString({ enum: DIFFICULTIES, nullable: true }) difficulty!: CourseDifficulty | null;
  @ApiProperty({ type: PrivacyWarningDto, nullable: true }) privacy_warning!: PrivacyWarningDto | null;
}
