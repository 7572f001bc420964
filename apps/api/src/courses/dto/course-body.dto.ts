import { LineStringDto } from '../../common/geojson.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CourseType } from '@runvs/database';
import type { CreateCourseInput, UpdateCourseInput } from '@runvs/courses';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimEach = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? item.trim() : item)) : value;
/** No control characters. */
const PRINTABLE = /^[^\p{C}]*$/u;
const COURSE_TYPES: CourseType[] = ['normal', 'loop'];
const finite = { allowNaN: false, allowInfinity: false };

export const MAX_TAGS = 10;
/** As the courses table allows (chk_courses_photo_count). */
export const MAX_COURSE_PHOTOS = 10;
export const MAX_ELEVATION_PROFILE = 2_000;

/** POST /courses. The route's shape is checked by the courses lib (it names the bad coordinate). */
export class CreateCourseDto {
  @ApiProperty({ format: 'uuid', description: "one of the caller's run records" })
  @IsUUID()
  run_record_id!: string;

  @ApiProperty({ minLength: 2, maxLength: 30 })
  @Transform(trim)
  @IsString()
  @Length(2, 30)
  @Matches(PRINTABLE, { message: 'title must not contain control characters' })
  title!: string;

  @ApiPropertyOptional({ type: String, maxLength: 500, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({
    type: LineStringDto,
    nullable: true,
    description:
      'GeoJSON LineString, [[lng, lat(, alt)], …], 2–50,000 positions; accepted only where the source run ' +
      "went (the course matcher). Left out or null: the line is built from the run's recorded track, " +
      'simplified (422 on run_record_id when the run has no track)',
  })
  @IsOptional()
  @IsObject()
  route_geometry?: Record<string, unknown> | null;

  @ApiProperty({ minimum: 1, description: "the app's figure; the stored distance is measured on the route" })
  @IsNumber(finite)
  @Min(1)
  @Max(1_000_000)
  distance_meters!: number;

  @ApiProperty({ minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 3600)
  estimated_duration_seconds!: number;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @IsNumber(finite)
  @Min(0)
  @Max(20_000)
  elevation_gain_meters?: number;

  @ApiPropertyOptional({ type: [Number], default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ELEVATION_PROFILE)
  @IsNumber(finite, { each: true })
  elevation_profile?: number[];

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  is_public?: boolean;

  @ApiPropertyOptional({ type: [String], default: [], maxItems: MAX_TAGS })
  @IsOptional()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @IsString({ each: true })
  @Length(1, 30, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ enum: COURSE_TYPES, nullable: true })
  @IsOptional()
  @IsIn(COURSE_TYPES)
  course_type?: CourseType | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 10, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  lap_count?: number | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_COURSE_PHOTOS,
    description: 'URLs returned by POST /uploads/image for the caller',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_COURSE_PHOTOS)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  photo_urls?: string[];

  toInput(): CreateCourseInput {
    return {
      runRecordId: this.run_record_id,
      title: this.title,
      description: this.description ?? null,
      routeGeometry: this.route_geometry,
      distanceMeters: this.distance_meters,
      estimatedDurationSeconds: this.estimated_duration_seconds,
      elevationGainMeters: this.elevation_gain_meters,
      elevationProfile: this.elevation_profile,
      isPublic: this.is_public,
      tags: this.tags,
      courseType: this.course_type ?? null,
      lapCount: this.lap_count ?? null,
      photoUrls: this.photo_urls,
    };
  }
}

/** PATCH /courses/{id}: fields left out or null are not changed. */
export class UpdateCourseDto {
  @ApiPropertyOptional({ type: String, minLength: 2, maxLength: 30, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 30)
  @Matches(PRINTABLE, { message: 'title must not contain control characters' })
  title?: string | null;

  @ApiPropertyOptional({ type: String, maxLength: 500, nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @IsOptional()
  @IsBoolean()
  is_public?: boolean | null;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_TAGS, nullable: true })
  @IsOptional()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(MAX_TAGS)
  @IsString({ each: true })
  @Length(1, 30, { each: true })
  tags?: string[] | null;

  @ApiPropertyOptional({ enum: COURSE_TYPES, nullable: true })
  @IsOptional()
  @IsIn(COURSE_TYPES)
  course_type?: CourseType | null;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 10, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  lap_count?: number | null;

  @ApiPropertyOptional({
    type: [String],
    maxItems: MAX_COURSE_PHOTOS,
    description: 'replaces the photos ([] removes them); URLs returned by POST /uploads/image for the caller',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_COURSE_PHOTOS)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  photo_urls?: string[] | null;

  toInput(): UpdateCourseInput {
    return {
      title: this.title,
      description: this.description,
      isPublic: this.is_public,
      tags: this.tags,
      courseType: this.course_type,
      lapCount: this.lap_count,
      photoUrls: this.photo_urls,
    };
  }
}

/** PATCH /courses/{id}/route: the corrected line (checked by the service like a new course's). */
export class CorrectRouteDto {
  @ApiProperty({
    type: LineStringDto,
    description:
      'GeoJSON LineString, [[lng, lat(, alt)], …], 2–50,000 positions, each within 50 m of the current line',
  })
  @IsDefined()
  @IsObject()
  route_geometry!: Record<string, unknown>;
}
