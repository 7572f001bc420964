import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  MAX_SYNC_ACTIVITIES,
  type StravaActivityItem,
  type StravaConnectionStatus,
  type StravaSyncProgress,
} from '@runvs/strava';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { ApiBoolean, ApiDateTime, ApiInteger, ApiNumber, ApiString, ApiUuid } from '../common/api-responses';

export class StravaCallbackDto {
  @ApiProperty({ description: 'the `code` Strava put on the redirect' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(512)
  code!: string;

  @ApiProperty({ description: 'the `state` from GET /strava/auth-url, echoed by Strava' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1024)
  state!: string;

  @ApiPropertyOptional({ description: 'the `scope` Strava put on the redirect: what the athlete granted' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  scope?: string;
}

export class SyncAllQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_SYNC_ACTIVITIES, default: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SYNC_ACTIVITIES)
  max_activities: number = 30;
}

/** A time filter in epoch seconds (Strava's `after` / `before`). */
const EpochSeconds = (description: string) =>
  applyDecorators(
    ApiPropertyOptional({ description }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(0),
    Max(4_102_444_800),
  );

/**
 * GET /strava/activities: up to `per_page` (≤ 100, default 30) of the athlete's latest Strava
 * activities, runs listed; the next page is asked for with `before_ts` = the last one's start.
 */
export class StravaActivitiesQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 30 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  per_page: number = 30;

  @EpochSeconds('only activities started after this time (epoch seconds)')
  after_ts?: number;

  @EpochSeconds('only activities started before this time (epoch seconds): the next page')
  before_ts?: number;
}

/**
 * POST /strava/sync: exactly one of `strava_activity_id` (the contract's form: 201 with the
 * import), `strava_activity_ids` (a selection) or `since` (every activity started since then).
 */
export class StravaSyncDto {
  @ApiPropertyOptional({ description: 'one Strava activity id' })
  @IsOptional()
  @IsInt()
  @Min(1)
  strava_activity_id?: number;

  @ApiPropertyOptional({ type: [Number], description: `up to ${MAX_SYNC_ACTIVITIES} Strava activity ids` })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SYNC_ACTIVITIES)
  @IsInt({ each: true })
  @Min(1, { each: true })
  strava_activity_ids?: number[];

  @ApiPropertyOptional({ description: 'ISO 8601 date-time: every activity started since then' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;
}

/** Strava's push event (external-apis.md §1.8). */
export class StravaWebhookEventDto {
  @IsIn(['activity', 'athlete'])
  object_type!: 'activity' | 'athlete';

  @IsInt()
  object_id!: number;

  @IsIn(['create', 'update', 'delete'])
  aspect_type!: 'create' | 'update' | 'delete';

  @IsInt()
  owner_id!: number;

  @IsOptional()
  @IsObject()
  updates?: Record<string, unknown>;

  @IsOptional()
  @IsInt()
  subscription_id?: number;

  @IsOptional()
  @IsInt()
  event_time?: number;
}

// Answers. Each DTO `implements` the domain type it documents, so the two cannot drift apart.

const SYNC_STATUSES: Array<StravaSyncProgress['status']> = [
  'idle',
  'queued',
  'running',
  'waiting',
  'completed',
  'failed',
];
const IMPORT_STATUSES = ['pending', 'processing', 'completed', 'failed'] as const;

export class StravaAuthUrlDto {
  @ApiString({ description: "Strava's authorization page to open" }) auth_url!: string;
  @ApiString({ description: 'signed state, echoed back to POST /strava/callback' }) state!: string;
}

export class StravaSyncProgressDto implements StravaSyncProgress {
  @ApiString() id!: string;
  @ApiProperty({ enum: SYNC_STATUSES, description: '`waiting` = paused by Strava rate limits' })
  status!: StravaSyncProgress['status'];
  @ApiDateTime({ nullable: true }) since!: string | null;
  @ApiInteger({ nullable: true, description: 'how many activities were selected (null: all since)' })
  selected!: number | null;
  @ApiInteger() processed!: number;
  @ApiInteger() imported!: number;
  @ApiInteger() skipped!: number;
  @ApiInteger() failed!: number;
  @ApiDateTime({ nullable: true }) started_at!: string | null;
  @ApiDateTime({ nullable: true }) finished_at!: string | null;
  @ApiString({ nullable: true }) error!: string | null;
  @ApiDateTime({ nullable: true }) rate_limited_until!: string | null;
}

export class StravaConnectionStatusDto implements StravaConnectionStatus {
  @ApiBoolean() connected!: boolean;
  @ApiString({ nullable: true }) athlete_name!: string | null;
  @ApiString({ nullable: true }) athlete_profile_url!: string | null;
  @ApiDateTime({ nullable: true }) last_sync_at!: string | null;
  @ApiBoolean() auto_sync!: boolean;
  @ApiProperty({ type: [String], description: 'the scopes the athlete granted' }) scopes!: string[];
  @ApiProperty({
    type: StravaSyncProgressDto,
    nullable: true,
    description:
      "the current or last sync (the first connection's backfill, POST /strava/sync); null before any",
  })
  sync!: StravaSyncProgressDto | null;
}

export class StravaActivityDto implements StravaActivityItem {
  @ApiInteger({ description: 'the Strava activity id' }) id!: number;
  @ApiString({ nullable: true }) name!: string | null;
  @ApiString({ nullable: true, example: 'Run' }) sport_type!: string | null;
  @ApiDateTime() start_date!: string;
  @ApiNumber({ nullable: true, description: 'm' }) distance!: number | null;
  @ApiInteger({ nullable: true, description: 's' }) moving_time!: number | null;
  @ApiNumber({ nullable: true, description: 'm' }) total_elevation_gain!: number | null;
  @ApiBoolean() private!: boolean;
  @ApiBoolean() imported!: boolean;
  @ApiUuid({ nullable: true }) import_id!: string | null;
  @ApiProperty({ type: String, enum: IMPORT_STATUSES, nullable: true })
  import_status!: (typeof IMPORT_STATUSES)[number] | null;
  @ApiUuid({ nullable: true }) run_id!: string | null;
  @ApiString({ nullable: true, description: 'why it was not imported (a duplicate…)' })
  skipped_reason!: string | null;
}

/** 202 of POST /strava/sync-all: the bulk sync is queued. */
export class StravaBulkSyncAcceptedDto {
  @ApiString({ description: 'always empty: a bulk sync has no single import' }) import_id!: string;
  @ApiProperty({ enum: ['accepted'] }) status!: 'accepted';
  @ApiString() message!: string;
}

/** 201 of POST /strava/sync with `strava_activity_id`: its pending import. */
export class StravaActivityQueuedDto {
  @ApiUuid() import_id!: string;
  @ApiProperty({ enum: ['pending'] }) status!: 'pending';
  @ApiString() message!: string;
}

/** 202 of POST /strava/sync with a selection or `since`: the sync's progress. */
export class StravaSyncAcceptedDto {
  @ApiProperty({ enum: ['accepted'] }) status!: 'accepted';
  @ApiProperty({ type: StravaSyncProgressDto }) sync!: StravaSyncProgressDto;
}

export class StravaChallengeDto {
  @ApiString({ description: 'the `hub.challenge` Strava sent' }) 'hub.challenge'!: string;
}

export class StravaWebhookReceivedDto {
  @ApiProperty({ enum: [true] }) received!: true;
}
