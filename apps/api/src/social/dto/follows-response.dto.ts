import { ApiProperty } from '@nestjs/swagger';
import type {
  ActivityFeed,
  ActivityFeedItem,
  ActivityType,
  FollowItem,
  FollowPage,
  FriendRunning,
  UserByCode,
} from '@runvs/social';
import {
  ApiBoolean,
  ApiDateTime,
  ApiInteger,
  ApiNumber,
  ApiString,
  ApiUuid,
  PageOf,
} from '../../common/api-responses';
import { UserRefDto, UserSummaryDto } from '../../common/user-summary.dto';

// Each DTO `implements` the domain type it documents, so the two cannot drift apart.

export class FollowItemDto implements FollowItem {
  @ApiUuid({ description: 'the follow' }) id!: string;
  @ApiProperty({ type: UserSummaryDto, description: 'the other side' }) user!: UserSummaryDto;
  @ApiDateTime() created_at!: Date;
}

export class FollowPageDto extends PageOf(FollowItemDto) implements FollowPage {}

export class ActivityFeedItemDto extends UserRefDto implements ActivityFeedItem {
  @ApiString({ enum: ['run_completed', 'course_created'] }) type!: ActivityType;
  @ApiUuid({ nullable: true }) run_id!: string | null;
  @ApiNumber({ nullable: true }) distance_meters!: number | null;
  @ApiNumber({ nullable: true }) duration_seconds!: number | null;
  @ApiNumber({ nullable: true }) avg_pace_seconds_per_km!: number | null;
  @ApiString({ nullable: true, description: 'the course the run was on' }) course_title!: string | null;
  @ApiUuid({ nullable: true }) course_id!: string | null;
  @ApiString({ nullable: true, description: "the created course's title" }) course_title_created!:
    string | null;
  @ApiNumber({ nullable: true }) course_distance_meters!: number | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'array', items: { type: 'number' }, minItems: 2, maxItems: 2 } },
    nullable: true,
    description:
      "run items: the preview line's pieces outside the runner's privacy zones, [[[lng, lat], …], …]",
  })
  route_preview_segments!: Array<Array<[number, number]>> | null;
  @ApiDateTime() created_at!: Date;
}

export class ActivityFeedDto implements ActivityFeed {
  @ApiProperty({ type: [ActivityFeedItemDto] }) data!: ActivityFeedItemDto[];
  @ApiString({ nullable: true, description: 'pass as `cursor` for older items; null at the end' })
  next_cursor!: string | null;
}

export class FriendRunningDto extends UserRefDto implements FriendRunning {
  @ApiUuid() session_id!: string;
  @ApiDateTime() started_at!: Date;
  @ApiUuid({ nullable: true }) course_id!: string | null;
  @ApiString({ nullable: true }) course_title!: string | null;
}

export class FriendsRunningDto {
  @ApiProperty({ type: [FriendRunningDto] }) data!: FriendRunningDto[];
}

export class UserByCodeDto implements UserByCode {
  @ApiUuid() id!: string;
  @ApiString() user_code!: string;
  @ApiString({ nullable: true }) nickname!: string | null;
  @ApiString({ nullable: true }) avatar_url!: string | null;
  @ApiString({ nullable: true }) bio!: string | null;
  @ApiNumber() total_distance_meters!: number;
  @ApiInteger() total_runs!: number;
  @ApiBoolean() is_following!: boolean;
}
