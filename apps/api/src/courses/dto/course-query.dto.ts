import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COURSE_SORTS, type CourseListQuery, type CourseSort } from '@runvs/courses';
import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';
import { PaginationQueryDto } from '../../common/pagination-query.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** The reference's `order_by` names, mapped onto our sorts. */
const ORDER_BY = {
  created_at: 'newest',
  total_runs: 'popular',
  distance_meters: 'distance',
  distance_from_user: 'distance_from_user',
  avg_rating: 'rating',
} as const satisfies Record<string, CourseSort>;
type OrderBy = keyof typeof ORDER_BY;

/**
 * The largest distance filter: the range of `courses.distance_meters` (integer). A larger integer
 * (1e308 is one to class-validator) would reach PostgreSQL as a value an integer cannot hold.
 */
const MAX_DISTANCE_FILTER_METERS = 2_147_483_647;

/** GET /courses: public courses, searched, filtered, sorted and paged. */
export class CourseListQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({
    minLength: 1,
    maxLength: 100,
    description: 'title search: exact, then prefix, then contains',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  search?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_DISTANCE_FILTER_METERS })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_DISTANCE_FILTER_METERS)
  min_distance?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_DISTANCE_FILTER_METERS })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_DISTANCE_FILTER_METERS)
  max_distance?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsLatitude()
  near_lat?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsLongitude()
  near_lng?: number;

  @ApiPropertyOptional({ minimum: 100, maximum: 100_000, default: 10_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(100_000)
  near_radius: number = 10_000;

  @ApiPropertyOptional({ enum: COURSE_SORTS, description: 'wins over order_by' })
  @IsOptional()
  @IsIn(COURSE_SORTS)
  sort?: CourseSort;

  @ApiPropertyOptional({ enum: Object.keys(ORDER_BY), default: 'created_at' })
  @IsOptional()
  @IsIn(Object.keys(ORDER_BY))
  order_by: OrderBy = 'created_at';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], description: 'default: desc, asc for distance sorts' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  toQuery(): CourseListQuery {
    const sort = this.sort ?? ORDER_BY[this.order_by];
    const nearest = sort === 'distance_from_user';
    const hasPoint = this.near_lat !== undefined && this.near_lng !== undefined;
    return {
      search: this.search || undefined,
      minDistance: this.min_distance,
      maxDistance: this.max_distance,
      near: hasPoint
        ? { lat: this.near_lat!, lng: this.near_lng!, radiusMeters: this.near_radius }
        : undefined,
      sort,
      order: this.order ?? (nearest ? 'asc' : 'desc'),
      page: this.page,
      perPage: this.per_page,
    };
  }
}

/** GET /courses/nearby. */
export class NearbyQueryDto {
  @ApiProperty()
  @Type(() => Number)
  @IsLatitude()
  lat!: number;

  @ApiProperty()
  @Type(() => Number)
  @IsLongitude()
  lng!: number;

  @ApiPropertyOptional({ minimum: 100, maximum: 50_000, default: 5_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(50_000)
  radius: number = 5_000;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 5 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 5;
}

/** GET /courses/bounds: a west edge east of the east edge crosses ±180°. */
export class BoundsQueryDto {
  @ApiProperty() @Type(() => Number) @IsLatitude() sw_lat!: number;
  @ApiProperty() @Type(() => Number) @IsLongitude() sw_lng!: number;
  @ApiProperty() @Type(() => Number) @IsLatitude() ne_lat!: number;
  @ApiProperty() @Type(() => Number) @IsLongitude() ne_lng!: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit: number = 500;
}
