import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ACTIVITY_TYPES, type EventType } from '@runvs/database';
import { EVENT_TYPES, type EventListQuery, type Viewport } from '@runvs/events';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination-query.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** ISO 8601 with an offset (or Z): a bare local time would be ambiguous. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/;
const toDate = ({ value }: { value: unknown }) =>
  typeof value === 'string' && ISO_WITH_OFFSET.test(value)
    ? new Date(value)
    : value === null
      ? null
      : 'invalid';
const PRINTABLE = /^[^\p{C}]*$/u;
const HEX_COLOR = /^#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})$/;
const ICON = /^[a-z0-9][a-z0-9_-]{0,49}$/;

export class EventsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: EVENT_TYPES })
  @IsOptional()
  @IsIn(EVENT_TYPES)
  event_type?: EventType;

  toQuery(): EventListQuery {
    return { page: this.page, perPage: this.per_page, eventType: this.event_type };
  }
}

export class MapMarkersQueryDto {
  @ApiProperty() @Type(() => Number) @IsLatitude() sw_lat!: number;
  @ApiProperty() @Type(() => Number) @IsLongitude() sw_lng!: number;
  @ApiProperty() @Type(() => Number) @IsLatitude() ne_lat!: number;
  @ApiProperty() @Type(() => Number) @IsLongitude() ne_lng!: number;

  toViewport(): Viewport {
    return {
      swLat: Math.min(this.sw_lat, this.ne_lat),
      neLat: Math.max(this.sw_lat, this.ne_lat),
      swLng: this.sw_lng,
      neLng: this.ne_lng,
    };
  }
}

/** The writable fields of an event; on create `title`, `starts_at`, `ends_at` are required. */
class EventFieldsDto {
  @ApiPropertyOptional({ type: String, maxLength: 1000, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  description?: string | null;

  @ApiPropertyOptional({ enum: EVENT_TYPES, default: 'challenge' })
  @IsOptional()
  @IsIn(EVENT_TYPES)
  event_type?: EventType;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  course_id?: string | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100_000_000, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  target_distance_meters?: number | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100_000, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  target_runs?: number | null;

  @ApiPropertyOptional({
    type: [String],
    enum: [...ACTIVITY_TYPES],
    nullable: true,
    description: 'activity types that count toward progress; absent or null: run, trail_run and treadmill',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ACTIVITY_TYPES.length)
  @IsIn([...ACTIVITY_TYPES], { each: true })
  activity_types?: string[] | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1_000_000, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  max_participants?: number | null;

  @ApiPropertyOptional({ type: String, maxLength: 100, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  recurring_schedule?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 200, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  meeting_point?: string | null;

  @ApiPropertyOptional({ type: Number, minimum: -90, maximum: 90, nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLatitude()
  center_lat?: number | null;

  @ApiPropertyOptional({ type: Number, minimum: -180, maximum: 180, nullable: true })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLongitude()
  center_lng?: number | null;

  @ApiPropertyOptional({ default: '#FF5252', description: 'admins only; runners keep the default' })
  @IsOptional()
  @Matches(HEX_COLOR, { message: 'badge_color must be a #RRGGBB colour' })
  badge_color?: string;

  @ApiPropertyOptional({ default: 'trophy', description: 'admins only; runners keep the default' })
  @IsOptional()
  @Matches(ICON, { message: 'badge_icon must be an icon name (a-z, 0-9, _ and -)' })
  badge_icon?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'cover picture: a URL returned by POST /uploads/image for the caller (null removes it)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  image_url?: string | null;
}

export class CreateEventDto extends EventFieldsDto {
  @ApiProperty({ minLength: 2, maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(2, 100)
  @Matches(PRINTABLE, { message: 'title must not contain control characters' })
  title!: string;

  @ApiProperty({ format: 'date-time' })
  @Transform(toDate)
  @IsDate({ message: 'starts_at must be an ISO 8601 date-time with an offset' })
  starts_at!: Date;

  @ApiProperty({ format: 'date-time' })
  @Transform(toDate)
  @IsDate({ message: 'ends_at must be an ISO 8601 date-time with an offset' })
  ends_at!: Date;
}

/** PATCH: every field optional; null clears an optional field (title and dates cannot be cleared). */
export class UpdateEventDto extends EventFieldsDto {
  @ApiPropertyOptional({ minLength: 2, maxLength: 100 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 100)
  @Matches(PRINTABLE, { message: 'title must not contain control characters' })
  title?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @ValidateIf((_, value) => value !== undefined)
  @Transform(toDate)
  @IsDate({ message: 'starts_at must be an ISO 8601 date-time with an offset' })
  starts_at?: Date;

  @ApiPropertyOptional({ format: 'date-time' })
  @ValidateIf((_, value) => value !== undefined)
  @Transform(toDate)
  @IsDate({ message: 'ends_at must be an ISO 8601 date-time with an offset' })
  ends_at?: Date;
}
