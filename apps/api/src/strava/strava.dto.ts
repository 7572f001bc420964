import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_SYNC_ACTIVITIES } from '@runvs/strava';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
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
