import { ApiProperty } from '@nestjs/swagger';
import { ACTIVITY_TYPES, type EventCancelReason, type EventType } from '@runvs/database';
import {
  EVENT_TYPES,
  type EventMarker,
  type EventResponse,
  type JoinResponse,
  type ParticipantItem,
} from '@runvs/events';
import {
  ApiBoolean,
  ApiDateTime,
  ApiInteger,
  ApiNumber,
  ApiString,
  ApiUuid,
  PageOf,
} from '../../common/api-responses';
import { UserRefDto } from '../../common/user-summary.dto';

// Each DTO `implements` the domain type it documents, so the two cannot drift apart.

export class EventDto implements EventResponse {
  @ApiUuid() id!: string;
  @ApiString() title!: string;
  @ApiString({ nullable: true }) description!: string | null;
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType' }) event_type!: EventType;
  @ApiUuid({ nullable: true }) course_id!: string | null;
  @ApiDateTime() starts_at!: string;
  @ApiDateTime() ends_at!: string;
  @ApiInteger({ nullable: true }) target_distance_meters!: number | null;
  @ApiInteger({ nullable: true }) target_runs!: number | null;
  @ApiProperty({
    type: [String],
    enum: [...ACTIVITY_TYPES],
    nullable: true,
    description: 'activity types that count toward progress; null: run, trail_run and treadmill',
  })
  activity_types!: string[] | null;
  @ApiInteger({ nullable: true }) max_participants!: number | null;
  @ApiString({ example: '#FF5252' }) badge_color!: string;
  @ApiString({ example: 'trophy' }) badge_icon!: string;
  @ApiString({ nullable: true, description: "cover picture: one of the organiser's uploads" })
  image_url!: string | null;
  @ApiInteger() participant_count!: number;
  @ApiBoolean() is_participating!: boolean;
  @ApiBoolean() is_active!: boolean;
  @ApiDateTime({ nullable: true }) cancelled_at!: string | null;
  @ApiProperty({
    type: String,
    enum: ['cancelled', 'course_deleted'],
    nullable: true,
    description: '`cancelled` by its organiser or an admin, `course_deleted` with its course',
  })
  cancel_reason!: EventCancelReason | null;
  @ApiDateTime({ nullable: true, description: 'its course was deleted: progress is frozen as it was' })
  course_deleted_at!: string | null;
  @ApiNumber({ nullable: true }) center_lat!: number | null;
  @ApiNumber({ nullable: true }) center_lng!: number | null;
  @ApiString({ nullable: true }) recurring_schedule!: string | null;
  @ApiString({ nullable: true }) meeting_point!: string | null;
  @ApiUuid({ nullable: true }) creator_id!: string | null;
  @ApiString({ nullable: true }) creator_nickname!: string | null;
  @ApiNumber({ nullable: true, description: 'null unless I take part' }) my_progress_distance_meters!:
    number | null;
  @ApiInteger({ nullable: true, description: 'null unless I take part' }) my_progress_runs!: number | null;
  @ApiBoolean({ nullable: true, description: 'null unless I take part' }) my_completed!: boolean | null;
}

export class EventPageDto extends PageOf(EventDto) {}

export class EventMarkerDto implements EventMarker {
  @ApiUuid() id!: string;
  @ApiString() title!: string;
  @ApiProperty({ enum: EVENT_TYPES, enumName: 'EventType' }) event_type!: EventType;
  @ApiString() badge_color!: string;
  @ApiString() badge_icon!: string;
  @ApiNumber() center_lat!: number;
  @ApiNumber() center_lng!: number;
  @ApiInteger() participant_count!: number;
  @ApiDateTime() ends_at!: string;
}

export class JoinedEventDto implements JoinResponse {
  @ApiUuid() event_id!: string;
  @ApiUuid() user_id!: string;
  @ApiNumber() progress_distance_meters!: number;
  @ApiInteger() progress_runs!: number;
  @ApiBoolean() completed!: boolean;
  @ApiDateTime() joined_at!: string;
}

export class ParticipantDto extends UserRefDto implements ParticipantItem {
  @ApiNumber() progress_distance_meters!: number;
  @ApiInteger() progress_runs!: number;
  @ApiBoolean() completed!: boolean;
  @ApiDateTime({ nullable: true }) completed_at!: string | null;
  @ApiDateTime() joined_at!: string;
}

export class ParticipantPageDto extends PageOf(ParticipantDto) {}
