import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_SYNC_ACTIVITIES } from '@runvs/strava';
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
