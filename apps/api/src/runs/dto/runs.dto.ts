import { LineStringDto } from '../../common/geojson.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MAX_CHUNK_SEQUENCE, MAX_POINTS_PER_CHUNK } from '@runvs/runs';
import { Type } from 'class-transformer';
import { ShallowBody } from '../../common/validation';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';

const ISO = { strict: true } as const;

export class DeviceInfoDto {
  @ApiProperty({ maxLength: 50 }) @IsString() @MaxLength(50) platform!: string;
  @ApiProperty({ maxLength: 50 }) @IsString() @MaxLength(50) os_version!: string;
  @ApiProperty({ maxLength: 100 }) @IsString() @MaxLength(100) device_model!: string;
  @ApiProperty({ maxLength: 50 }) @IsString() @MaxLength(50) app_version!: string;
}

export class CreateSessionDto {
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  course_id?: string | null;

  @ApiProperty({ format: 'date-time' })
  @IsDateString(ISO)
  started_at!: string;

  @ApiPropertyOptional({ type: DeviceInfoDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => DeviceInfoDto)
  device_info?: DeviceInfoDto | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'me',
    description:
      'the ghost raced on the course (as `of` of GET /courses/{id}/ghost): `me`, `leader` or a followed user id; the complete answer compares the run with it (default `me`)',
  })
  @IsOptional()
  @IsString()
  ghost?: string | null;
}

/**
 * A chunk (contract §5.1). The DTO checks the envelope; the points are checked by the runs lib
 * (fast, field by field: `raw_gps_points[12].lat`).
 */
@ShallowBody({}, ['raw_gps_points', 'filtered_points'])
export class ChunkDto {
  @ApiPropertyOptional({ description: 'ignored: the path id is authoritative' })
  @IsOptional()
  @IsString()
  session_id?: string;

  @ApiProperty({ minimum: 0, maximum: MAX_CHUNK_SEQUENCE })
  @IsInt()
  @Min(0)
  @Max(MAX_CHUNK_SEQUENCE)
  sequence!: number;

  @ApiProperty({ enum: ['intermediate', 'final', 'emergency'] })
  @IsIn(['intermediate', 'final', 'emergency'])
  chunk_type!: 'intermediate' | 'final' | 'emergency';

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    maxItems: MAX_POINTS_PER_CHUNK,
    description: 'GPS points, checked field by field by the runs lib (contract §5.1)',
  })
  @IsArray()
  @ArrayMaxSize(MAX_POINTS_PER_CHUNK)
  raw_gps_points!: Array<Record<string, unknown>>;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    nullable: true,
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_POINTS_PER_CHUNK)
  filtered_points?: Array<Record<string, unknown>> | null;

  @IsOptional() @IsObject() chunk_summary?: Record<string, unknown> | null;
  @IsOptional() @IsObject() cumulative?: Record<string, unknown> | null;
  @IsOptional() @IsArray() @ArrayMaxSize(1_000) completed_splits?: unknown[];
  @IsOptional() @IsArray() @ArrayMaxSize(1_000) pause_intervals?: unknown[];
}

@ShallowBody({ chunks: ChunkDto })
export class ChunkBatchDto {
  @IsOptional() @IsString() session_id?: string;

  @ApiProperty({ type: [ChunkDto], maxItems: 100 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ChunkDto)
  chunks!: ChunkDto[];
}

export class PauseIntervalDto {
  @IsString() @MaxLength(40) paused_at!: string;
  @IsOptional() @IsString() @MaxLength(40) resumed_at?: string | null;
}

/** A GeoJSON LineString whose positions are [lng, lat(, alt)] in range. */
function IsLineString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLineString',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'object' || value === null) return false;
          const { type, coordinates } = value as { type?: unknown; coordinates?: unknown };
          if (type !== 'LineString' || !Array.isArray(coordinates) || coordinates.length > 100_000)
            return false;
          return coordinates.every(
            (c) =>
              Array.isArray(c) &&
              c.length >= 2 &&
              c.every((n) => typeof n === 'number' && Number.isFinite(n)) &&
              c[0] >= -180 &&
              c[0] <= 180 &&
              c[1] >= -90 &&
              c[1] <= 90,
          );
        },
        defaultMessage: () =>
          '$property must be a GeoJSON LineString of [lng (−180…180), lat (−90…90)(, alt)] positions',
      },
    },
    options,
  );
}

export class CompleteRunDto {
  @IsInt() @Min(0) @Max(500_000) distance_meters!: number;
  @IsInt() @Min(0) @Max(86_400) duration_seconds!: number;
  @IsOptional() @IsInt() @Min(0) @Max(86_400) total_elapsed_seconds?: number | null;
  @IsOptional() @IsInt() @Min(0) avg_pace_seconds_per_km?: number | null;
  @IsOptional() @IsInt() @Min(0) best_pace_seconds_per_km?: number | null;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) avg_speed_ms?: number | null;
  @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) max_speed_ms?: number | null;
  @IsOptional() @IsInt() @Min(0) calories?: number | null;

  @ApiProperty({ format: 'date-time' })
  @IsDateString(ISO)
  finished_at!: string;

  @ApiPropertyOptional({ type: LineStringDto, nullable: true, description: 'GeoJSON LineString' })
  @IsOptional()
  @IsLineString()
  route_geometry?: { type: 'LineString'; coordinates: number[][] } | null;

  @IsOptional() @IsInt() @Min(0) elevation_gain_meters?: number;
  @IsOptional() @IsInt() @Min(0) elevation_loss_meters?: number;
  @IsOptional() @IsArray() @ArrayMaxSize(100_000) @IsNumber({}, { each: true }) elevation_profile?: number[];
  @IsOptional() @IsArray() @ArrayMaxSize(1_000) splits?: unknown[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => PauseIntervalDto)
  pause_intervals?: PauseIntervalDto[];

  @IsOptional() @IsObject() course_completion?: Record<string, unknown> | null;
  @IsOptional() @IsObject() filter_config?: Record<string, unknown> | null;
  @IsOptional() @IsArray() @ArrayMaxSize(1_000) checkpoint_passes?: unknown[] | null;
  @IsOptional() @IsObject() goal_data?: Record<string, unknown> | null;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_CHUNK_SEQUENCE) total_chunks?: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100_000)
  @IsInt({ each: true })
  uploaded_chunk_sequences?: number[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'me',
    description:
      'the ghost raced on the course (as `of` of GET /courses/{id}/ghost): `me`, `leader` or a followed user id; replaces the one chosen at the start',
  })
  @IsOptional()
  @IsString()
  ghost?: string | null;
}

export class RecoverSessionDto {
  @ApiProperty({ format: 'date-time' })
  @IsDateString(ISO)
  finished_at!: string;

  @IsInt() @Min(0) @Max(MAX_CHUNK_SEQUENCE) total_chunks!: number;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100_000)
  @IsInt({ each: true })
  uploaded_chunk_sequences?: number[];
}
